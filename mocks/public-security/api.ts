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
 * | `POST /v1/households/{householdId}/address-changes` (idempotent) | `AddressChangeRequest` | `AddressChangeView` |
 * | `POST /v1/address-changes/batch-get` | `{ ids: changeId[] }` | `{ items: AddressChangeView[] }` |
 * | `POST /v1/address-changes/by-household` | `{ ids: householdId[] }` | `{ items: HouseholdAddressChangesView[] }` |
 *
 * An address change answers 201 with the change and its deliveries (all `PENDING` at first); a repeat
 * with the same key answers the same change as it stands now. It refuses with 404
 * `HOUSEHOLD_NOT_FOUND`, 403 `NOT_HOUSEHOLD_HEAD`, 422 `UNKNOWN_DIVISION`, `MOVE_OUTSIDE_MUNICIPALITY`,
 * `UNKNOWN_STREET` or `SAME_ADDRESS`, writing nothing. The departments that depend on the address
 * learn of the change through the event relay (`relay.ts`); each delivery's progress is in the change.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate, isoDateTime, sex } from '../kit/fields.ts';
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

/** The format of a household number, e.g. `500103-000123`. */
export const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/** A registered address as the API answers it; `street` is empty outside the municipality's known streets. */
export const addressView = z.object({
  divisionCode,
  street: z.string(),
  community: z.string(),
  detail: z.string(),
});
export type AddressView = z.infer<typeof addressView>;

/** A new address for a household: every part is required, surrounding spaces are dropped. */
export const addressInput = z.object({
  divisionCode,
  /** A sub-district street (街道) of the division, as `lib/divisions.ts` lists them. */
  street: z.string().trim().min(1).max(100),
  /** Residents' community (社区). */
  community: z.string().trim().min(1).max(100),
  /** Road, number, building and room. */
  detail: z.string().trim().min(1).max(200),
});
export type AddressInput = z.infer<typeof addressInput>;

/** Who asks for a change: the household head's citizen ID, or `staff` for public-security staff. */
export const requester = z.union([z.literal('staff'), citizenId]);

/** A request to move a household to a new address within the municipality (户口迁移, 市内). */
export const addressChangeRequest = z.object({
  address: addressInput,
  requestedBy: requester,
});
export type AddressChangeRequest = z.input<typeof addressChangeRequest>;

/**
 * Where a change stands at one subscribing department: `PENDING` until the department answers
 * (retried with backoff meanwhile), `DELIVERED` when it took the change without saying it is done,
 * `APPLIED` when it acted on it, `FAILED` when it refused it for good.
 */
export const departmentSyncStatus = z.enum(['PENDING', 'DELIVERED', 'APPLIED', 'FAILED']);
export type DepartmentSyncStatus = z.infer<typeof departmentSyncStatus>;

/** The delivery of a change to one subscribing department. */
export const departmentSyncView = z.object({
  /** The subscribing department's name, e.g. `health`. */
  department: z.string(),
  status: departmentSyncStatus,
  /** Delivery attempts so far. */
  attempts: z.number().int().min(0),
  /** Why the last attempt did not succeed (or the department's refusal, when `FAILED`). */
  lastError: z.string().nullable(),
  /** When the next attempt is due, while `PENDING`. */
  nextAttemptAt: isoDateTime.nullable(),
  deliveredAt: isoDateTime.nullable(),
  appliedAt: isoDateTime.nullable(),
  /** What the department did, in its own sentences. */
  actions: z.array(z.string()),
});
export type DepartmentSyncView = z.infer<typeof departmentSyncView>;

/** A household's address change with its delivery to every subscribing department. */
export const addressChangeView = z.object({
  /** The change's id, which is also the id of the event announcing it. */
  id: z.uuid(),
  householdId: z.string().regex(HOUSEHOLD_ID),
  /** The change's place among the household's changes, from 1. */
  sequence: z.number().int().min(1),
  from: addressView,
  to: addressView,
  /** The household head's citizen ID, or `staff`. */
  requestedBy: requester,
  requestedAt: isoDateTime,
  /** One per subscribing department, by department name. */
  deliveries: z.array(departmentSyncView),
});
export type AddressChangeView = z.infer<typeof addressChangeView>;

/** A household's address changes, newest first. */
export const householdAddressChangesView = z.object({
  householdId: z.string(),
  changes: z.array(addressChangeView),
});
export type HouseholdAddressChangesView = z.infer<typeof householdAddressChangesView>;

/** The answer of every batch look-up. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
