/**
 * The contract of the fire-rescue department's system (消防救援): the public gathering places it
 * supervises, the fire safety checks before one opens (公众聚集场所投入使用、营业前消防安全检查), whether
 * premises need an on-site inspection, and the acts of the enterprise errands — the operator's
 * commitment filed (告知承诺), an inspection booked, an inspection's result recorded. The fire-rescue
 * subgraph's client parses every answer with it and the department system parses every request with
 * it; `npm run compose` prints it as `schema/fire-rescue/openapi.yaml`.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import {
  batchGet,
  defineContract,
  eventReceiver,
  idempotentWrite,
  read,
} from '../../lib/contract/endpoint.ts';
import { citizenId } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import {
  ENTERPRISE_REGISTRATION_CHANGED,
  enterpriseRegistrationChangedExample,
} from '../market-regulation/events.ts';
import {
  checkId,
  checkKind,
  creditCode,
  enterpriseFireRecords,
  fireSafetyCheckView,
  premisesAddress,
  premisesSize,
} from './views.ts';

export * from './views.ts';

/** Does premises of this size need an on-site inspection before opening? The question. */
export const inspectionRequirementRequest = z
  .object({ floorArea: premisesSize.shape.floorArea })
  .meta({ id: 'InspectionRequirementRequest', description: 'The floor area of premises about to open.' });

/** The answer: the kind of check, and the line fire rescue draws. */
export const inspectionRequirementView = z
  .object({
    floorArea: z.number().positive(),
    kind: checkKind,
    thresholdFloorArea: z
      .number()
      .positive()
      .describe('Premises larger than this (m²) are inspected on site; others open on a commitment.'),
  })
  .meta({
    id: 'InspectionRequirement',
    description: 'The check premises of a floor area need before opening.',
  });
export type InspectionRequirementView = z.infer<typeof inspectionRequirementView>;

/** A fire safety check asked for: a commitment filed or an inspection booked. */
export const fireSafetyCheckRequest = z
  .object({
    creditCode: creditCode.describe('The enterprise that will use the premises.'),
    applicantCitizenId: citizenId.describe('Who signs the commitment or asks for the inspection.'),
    premises: z.object({ address: premisesAddress, ...premisesSize.shape }),
  })
  .meta({
    id: 'FireSafetyCheckRequest',
    description: 'Premises about to open, and who asks for their check.',
  });
export type FireSafetyCheckRequest = z.input<typeof fireSafetyCheckRequest>;

/** An inspection's result, as the inspector records it. */
export const inspectionResultRequest = z
  .object({
    outcome: z.enum(['PASSED', 'FAILED']),
    findings: z
      .array(z.string().trim().min(1).max(500))
      .max(20)
      .describe('What was found wrong; at least one for a failed inspection, ignored for a passed one.'),
  })
  .meta({ id: 'InspectionResultRequest', description: 'The result of an on-site inspection.' });
export type InspectionResultRequest = z.input<typeof inspectionResultRequest>;

// Records of the published seed (mocks/fire-rescue/data/ and mocks/market-regulation/data/) the
// examples name. Which checks are booked or decided depends only on market regulation's records, not
// on the draws of the seed's Random stream.
/** A restaurant with fire rescue's records: its premises and their check. */
const RESTAURANT = '91500103MA3RXQW46F';
/** A caterer registered ten days before the reference date, with no premises at fire rescue yet: the writes' enterprise. */
const NEW_CATERER = '92500105MA0W5Y6ADY';
/** Its legal representative, who signs for it. */
const NEW_CATERER_OPERATOR = '50010819910720582X';
/** An inspection of large premises still booked: the result example decides it. */
const BOOKED_INSPECTION = 'XF500105-000001';
/** A commitment accepted: no inspection to record a result of. */
const ACCEPTED_COMMITMENT = 'XF500103-000001';
/** A citizen of the register who represents no enterprise. */
const BYSTANDER = '500112198702182917';

const premises = (detail: string, floorArea: number, divisionCode = '500105') => ({
  address: { divisionCode, street: '观音桥街道', community: '建新东路社区', detail },
  floorArea,
  seats: Math.floor(floorArea / 3),
});
const checkRequest = (detail: string, floorArea: number, divisionCode = '500105') => ({
  creditCode: NEW_CATERER,
  applicantCitizenId: NEW_CATERER_OPERATOR,
  premises: premises(detail, floorArea, divisionCode),
});

const OUTSIDE = {
  status: 422,
  code: 'PREMISES_OUTSIDE_MUNICIPALITY',
  description: 'The premises are not in the municipality.',
};
const EXISTS = {
  status: 409,
  code: 'FIRE_SAFETY_CHECK_EXISTS',
  description:
    'A check of the same premises (the enterprise’s, at the same division and detail) is accepted, booked or passed (`details.checkId`); after a failed inspection the premises may be checked again.',
};
const ACT_WRITERS = [SERVICE_CENTER_ON_APPLICATION, staffHolding('fire-rescue:write')];

