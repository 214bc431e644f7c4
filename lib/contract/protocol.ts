/**
 * The protocol every department system speaks, whatever its department: JSON over HTTP `POST`, the
 * error body, batch look-ups, idempotent writes, the audit look-up every department answers, the
 * events public security delivers, and the health answer. Each department's contract
 * (`schema/<department>/contract.ts`) adds its own endpoints on top.
 */
import { z } from 'zod';
import { isoDateTime } from './fields.ts';

/** The most ids one batch look-up accepts. */
export const MAX_BATCH_IDS = 500;

/** The header that makes a write safe to repeat: the department performs it once per key. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The header a department sets on the answer to a repeated write: `true` when nothing was done again. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** The body of every refusal and failure a department system answers. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().min(1).describe('A stable, machine-readable code, e.g. `BIRTH_RECORD_NOT_FOUND`.'),
      message: z.string().describe('What went wrong, for a person.'),
      details: z.unknown().optional().describe('Facts for the caller, e.g. which field was wrong.'),
    }),
  })
  .meta({ id: 'Error', description: 'The body of every refusal: a code, a message and, at times, details.' });
export type ErrorBody = z.infer<typeof errorBody>;

/** A refusal a department documents: its HTTP status, its code and when it is answered. */
export interface Refusal {
  status: number;
  code: string;
  description: string;
}

/** Refusals every endpoint may answer, whatever it does. */
export const PROTOCOL_REFUSALS: readonly Refusal[] = [
  {
    status: 400,
    code: 'INVALID_REQUEST',
    description: 'The body does not match the request schema; `details` names each field.',
  },
  { status: 400, code: 'MALFORMED_REQUEST', description: 'The body is not JSON.' },
  { status: 401, code: 'UNAUTHENTICATED', description: 'A bearer token was sent that does not verify.' },
  {
    status: 403,
    code: 'FORBIDDEN',
    description:
      'The caller may not use this endpoint (a write says who may perform it); nothing was read or written.',
  },
  { status: 413, code: 'REQUEST_TOO_LARGE', description: 'The body is larger than 1 MiB.' },
];

/** Refusals every idempotent write may answer besides {@link PROTOCOL_REFUSALS}. */
export const WRITE_REFUSALS: readonly Refusal[] = [
  {
    status: 400,
    code: 'IDEMPOTENCY_KEY_REQUIRED',
    description: 'The `Idempotency-Key` header is missing or longer than 200 characters.',
  },
  {
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
    description: 'The key was already used for a different request to this endpoint.',
  },
];

/** A batch look-up's request: the ids to look up, 1 to {@link MAX_BATCH_IDS}. */
export const batchGetRequest = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_BATCH_IDS) })
  .meta({
    id: 'BatchGetRequest',
    description: `The ids to look up, 1 to ${MAX_BATCH_IDS}; repeats are answered once.`,
  });
export type BatchGetRequest = z.infer<typeof batchGetRequest>;

/** The schema of a batch look-up's answer, `{ items: [...] }`: the records found, unknown ids simply absent. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item).describe('The records found, in the order asked; unknown ids are absent.'),
  });
}

/** The route every department answers who used people's data on. */
export const AUDIT_BY_SUBJECT_PATH = '/v1/audit/by-subject';

/** The most entries `POST /v1/audit/by-subject` answers per person, the newest. */
export const MAX_AUDIT_ENTRIES_PER_SUBJECT = 100;

/** One access to personal data as the audit look-up answers it: the entry without its place in the chain. */
export const auditEntryView = z
  .object({
    at: z.string().describe('When, as an ISO 8601 instant.'),
    department: z.string().describe('The department whose system recorded it.'),
    actor: z
      .string()
      .describe(
        'Who asked: the token subject, e.g. a citizen ID, `staff:health`, `service:service-center`; `anonymous`.',
      ),
    actingFor: z.string().nullable().describe('The citizen a service acted for, if any.'),
    purpose: z
      .string()
      .nullable()
      .describe(
        "Why, from the signed delegation: a staff member's `case <ref>` or `application <id>`, `act <name>`, or `operation <name>`.",
      ),
    action: z.string().describe('What was done: method and route, e.g. `POST /v1/people/batch-get`.'),
    subjects: z.array(z.string()).describe('The citizen IDs whose data was read or written.'),
    outcome: z
      .number()
      .int()
      .describe(
        'The decision: the HTTP status answered (404 for ids a batch look-up did not answer), 403 for a read its subgraph refused.',
      ),
    requestId: z
      .string()
      .nullable()
      .describe('The request id the caller sent, to follow one request end to end.'),
  })
  .meta({ id: 'AuditEntry', description: 'One access to personal data, as the department recorded it.' });
export type AuditEntryView = z.infer<typeof auditEntryView>;

/** The request of `POST /v1/audit/by-subject`: whose log to read. */
export const auditBySubjectRequest = z.object({
  // Citizen IDs in their stored form only: an id goes into a LIKE pattern, where `%` or `_` would match others'.
  ids: z
    .array(z.string().regex(/^\d{17}[\dX]$/, 'expected a citizen ID: 17 digits and a digit or upper-case X'))
    .min(1)
    .max(MAX_BATCH_IDS)
    .describe('Citizen IDs in their stored form (an upper-case X).'),
});

