/**
 * The record shapes of the fire-rescue department's system (消防救援): the public gathering places it
 * supervises (公众聚集场所) and the fire safety checks before one opens (投入使用、营业前消防安全检查),
 * each as the system answers it. The contract (`contract.ts`) builds its endpoints from them; the
 * mock's seed records are the same shapes.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDateTime } from '../../lib/contract/fields.ts';
import { announcedRegistration } from '../market-regulation/events.ts';
import { creditCode } from '../market-regulation/views.ts';

export { creditCode };

/** The form of a supervised premises' number: CS, the division, a 6-digit sequence. */
export const PREMISES_ID = /^CS\d{6}-\d{6}$/;

/** The form of a fire safety check's number: XF, the division, a 6-digit sequence. */
export const CHECK_ID = /^XF\d{6}-\d{6}$/;

/** A supervised premises' number, e.g. CS500103-000001. */
export const premisesId = z.string().regex(PREMISES_ID, 'CS, a 6-digit division code, - and 6 digits');

/** A fire safety check's number, e.g. XF500103-000001. */
export const checkId = z.string().regex(CHECK_ID, 'XF, a 6-digit division code, - and 6 digits');

/** An address, in the parts public security's and market regulation's addresses have. */
export const premisesAddress = z
  .object({
    divisionCode,
    street: z.string().trim().min(1).max(100).describe('The sub-district street (街道).'),
    community: z.string().trim().min(1).max(100).describe("The residents' community (社区)."),
    detail: z.string().trim().min(1).max(200).describe('Road, number, building and room.'),
  })
  .meta({ id: 'PremisesAddress', description: 'An address: division, street, community, detail.' });
export type PremisesAddress = z.infer<typeof premisesAddress>;

/** The size of a public gathering place, which decides the kind of check it gets. */
export const premisesSize = z.object({
  floorArea: z.number().positive().max(100_000).describe('Floor area in square metres; a positive number.'),
  seats: z.number().int().min(0).max(10_000).describe('Seats for guests; 0 for none.'),
});

/** How fire rescue checks a public gathering place before it opens. */
export const checkKind = z
  .enum(['COMMITMENT', 'ON_SITE_INSPECTION'])
  .describe(
    'COMMITMENT: the operator’s commitment (告知承诺), accepted at once; ON_SITE_INSPECTION: an inspection on site (现场检查).',
  );
export type CheckKind = z.infer<typeof checkKind>;

/** Where a fire safety check stands. */
export const checkStatus = z
  .enum(['ACCEPTED', 'BOOKED', 'PASSED', 'FAILED'])
  .describe(
    'ACCEPTED: a commitment accepted; BOOKED: an inspection booked, not yet done; PASSED / FAILED: the inspection’s result.',
  );
export type CheckStatus = z.infer<typeof checkStatus>;

/** A public gathering place fire rescue supervises (消防监督管理的公众聚集场所). */
export const supervisedPremisesView = z
  .object({
    id: premisesId,
    creditCode: creditCode.describe('The enterprise using the premises.'),
    address: premisesAddress,
    ...premisesSize.shape,
    inspectionRequired: z
      .boolean()
      .describe('True when the premises are large enough that opening needs an on-site inspection.'),
  })
  .meta({ id: 'SupervisedPremises', description: 'A public gathering place fire rescue supervises.' });
export type SupervisedPremisesView = z.infer<typeof supervisedPremisesView>;

/** A fire safety check before a public gathering place opens. */
export const fireSafetyCheckView = z
  .object({
    id: checkId,
    premisesId,
    creditCode,
    kind: checkKind,
    status: checkStatus,
    applicantCitizenId: citizenId.describe('Who signed the commitment or asked for the inspection (申请人).'),
    requestedAt: isoDateTime.describe('When the commitment was filed or the inspection asked for.'),
    dueAt: isoDateTime
      .nullable()
      .describe('For an inspection, the time by which fire rescue inspects; null for a commitment.'),
    decidedAt: isoDateTime
      .nullable()
      .describe('When the commitment was accepted or the inspection’s result recorded; null while booked.'),
    findings: z
      .array(z.string().min(1).max(500))
      .describe('What the inspection found wrong (a failed one names at least one); empty otherwise.'),
    supersededAt: isoDateTime
      .nullable()
      .describe(
        'When the check stopped covering the enterprise’s registered premises: it moved its registered address away from them; null while it covers them.',
      ),
    supersededBy: checkId
      .nullable()
      .describe(
        'The check booked at the new registered address when this one was superseded; null otherwise.',
      ),
  })
  .meta({
    id: 'FireSafetyCheck',
    description: 'A fire safety check before a public gathering place opens (投入使用、营业前消防安全检查).',
  });
export type FireSafetyCheckView = z.infer<typeof fireSafetyCheckView>;

/**
 * The enterprise as fire rescue's supervision record names it, as market regulation last announced a
 * change of it (`enterprise.registration-changed`); a part never announced is null.
 */
export const supervisedEnterprise = announcedRegistration.meta({
  id: 'SupervisedEnterprise',
  description: 'The enterprise as fire rescue’s supervision record names it.',
});
export type SupervisedEnterprise = z.infer<typeof supervisedEnterprise>;

/** Fire rescue's records of one enterprise: the premises it uses and their checks, newest first. */
export const enterpriseFireRecords = z
  .object({
    creditCode,
    registration: supervisedEnterprise
      .nullable()
      .describe('Its name and representative as announced by market regulation; null before any change.'),
    premises: z.array(supervisedPremisesView),
    checks: z.array(fireSafetyCheckView).describe('Its fire safety checks, newest first.'),
  })
  .meta({ id: 'EnterpriseFireRecords', description: 'Fire rescue’s records of one enterprise.' });
export type EnterpriseFireRecords = z.infer<typeof enterpriseFireRecords>;
