/**
 * The HTTP contract of the medical-insurance department API: what its endpoints accept and answer.
 * The medical-insurance subgraph parses every response with these schemas, so a department system
 * that answers something else is reported as a malformed response, not passed on.
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST /v1/enrolments/batch-get` | `{ ids: citizenId[] }` | `{ items: EnrolmentView[] }` |
 * | `POST /v1/newborn-enrolments` (idempotent) | `NewbornEnrolmentRequest` | `EnrolmentView` |
 *
 * Enrolments are looked up by the insured person's citizen ID (a person has one enrolment); people
 * without one are absent from the answer. Enrolling a newborn answers 201 with the new enrolment and
 * refuses (`{ error: { code, message, details } }`) with 422 `BIRTH_DATE_MISMATCH`, 422
 * `NOT_A_NEWBORN`, 422 `INSURED_AREA_OUTSIDE_MUNICIPALITY` or 409 `ALREADY_ENROLLED` (details:
 * `enrolmentNumber`).
 */
import { z } from 'zod';
import { citizenId, isoDate } from '../kit/fields.ts';
import { enrolmentRecord } from './records.ts';

/** An enrolment as the API answers it: the register entry, contributions newest year first. */
export const enrolmentView = enrolmentRecord;
export type EnrolmentView = z.infer<typeof enrolmentView>;

/** The form of a public-security household number, e.g. `500103-000123`: its first six digits are its division. */
export const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/**
 * A request to enrol a newborn in resident medical insurance after hukou registration. The insured
 * area is the division of the household the child was registered in.
 */
export const newbornEnrolmentRequest = z.object({
  /** The citizen ID public security issued the child. */
  citizenId,
  /** The household the child was registered in. */
  householdId: z.string().regex(HOUSEHOLD_ID, 'a household number such as 500103-000123'),
  /** The birth date; must be the one the citizen ID encodes. */
  birthDate: isoDate,
  /**
   * The family receives social assistance (低保 or 特困) from civil affairs: the first year's
   * contribution is then waived (资助参保).
   */
  assistance: z.boolean(),
});
export type NewbornEnrolmentRequest = z.infer<typeof newbornEnrolmentRequest>;
