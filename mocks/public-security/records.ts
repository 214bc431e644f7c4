/**
 * The records the public-security department (公安) keeps: households (户口簿) and the people
 * registered in them. These are the shapes of the seed files in `mocks/data/public-security/`.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate, sex } from '../../lib/contract/fields.ts';

/** A household register (户口簿): its number, registered address and head. */
export const householdRecord = z.object({
  /** Household number (户号): the division code, a dash and six digits, e.g. `500103-000123`. */
  id: z.string().regex(/^\d{6}-\d{6}$/),
  divisionCode,
  /** Sub-district street (街道); empty outside the municipality's known streets. */
  street: z.string(),
  /** Residents' community (社区). */
  community: z.string(),
  /** The rest of the address: road, number, building, room. */
  detail: z.string().min(1),
  headCitizenId: citizenId,
  registeredOn: isoDate,
});
export type HouseholdRecord = z.infer<typeof householdRecord>;

/** How a member relates to the head of the household (与户主关系). */
export const relationToHead = z.enum(['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'SIBLING', 'OTHER']);

/** A person registered in a household (常住人口登记). */
export const personRecord = z.object({
  citizenId,
  /** Name as registered, in Chinese characters; may contain the separator "·". */
  name: z.string().min(1),
  sex,
  birthDate: isoDate,
  /** Ethnic group (民族), e.g. `汉族`. */
  ethnicity: z.string().min(1),
  householdId: z.string().regex(/^\d{6}-\d{6}$/),
  relationToHead,
  /** Mobile phone number, 11 digits, or null when none is registered. */
  phone: z
    .string()
    .regex(/^1\d{10}$/)
    .nullable(),
  /** Citizen IDs of the parents where the register records them (children registered here). */
  fatherCitizenId: citizenId.nullable(),
  motherCitizenId: citizenId.nullable(),
});
export type PersonRecord = z.infer<typeof personRecord>;

/** The seed collections of the public-security department API, file name → record schema. */
export const publicSecuritySeed = {
  households: householdRecord,
  persons: personRecord,
} as const;
