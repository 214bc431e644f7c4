/**
 * The record shapes of the urban-management department's system (城市管理): outdoor signboards
 * (户外招牌设置) and permits to discharge sewage into the municipal network (城镇污水排入排水管网许可),
 * each as the system answers it. The contract (`contract.ts`) builds its endpoints from them; the
 * mock's seed records are the same shapes.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate, isoDateTime } from '../../lib/contract/fields.ts';
import { parseCreditCode } from '../../lib/creditCode.ts';
import { announcedRegistration } from '../market-regulation/events.ts';

/** The form of a signboard's registration number: ZP, the division, a 6-digit sequence. */
export const SIGNBOARD_ID = /^ZP\d{6}-\d{6}$/;

/** The form of a drainage permit number: PS, the division, the year of issue, a 4-digit sequence. */
export const DRAINAGE_PERMIT_NUMBER = /^PS\d{6}-\d{4}-\d{4}$/;

/** A valid GB 32100-2015 unified social credit code (length, alphabet, division and check character checked). */
export const creditCode = z
  .string()
  .superRefine((value, ctx) => {
    const result = parseCreditCode(value);
    if (!result.ok || result.value !== value) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid credit code: ${result.ok ? 'write it in capitals, without spaces' : result.message}`,
      });
    }
  })
  .meta({
    pattern: '^[0-9A-HJ-NP-RTUWXY]{2}\\d{6}[0-9A-HJ-NP-RTUWXY]{10}$',
    description:
      'A GB 32100-2015 unified social credit code (统一社会信用代码) of the enterprise, as market regulation registered it.',
  });

/** The address of an enterprise's premises (经营场所), in the parts public security's addresses have. */
export const premisesAddress = z
  .object({
    divisionCode,
    street: z.string().trim().min(1).max(100).describe('The sub-district street (街道).'),
    community: z.string().trim().min(1).max(100).describe("The residents' community (社区)."),
    detail: z.string().trim().min(1).max(200).describe('Road, number, building and room.'),
  })
  .meta({
    id: 'PremisesAddress',
    description: 'Where the premises are: division, street, community, detail.',
  });
export type PremisesAddress = z.infer<typeof premisesAddress>;

/** A length in metres: positive, at most 100 m. */
const metres = z.number().positive().max(100);

/** A signboard's size as the applicant gives it, with the frontage it hangs on. */
export const signboardSize = z
  .object({
    width: metres.describe('Width of the signboard in metres.'),
    height: metres.describe('Height of the signboard in metres.'),
    frontageWidth: metres.describe(
      'Width of the premises’ frontage (门面) the signboard hangs on, in metres.',
    ),
  })
  .meta({ id: 'SignboardSize', description: 'A signboard’s width and height, and its frontage’s width.' });
export type SignboardSize = z.infer<typeof signboardSize>;

/** The size rules urban management keeps for shop signboards (店招). */
export const signboardRule = z
  .enum(['WIDER_THAN_FRONTAGE', 'TALLER_THAN_LIMIT', 'AREA_OVER_LIMIT'])
  .describe(
    'WIDER_THAN_FRONTAGE: wider than its frontage; TALLER_THAN_LIMIT: taller than 1.5 m; AREA_OVER_LIMIT: more than 20 m².',
  );
export type SignboardRule = z.infer<typeof signboardRule>;

/** One size rule a signboard breaks, with the limit and what was asked. */
export const signboardViolation = z
  .object({
    rule: signboardRule,
    limit: z.number().describe('The limit, in metres (width, height) or square metres (area).'),
    actual: z.number().describe('What the signboard measures, in the same unit.'),
    message: z
      .string()
      .describe('The rule in words, e.g. “a signboard is at most 20 m²; this one is 24 m²”.'),
  })
  .meta({ id: 'SignboardViolation', description: 'A size rule a signboard breaks.' });
export type SignboardViolation = z.infer<typeof signboardViolation>;

/** Whether a signboard of this size may be set up: every rule it breaks, none when it may. */
export const signboardAssessment = z
  .object({ allowed: z.boolean(), violations: z.array(signboardViolation) })
  .meta({ id: 'SignboardAssessment', description: 'Whether a signboard of a given size may be set up.' });
export type SignboardAssessment = z.infer<typeof signboardAssessment>;

/** Where a signboard stands: registered, or to be taken down because the enterprise moved away. */
export const signboardStatus = z
  .enum(['REGISTERED', 'REMOVAL_REQUIRED'])
  .describe(
    'REGISTERED: it may hang; REMOVAL_REQUIRED: the enterprise moved its registered address away from it.',
  );
export type SignboardStatus = z.infer<typeof signboardStatus>;

/** An outdoor signboard (户外招牌) registered for an enterprise's premises. */
export const signboardView = z
  .object({
    id: z.string().regex(SIGNBOARD_ID, 'ZP, 6 digits, a dash and 6 digits').describe('Registration number.'),
    creditCode,
    address: premisesAddress,
    text: z.string().min(1).max(40).describe('What the signboard says.'),
    width: metres.describe('Width in metres.'),
    height: metres.describe('Height in metres.'),
    area: z.number().positive().describe('Width × height in square metres, rounded to 0.01 m².'),
    frontageWidth: metres.describe('Width of the frontage it hangs on, in metres.'),
    applicantCitizenId: citizenId.describe('Who applied for the enterprise: its representative or an agent.'),
    registeredOn: isoDate,
    status: signboardStatus,
    removalRequiredAt: isoDateTime
      .nullable()
      .describe(
        'When its removal was required (the enterprise moved its registered address away); null otherwise.',
      ),
  })
  .meta({ id: 'Signboard', description: 'An outdoor signboard (户外招牌) registered for premises.' });
export type SignboardView = z.infer<typeof signboardView>;

/** A permit to discharge sewage into the municipal network (城镇污水排入排水管网许可证). */
export const drainagePermitView = z
  .object({
    number: z
      .string()
      .regex(DRAINAGE_PERMIT_NUMBER, 'PS, 6 digits, the year and 4 digits')
      .describe('Permit number.'),
    creditCode,
    address: premisesAddress,
    dailyVolume: z.number().positive().describe('The expected daily discharge in cubic metres.'),
    applicantCitizenId: citizenId.describe('Who applied for the enterprise: its representative or an agent.'),
    issuedOn: isoDate,
    validUntil: isoDate.describe('The last day it is valid: five years after issue.'),
  })
  .meta({ id: 'DrainagePermit', description: 'A permit to discharge sewage into the municipal network.' });
export type DrainagePermitView = z.infer<typeof drainagePermitView>;

/** The enterprise as urban management's signboard and permit records name it. */
export const recordedEnterprise = announcedRegistration.meta({
  id: 'RecordedEnterprise',
  description: 'The enterprise as urban management’s signboard and permit records name it.',
});

/** An enterprise's records at urban management: its signboards and drainage permits, newest first. */
export const enterpriseRecords = z
  .object({
    creditCode,
    registration: recordedEnterprise
      .nullable()
      .describe('Its name and representative as announced by market regulation; null before any change.'),
    signboards: z.array(signboardView),
    drainagePermits: z.array(drainagePermitView),
  })
  .meta({
    id: 'EnterpriseRecords',
    description: 'An enterprise’s signboards and drainage permits, newest first.',
  });
export type EnterpriseRecords = z.infer<typeof enterpriseRecords>;