/** The answer of `POST /v1/audit/by-subject`: one item per citizen asked about, in the order asked. */
export const auditBySubjectAnswer = z.object({
  items: z.array(
    z.object({
      citizenId: z.string(),
      entries: z.array(auditEntryView).describe(`At most ${MAX_AUDIT_ENTRIES_PER_SUBJECT}, newest first.`),
    }),
  ),
});

/** One person's entries in the answer of `POST /v1/audit/by-subject`, newest first. */
export type SubjectAuditView = z.infer<typeof auditBySubjectAnswer>['items'][number];

/**
 * The route a subgraph reports the reads it refused on: its department system records each as an
 * entry with outcome 403, so a refused read shows in the log as refused, for each person it concerned.
 */
export const AUDIT_REFUSALS_PATH = '/v1/audit/refusals';

/** The most refusals one `POST /v1/audit/refusals` reports: one request's, bounded. */
export const MAX_REFUSALS_PER_REPORT = 100;

/** One refused read: what was asked for and whose data it would have shown. */
export const refusedRead = z
  .object({
    action: z
      .string()
      .min(1)
      .max(200)
      .describe('What was refused: the GraphQL field asked for, e.g. `GraphQL Person.vaccinationRecord`.'),
    subjects: z
      .array(
        z.string().regex(/^\d{17}[\dX]$/, 'expected a citizen ID: 17 digits and a digit or upper-case X'),
      )
      .min(1)
      .max(MAX_BATCH_IDS)
      .describe('The citizen IDs whose data was refused, in their stored form.'),
  })
  .meta({ id: 'RefusedRead', description: 'A read a subgraph refused, and whose data it concerned.' });
export type RefusedRead = z.infer<typeof refusedRead>;

/**
 * The request of `POST /v1/audit/refusals`. Who was refused, for whom and why are not in it: the
 * system records them from the signed delegation the call carries — the identity and purpose of the
 * refused request — so a subgraph reports refusals but cannot name another reader.
 */
export const auditRefusalsRequest = z
  .object({ refusals: z.array(refusedRead).min(1).max(MAX_REFUSALS_PER_REPORT) })
  .meta({ id: 'AuditRefusalsRequest', description: 'The reads one request was refused.' });

/** The answer of `POST /v1/audit/refusals`: how many entries were appended. */
export const auditRefusalsAnswer = z.object({
  recorded: z.number().int().describe('The entries appended, one per refused read.'),
});

/** The route a department that subscribes to public security's events receives them on. */
export const EVENTS_PATH = '/v1/events';

/** What an event receiver is sent. */
export const eventEnvelope = z
  .object({
    eventId: z.uuid().describe('The same on every delivery of the event: receivers act once per id.'),
    type: z.string().min(1).max(100).describe('What happened, e.g. `household.address-changed`.'),
    occurredAt: isoDateTime,
    payload: z.unknown().describe('The facts of the event; its shape depends on `type`.'),
  })
  .meta({ id: 'EventEnvelope', description: 'An event, delivered at least once, in order per household.' });
export type EventEnvelope = z.infer<typeof eventEnvelope>;

/**
 * A receiver's 2xx answer: `APPLIED` when it has acted on the event, `ACCEPTED` when it took the
 * event and will act later. `actions` says what it did, one sentence each, for the citizen and staff
 * following the change. A refusal is an error body with a 4xx status instead (not retried).
 */
export const eventReceipt = z
  .object({
    status: z.enum(['APPLIED', 'ACCEPTED']),
    actions: z.array(z.string()).describe('What the department did, one sentence each.'),
  })
  .meta({ id: 'EventReceipt', description: 'What a receiver did with an event.' });
export type EventReceipt = z.infer<typeof eventReceipt>;

/**
 * Where an event stands at one subscribing department: `PENDING` until the department answers
 * (retried with backoff meanwhile), `DELIVERED` when it took the change without saying it is done,
 * `APPLIED` when it acted on it, `FAILED` when it refused it for good.
 */
export const departmentSyncStatus = z.enum(['PENDING', 'DELIVERED', 'APPLIED', 'FAILED']);
export type DepartmentSyncStatus = z.infer<typeof departmentSyncStatus>;

/** The delivery of a change to one subscribing department. */
export const departmentSyncView = z
  .object({
    department: z.string().describe("The subscribing department's name, e.g. `health`."),
    status: departmentSyncStatus,
    attempts: z.number().int().min(0).describe('Delivery attempts so far.'),
    lastError: z
      .string()
      .nullable()
      .describe('Why the last attempt did not succeed, or the refusal when `FAILED`.'),
    nextAttemptAt: isoDateTime.nullable().describe('When the next attempt is due, while `PENDING`.'),
    deliveredAt: isoDateTime.nullable(),
    appliedAt: isoDateTime.nullable(),
    actions: z.array(z.string()).describe('What the department did, in its own sentences.'),
  })
  .meta({ id: 'DepartmentSync', description: 'The delivery of a change to one subscribing department.' });
export type DepartmentSyncView = z.infer<typeof departmentSyncView>;

/** What `GET /health` answers: that the system is up, and which department it is. */
export const healthAnswer = z.object({ status: z.literal('ok'), department: z.string() });

/** The path a department system serves its contract document on. */
export const OPENAPI_PATH = '/openapi.json';
