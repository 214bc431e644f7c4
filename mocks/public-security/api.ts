/**
 * The HTTP contract of the public-security department API: what its endpoints accept and answer.
 * The public-security subgraph parses every response with these schemas, so a department system that
 * answers something else is reported as a malformed response, not passed on.
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST /v1/persons/batch-get` | `{ ids: citizenId[] }` | `{ items: PersonView[] }` |
 * | `POST /v1/households/batch-get` | `{ ids: householdId[] }` | `{ items: HouseholdView[] }` |
 * | `POST /v1/birth-registrations` (idempotent) | `BirthRegistrationRequest` | `BirthRegistration` |
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate, sex } from '../kit/fields.ts';
import { householdRecord, personRecord } from './records.ts';

/** A person as the API answers: the register entry plus the division of their hukou. */
export const personView = personRecord.extend({
  /** The division code of the household the person's hukou is in. */
  hukouDivisionCode: divisionCode,
});
export type PersonView = z.infer<typeof personView>;

/** A household as the API answers: the register plus its members' citizen IDs, head first. */
export const householdView = householdRecord.extend({
  memberCitizenIds: z.array(citizenId),
});
export type HouseholdView = z.infer<typeof householdView>;

/** A request to register a newborn in a household (出生登记), issuing the child's citizen ID. */
export const birthRegistrationRequest = z.object({
  householdId: z.string().regex(/^\d{6}-\d{6}$/),
  name: z.string().trim().min(1).max(40),
  sex,
  birthDate: isoDate,
  ethnicity: z.string().min(1).default('汉族'),
  fatherCitizenId: citizenId.nullable(),
  motherCitizenId: citizenId,
  /** The birth medical certificate the registration is based on; one registration per certificate. */
  birthCertificateNumber: z.string().regex(/^[A-Z]\d{9}$/),
});
export type BirthRegistrationRequest = z.input<typeof birthRegistrationRequest>;

/** A completed birth registration. */
export const birthRegistration = z.object({
  /** The citizen ID issued to the child. */
  citizenId,
  householdId: z.string(),
  birthCertificateNumber: z.string(),
  registeredOn: isoDate,
});
export type BirthRegistration = z.infer<typeof birthRegistration>;

/** The answer of every batch look-up. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
