/**
 * The records the public-security department (公安) keeps: households (户) and the people registered
 * in them. These are the shapes of the seed files in `mocks/public-security/data/`: the contract's
 * answers without what the system works out (a person's hukou division, a household's members).
 */
import type { z } from 'zod';
import { householdView, personView, relationToHead } from '../../schema/public-security/contract.ts';

export { relationToHead };

/** A household (户): its number, address, kind (family or collective), head and the day it was registered. */
export const householdRecord = householdView.omit({ memberCitizenIds: true });
export type HouseholdRecord = z.infer<typeof householdRecord>;

/** A person registered in a household (the shares of their records are the system's, made through its API). */
export const personRecord = personView.omit({
  hukouDivisionCode: true,
  householdKind: true,
  recordsSharedWith: true,
  recordsSharedByOthers: true,
});
export type PersonRecord = z.infer<typeof personRecord>;

/** The seed collections of the public-security department system, file name → record schema. */
export const publicSecuritySeed = {
  households: householdRecord,
  persons: personRecord,
} as const;
