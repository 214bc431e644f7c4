/**
 * The records the civil-affairs department (民政) keeps: marriage registrations (结婚登记) and
 * social-assistance cases (低保 and 特困). These are the shapes of the seed files in
 * `mocks/data/civil-affairs/`.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate } from '../../lib/contract/fields.ts';

/** A marriage registration. */
export const marriageRecord = z.object({
  /** Certificate number (结婚证字号), e.g. `J500103-2015-000123`. */
  id: z.string().regex(/^J\d{6}-\d{4}-\d{6}$/),
  husbandCitizenId: citizenId,
  wifeCitizenId: citizenId,
  registeredOn: isoDate,
  /** The division of the registry office that registered it. */
  registryDivisionCode: divisionCode,
  status: z.enum(['MARRIED', 'DIVORCED']),
});
export type MarriageRecord = z.infer<typeof marriageRecord>;

/** A social-assistance case for a household. */
export const assistanceCaseRecord = z.object({
  /** Case number, e.g. `DB500106-0001`. */
  id: z.string().regex(/^(DB|TK)\d{6}-\d{4}$/),
  /** `MINIMUM_LIVING` is 最低生活保障 (低保); `EXTREME_POVERTY` is 特困人员供养. */
  kind: z.enum(['MINIMUM_LIVING', 'EXTREME_POVERTY']),
  /** The public-security household number the case covers. */
  householdId: z.string().regex(/^\d{6}-\d{6}$/),
  /** The jurisdiction administering the case. */
  divisionCode,
  memberCitizenIds: z.array(citizenId).min(1),
  /** Monthly benefit in yuan. */
  monthlyAmountYuan: z.number().int().min(0),
  since: isoDate,
  status: z.enum(['ACTIVE', 'CLOSED']),
});
export type AssistanceCaseRecord = z.infer<typeof assistanceCaseRecord>;

/** The seed collections of the civil-affairs department API, file name → record schema. */
export const civilAffairsSeed = {
  marriages: marriageRecord,
  'assistance-cases': assistanceCaseRecord,
} as const;
