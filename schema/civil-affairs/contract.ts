/**
 * The contract of the civil-affairs department's system (民政): marriage registrations and social
 * assistance cases (低保, 特困). The civil-affairs subgraph's client parses every answer with it and the
 * department system parses every request with it; `npm run compose` prints it as
 * `schema/civil-affairs/openapi.yaml`. The examples name records of the published seed.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { batchGet, defineContract, eventReceiver, idempotentWrite } from '../../lib/contract/endpoint.ts';
import { citizenId, divisionCode, householdId, isoDate } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import { HOUSEHOLD_ADDRESS_CHANGED, householdAddressChangedExample } from '../public-security/events.ts';

/** The format of an assistance case number, e.g. `DB500106-0001` (低保) or `TK500106-0001` (特困). */
export const ASSISTANCE_CASE_ID = /^(DB|TK)\d{6}-\d{4}$/;

/** The format of a marriage certificate number (结婚证字号), e.g. `J500103-2015-000123`. */
export const MARRIAGE_ID = /^J\d{6}-\d{4}-\d{6}$/;

/** A marriage registration as the system answers it: the register entry. */
export const marriageView = z
  .object({
    id: z
      .string()
      .regex(MARRIAGE_ID)
      .describe('Certificate number (结婚证字号), e.g. `J500103-2015-000123`.'),
    husbandCitizenId: citizenId,
    wifeCitizenId: citizenId,
    registeredOn: isoDate,
    registryDivisionCode: divisionCode.describe('The division of the registry office that registered it.'),
    status: z.enum(['MARRIED', 'DIVORCED']),
  })
  .meta({ id: 'Marriage', description: 'A marriage registration (结婚登记).' });
export type MarriageView = z.infer<typeof marriageView>;

/** An assistance case as the system answers it: the register entry, members in the order they joined. */
export const assistanceCaseView = z
  .object({
    id: z.string().regex(ASSISTANCE_CASE_ID).describe('Case number, e.g. `DB500106-0001`.'),
    kind: z
      .enum(['MINIMUM_LIVING', 'EXTREME_POVERTY'])
      .describe('`MINIMUM_LIVING` is 最低生活保障 (低保); `EXTREME_POVERTY` is 特困人员供养.'),
    householdId: householdId.describe('The public-security household number the case covers.'),
    divisionCode: divisionCode.describe('The jurisdiction administering the case.'),
    memberCitizenIds: z.array(citizenId).min(1).describe('The members, in the order they joined.'),
    monthlyAmountYuan: z.number().int().min(0).describe('Monthly benefit in yuan.'),
    since: isoDate,
    status: z.enum(['ACTIVE', 'CLOSED']),
  })
  .meta({ id: 'AssistanceCase', description: 'A social assistance case (低保 or 特困).' });
export type AssistanceCaseView = z.infer<typeof assistanceCaseView>;

/**
 * Everything civil affairs holds about one citizen: their marriage registrations (newest first) and
 * the ACTIVE assistance case they are a member of, if any.
 */
export const personView = z
  .object({ citizenId, marriages: z.array(marriageView), assistanceCase: assistanceCaseView.nullable() })
  .meta({ id: 'PersonCivilAffairs', description: 'What civil affairs holds about one citizen.' });
export type PersonView = z.infer<typeof personView>;

/** A household with an ACTIVE assistance case; households without one are not answered. */
export const householdView = z
  .object({ householdId, assistanceCase: assistanceCaseView })
  .meta({ id: 'AssistanceHousehold', description: 'A household with an active assistance case.' });
export type HouseholdView = z.infer<typeof householdView>;

/** Why someone joins an assistance case. */
export const caseMemberReason = z.enum(['NEWBORN', 'MARRIAGE', 'ADOPTION', 'OTHER']);
export type CaseMemberReason = z.infer<typeof caseMemberReason>;

/**
 * A request to add a citizen to an ACTIVE assistance case, e.g. a child born into a 低保 household.
 * The benefit amount is not changed here: the case worker reassesses it.
 */
export const caseMemberRequest = z
  .object({ citizenId, reason: caseMemberReason })
  .meta({ id: 'CaseMemberRequest', description: 'A request to add a citizen to an active assistance case.' });