/** The fire-rescue department system's contract. */
export const fireRescueContract = defineContract({
  department: 'fire-rescue',
  title: 'Fire-rescue department system (消防救援)',
  version: '1.0.0',
  description:
    'The public gathering places fire rescue supervises and the fire safety checks before one opens: the operator’s commitment for small premises, an on-site inspection for large ones.',
  endpoints: {
    fireRecordsBatchGet: batchGet({
      operationId: 'fireRecordsBatchGet',
      path: '/v1/enterprises/fire-records/batch-get',
      summary: 'The premises these enterprises use and their fire safety checks, newest first',
      description: 'One item per enterprise fire rescue has premises of; others are absent.',
      item: enterpriseFireRecords,
      exampleIds: [RESTAURANT],
    }),
    inspectionRequirement: read({
      operationId: 'inspectionRequirement',
      path: '/v1/inspection-requirements/resolve',
      summary: 'Whether premises of a floor area need an on-site inspection before opening, or a commitment',
      request: inspectionRequirementRequest,
      answer: inspectionRequirementView,
      examples: { request: { floorArea: 480 } },
    }),
    fileFireSafetyCommitment: idempotentWrite({
      operationId: 'fileFireSafetyCommitment',
      writers: ACT_WRITERS,
      path: '/v1/fire-safety-checks/commitments',
      summary: 'Files the operator’s fire safety commitment (告知承诺) for small premises, accepted at once',
      description:
        'Registers the premises when fire rescue does not know them yet. Premises larger than the threshold the inspection-requirement look-up answers are refused: they are inspected on site.',
      request: fireSafetyCheckRequest,
      answer: fireSafetyCheckView,
      refusals: [
        {
          status: 422,
          code: 'INSPECTION_REQUIRED',
          description:
            'The premises are larger than the threshold (`details.thresholdFloorArea`): book an inspection.',
        },
        OUTSIDE,
        EXISTS,
      ],
      examples: {
        request: checkRequest('建新东路18号1-2', 120),
        otherRequest: checkRequest('建新东路18号1-3', 90),
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(NEW_CATERER_OPERATOR),
            request: checkRequest('建新东路18号1-2', 120),
          },
          { code: 'INSPECTION_REQUIRED', request: checkRequest('建新东路20号', 480) },
          { code: 'PREMISES_OUTSIDE_MUNICIPALITY', request: checkRequest('武珞路1号', 120, '420103') },
        ],
        refusalsAfter: [
          {
            code: 'FIRE_SAFETY_CHECK_EXISTS',
            request: { ...checkRequest('建新东路18号1-2', 110), applicantCitizenId: BYSTANDER },
          },
        ],
      },
    }),
    bookFireInspection: idempotentWrite({
      operationId: 'bookFireInspection',
      writers: ACT_WRITERS,
      path: '/v1/fire-safety-checks/inspections',
      summary: 'Books an on-site fire safety inspection of premises before they open, due within 14 days',
      description:
        'Registers the premises when fire rescue does not know them yet. Any premises may be inspected; those above the threshold must be.',
      request: fireSafetyCheckRequest,
      answer: fireSafetyCheckView,
      refusals: [OUTSIDE, EXISTS],
      examples: {
        request: checkRequest('建新东路26号', 480),
        otherRequest: checkRequest('建新东路28号', 520),
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(NEW_CATERER_OPERATOR),
            request: checkRequest('建新东路26号', 480),
          },
          { code: 'PREMISES_OUTSIDE_MUNICIPALITY', request: checkRequest('武珞路3号', 480, '420103') },
        ],
        refusalsAfter: [
          {
            code: 'FIRE_SAFETY_CHECK_EXISTS',
            request: { ...checkRequest('建新东路26号', 500), applicantCitizenId: BYSTANDER },
          },
        ],
      },
    }),
    recordInspectionResult: idempotentWrite({
      operationId: 'recordInspectionResult',
      // The inspector's act: the errand books inspections, fire rescue's staff decide them.
      writers: [staffHolding('fire-rescue:write')],
      path: '/v1/fire-safety-checks/{checkId}/result',
      params: z.object({ checkId }),
      summary: 'Records a booked inspection’s result: passed, or failed with its findings',
      status: 200,
      request: inspectionResultRequest,
      answer: fireSafetyCheckView,
      refusals: [
        {
          status: 404,
          code: 'FIRE_SAFETY_CHECK_NOT_FOUND',
          description: 'No fire safety check has this number.',
        },
        {
          status: 409,
          code: 'INSPECTION_NOT_BOOKED',
          description: 'The check is a commitment, or an inspection already decided (`details.status`).',
        },
        { status: 422, code: 'FINDINGS_REQUIRED', description: 'A failed inspection names no finding.' },
      ],
      examples: {
        params: { checkId: BOOKED_INSPECTION },
        request: { outcome: 'PASSED', findings: [] },
        otherRequest: { outcome: 'FAILED', findings: ['安全出口处堆放杂物，影响安全疏散'] },
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(NEW_CATERER_OPERATOR),
            params: { checkId: BOOKED_INSPECTION },
            request: { outcome: 'PASSED', findings: [] },
          },
          {
            code: 'FIRE_SAFETY_CHECK_NOT_FOUND',
            params: { checkId: 'XF500103-999999' },
            request: { outcome: 'PASSED', findings: [] },
          },
          {
            code: 'INSPECTION_NOT_BOOKED',
            params: { checkId: ACCEPTED_COMMITMENT },
            request: { outcome: 'PASSED', findings: [] },
          },
          {
            code: 'FINDINGS_REQUIRED',
            params: { checkId: BOOKED_INSPECTION },
            request: { outcome: 'FAILED', findings: [] },
          },
        ],
        refusalsAfter: [
          {
            code: 'INSPECTION_NOT_BOOKED',
            params: { checkId: BOOKED_INSPECTION },
            request: { outcome: 'FAILED', findings: ['灭火器压力不足，未按期检验'] },
          },
        ],
      },
    }),
    receiveEvent: eventReceiver({
      publishers: ['market-regulation'],
      types: [ENTERPRISE_REGISTRATION_CHANGED],
      example: enterpriseRegistrationChangedExample,
    }),
  },
});
