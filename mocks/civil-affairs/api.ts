/**
 * The HTTP contract of the civil-affairs department API: what its endpoints accept and answer.
 * The civil-affairs subgraph parses every response with these schemas, so a department system that
 * answers something else is reported as a malformed response, not passed on.
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST /v1/people/batch-get` | `{ ids: citizenId[] }` | `{ items: PersonView[] }` |
 * | `POST /v1/households/batch-get` | `{ ids: householdId[] }` | `{ items: HouseholdView[] }` |
 * | `POST /v1/marriages/batch-get` | `{ ids: marriageId[] }` | `{ items: MarriageView[] }` |
 * | `POST /v1/assistance-cases/batch-get` | `{ ids: caseId[] }` | `{ items: AssistanceCaseView[] }` |
 * | `POST /v1/assistance-cases/{caseId}/members` (idempotent) | `CaseMemberRequest` | `AssistanceCaseView` |
 *
 * Adding a member answers 201 when the member was added and 200 when the citizen already was one
 * (nothing changes). It refuses with 404 `ASSISTANCE_CASE_NOT_FOUND`, 422 `ASSISTANCE_CASE_CLOSED` or
 * 409 `MEMBER_OF_ANOTHER_CASE`.
 */
import { z } from 'zod';
import { citizenId } from '../kit/fields.ts';
import { assistanceCaseRecord, marriageRecord } from './records.ts';

/** A marriage registration as the API answers it: the register entry. */
export const marriageView = marriageRecord;
export type MarriageView = z.infer<typeof marriageView>;

/** An assistance case as the API answers it: the register entry, members in the order they joined. */
export const assistanceCaseView = assistanceCaseRecord;
export type AssistanceCaseView = z.infer<typeof assistanceCaseView>;

/**
 * Everything civil affairs holds about one citizen, in one answer: their marriage registrations
 * (newest first) and the ACTIVE assistance case they are a member of, if any. Only citizens the
 * department has a record of (a marriage or a case membership, active or not) are answered.
 */
export const personView = z.object({
  citizenId,
  marriages: z.array(marriageView),
  assistanceCase: assistanceCaseView.nullable(),
});
export type PersonView = z.infer<typeof personView>;

/** A household with an ACTIVE assistance case; households without one are not answered. */
export const householdView = z.object({
  householdId: z.string().regex(/^\d{6}-\d{6}$/),
  assistanceCase: assistanceCaseView,
});
export type HouseholdView = z.infer<typeof householdView>;

/** The format of an assistance case number, e.g. `DB500106-0001` (低保) or `TK500106-0001` (特困). */
export const ASSISTANCE_CASE_ID = /^(DB|TK)\d{6}-\d{4}$/;

/** The format of a marriage certificate number (结婚证字号), e.g. `J500103-2015-000123`. */
export const MARRIAGE_ID = /^J\d{6}-\d{4}-\d{6}$/;

/** Why someone joins an assistance case. */
export const caseMemberReason = z.enum(['NEWBORN', 'MARRIAGE', 'ADOPTION', 'OTHER']);
export type CaseMemberReason = z.infer<typeof caseMemberReason>;

/**
 * A request to add a citizen to an ACTIVE assistance case, e.g. a child born into a 低保 household.
 * The benefit amount is not changed here: the case worker reassesses it.
 */
export const caseMemberRequest = z.object({
  citizenId,
  reason: caseMemberReason,
});
export type CaseMemberRequest = z.infer<typeof caseMemberRequest>;

/** The answer of every batch look-up. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