export type CaseMemberRequest = z.infer<typeof caseMemberRequest>;

/** An assistance case number in a path, checked for its form. */
const caseId = z.string().regex(ASSISTANCE_CASE_ID, 'an assistance case number such as DB500106-0001');

const ACTIVE_CASE = 'DB500105-1903';
const NEWBORN = composeCitizenId({
  divisionCode: '500112',
  birthDate: '2025-09-07',
  sequence: 1,
  sex: 'MALE',
});

/** The civil-affairs department system's contract. */
export const civilAffairsContract = defineContract({
  department: 'civil-affairs',
  title: 'Civil-affairs department system (民政)',
  version: '1.1.0',
  description:
    'Marriage registrations (结婚登记) and social assistance cases (低保, 特困) with their members.',
  endpoints: {
    peopleBatchGet: batchGet({
      operationId: 'peopleBatchGet',
      path: '/v1/people/batch-get',
      summary: 'What civil affairs holds about these citizens',
      description: 'Only citizens with a marriage or a case membership (active or not) are answered.',
      item: personView,
      exampleIds: ['420103197808139334', '500105194909136932'],
    }),
    householdsBatchGet: batchGet({
      operationId: 'householdsBatchGet',
      path: '/v1/households/batch-get',
      summary: 'The active assistance cases of these households',
      item: householdView,
      exampleIds: ['500105-290864'],
    }),
    marriagesBatchGet: batchGet({
      operationId: 'marriagesBatchGet',
      path: '/v1/marriages/batch-get',
      summary: 'The marriage registrations with these numbers',
      item: marriageView,
      exampleIds: ['J420103-2004-185001'],
    }),
    assistanceCasesBatchGet: batchGet({
      operationId: 'assistanceCasesBatchGet',
      path: '/v1/assistance-cases/batch-get',
      summary: 'The assistance cases with these numbers',
      item: assistanceCaseView,
      exampleIds: [ACTIVE_CASE],
    }),
    addAssistanceCaseMember: idempotentWrite({
      operationId: 'addAssistanceCaseMember',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('civil-affairs:write')],
      path: '/v1/assistance-cases/{caseId}/members',
      params: z.object({ caseId }),
      summary: 'Adds a citizen to an active assistance case',
      description:
        'Answers 201 when the member was added and 200 when the citizen already was one (nothing changes).',
      request: caseMemberRequest,
      answer: assistanceCaseView,
      refusals: [
        { status: 404, code: 'ASSISTANCE_CASE_NOT_FOUND', description: 'No case has this number.' },
        {
          status: 409,
          code: 'MEMBER_OF_ANOTHER_CASE',
          description: 'The citizen is a member of another active case.',
        },
        { status: 422, code: 'ASSISTANCE_CASE_CLOSED', description: 'The case is closed.' },
      ],
      examples: {
        params: { caseId: ACTIVE_CASE },
        request: { citizenId: NEWBORN, reason: 'NEWBORN' },
        otherRequest: { citizenId: NEWBORN, reason: 'OTHER' },
        refusals: [
          // A member of the case may not add anyone to it: the request is the valid one, the caller is not.
          {
            code: 'FORBIDDEN',
            as: parseIdentity('500105194909136932'),
            request: { citizenId: NEWBORN, reason: 'NEWBORN' },
          },
          {
            code: 'ASSISTANCE_CASE_NOT_FOUND',
            params: { caseId: 'DB500105-9999' },
            request: { citizenId: NEWBORN, reason: 'NEWBORN' },
          },
          {
            code: 'ASSISTANCE_CASE_CLOSED',
            params: { caseId: 'DB500106-1452' },
            request: { citizenId: NEWBORN, reason: 'NEWBORN' },
          },
        ],
        refusalsAfter: [
          {
            code: 'MEMBER_OF_ANOTHER_CASE',
            params: { caseId: 'DB500106-0855' },
            request: { citizenId: NEWBORN, reason: 'NEWBORN' },
          },
        ],
      },
    }),
    receiveEvent: eventReceiver({
      types: [HOUSEHOLD_ADDRESS_CHANGED],
      example: householdAddressChangedExample,
    }),
  },
});
