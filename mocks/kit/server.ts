/**
 * The HTTP server every mock department API is built on: JSON error bodies, a health endpoint, a
 * request counter (what the batching tests read), batch look-ups, idempotent writes, and the audit
 * log of every access to personal data with its look-up by person (`POST /v1/audit/by-subject`). A
 * department supplies its store and its routes; this module never listens — the caller does.
 */
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { authenticate } from '../../lib/auth/authenticate.ts';
import { type Identity, subjectOf } from '../../lib/auth/identity.ts';
import { TokenError, type TokenVerifier } from '../../lib/auth/tokens.ts';
import { type AuditEntry, AuditLog, citizenIdsIn, type StoredAuditEntry } from './audit.ts';
import { handleApiError, parseRequest } from './errors.ts';
import { FaultInjector } from './faults.ts';
import { performIdempotentWrite } from './idempotency.ts';

/** The most ids one batch look-up accepts. */
export const MAX_BATCH_IDS = 500;

/** Options shared by every mock department API. */
export interface DepartmentApiServerOptions {
  /** Fastify/pino logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /**
   * A fixed delay added to every answer but `/health`, in ms; default 0. Benchmarks use it to stand in
   * for the latency of a real department system.
   */
  latencyMs?: number;
  /**
   * Verifies the bearer tokens subgraphs forward, to know who is asking (recorded in the audit log).
   * Without one, a request carrying a token is refused: a department system trusts no identity it
   * cannot verify.
   */
  verifier?: TokenVerifier;
}

/** Counts the requests a department API has answered, per route (e.g. `POST /v1/persons/batch-get`). */
export class CallCounter {
  readonly #counts = new Map<string, number>();

  /** Records one request to `route`. */
  record(route: string): void {
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }

  /** Requests to `route`, or to every route but `/health` when omitted. */
  count(route?: string): number {
    if (route) return this.#counts.get(route) ?? 0;
    let total = 0;
    for (const [name, n] of this.#counts) if (!name.endsWith(' /health')) total += n;
    return total;
  }

  /** Forgets every count, e.g. between test cases. */
  reset(): void {
    this.#counts.clear();
  }
}

/** A built (not yet listening) mock department API. */
export interface DepartmentApi {
  /** The department's folder name, e.g. `health`. */
  department: string;
  app: FastifyInstance;
  db: Database.Database;
  calls: CallCounter;
  /** Faults to inject into answers (tests, the soak script); none by default. */
  faults: FaultInjector;
  /** Every access to personal data through this API. */
  audit: AuditLog;
}

/**
 * Creates the Fastify app of a department API with its cross-cutting behaviour in place. The
 * department then registers its routes on `app` and closes `db` via the app's `onClose`.
 */
export function createDepartmentApi(
  department: string,
  db: Database.Database,
  options: DepartmentApiServerOptions = {},
): DepartmentApi {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
  });
  const calls = new CallCounter();
  app.setErrorHandler(handleApiError);
  const latencyMs = options.latencyMs ?? 0;
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? request.url;
    calls.record(`${request.method} ${route}`);
    if (latencyMs > 0 && route !== '/health') await new Promise((resolve) => setTimeout(resolve, latencyMs));
  });
  const faults = new FaultInjector();
  faults.install(app);
  const audit = new AuditLog(db);
  recordAccesses(app, department, audit, options.verifier);
  app.addHook('onClose', async () => {
    db.close();
  });
  app.get('/health', async () => ({ status: 'ok', department }));
  registerAuditBySubject(app, audit);
  return { department, app, db, calls, faults, audit };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, from the forwarded bearer token; set for every `/v1/` request. */
    identity?: Identity;
  }
}

/** The token subject an identity is recorded under in the audit log. */
function actorOf(identity: Identity | undefined): string {
  return identity && identity.kind !== 'anonymous' ? subjectOf(identity) : 'anonymous';
}

/**
 * Verifies who asks, and records every `/v1/` request that reads or writes a person's data in the
 * audit log: the people are the citizen IDs in the request and the answer.
 */
function recordAccesses(
  app: FastifyInstance,
  department: string,
  audit: AuditLog,
  verifier?: TokenVerifier,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    try {
      const authorization = request.headers.authorization;
      request.identity = await authenticate(
        typeof authorization === 'string' ? authorization : undefined,
        verifier,
      );
    } catch (error) {
      const problem = error instanceof TokenError ? error.problem : 'BAD_SIGNATURE';
      return reply
        .status(401)
        .send({ error: { code: 'UNAUTHENTICATED', message: `not authenticated (${problem})` } });
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/v1/') || !request.identity) return payload;
    const identity = request.identity;
    let subjects: string[];
    if (request.routeOptions.url === AUDIT_BY_SUBJECT_PATH) {
      subjects = auditReadSubjects(identity, request.body);
      if (subjects.length === 0) return payload;
    } else {
      subjects = citizenIdsIn(request.body, typeof payload === 'string' ? payload : '');
      if (subjects.length === 0 && request.method === 'GET') return payload;
    }
    const purposeHeader = request.headers['x-onething-purpose'];
    const purpose =
      identity.kind === 'service' && identity.applicationId
        ? `application ${identity.applicationId}`
        : typeof purposeHeader === 'string'
          ? purposeHeader.slice(0, 200)
          : null;
    audit.append({
      at: new Date().toISOString(),
      department,
      actor: actorOf(identity),
      actingFor: identity.kind === 'service' ? identity.actingFor : null,
      purpose,
      action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      subjects,
      outcome: reply.statusCode,
      requestId: request.id,
    });
    return payload;
  });
}

const batchGetRequest = z.object({
  ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_BATCH_IDS),
});

/**
 * Registers a batch look-up: `POST <path>` with `{ "ids": [...] }` answers `{ "items": [...] }`
 * holding the records found, in the order of `ids`; unknown ids are simply absent.
 */
export function registerBatchGet<T>(
  app: FastifyInstance,
  path: string,
  lookup: (ids: string[]) => T[],
): void {
  app.post(path, async (request) => {
    const { ids } = parseRequest(batchGetRequest, request.body);
    return { items: lookup([...new Set(ids)]) };
  });
}

/** The schema of a batch look-up's answer, `{ items: [...] }`, for the clients that parse it. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/**
 * Registers an idempotent write: `POST <path>` with an `Idempotency-Key` header. The body is checked
 * against `schema`; `write` runs inside a transaction at most once per key. A replay answers the first
 * result with the header `Idempotent-Replayed: true`.
 */
export function registerIdempotentWrite<S extends z.ZodType, T>(
  api: DepartmentApi,
  path: string,
  schema: S,
  write: (input: z.infer<S>) => T,
): void {
  api.app.post(path, async (request, reply) => {
    const input = parseRequest(schema, request.body);
    const key = request.headers['idempotency-key'];
    const outcome = performIdempotentWrite(
      api.db,
      path,
      typeof key === 'string' ? key : undefined,
      input,
      () => write(input),
    );
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.statusCode).send(outcome.body);
  });
}

/** The route answering who used people's data: `POST` with `{ "ids": [citizen IDs] }`. */
export const AUDIT_BY_SUBJECT_PATH = '/v1/audit/by-subject';

/** The most entries `POST /v1/audit/by-subject` answers per person, the newest. */
export const MAX_AUDIT_ENTRIES_PER_SUBJECT = 100;

/** One audit entry as `POST /v1/audit/by-subject` answers it: the entry without its place in the chain. */
export const auditEntryView = z.object({
  at: z.string(),
  department: z.string(),
  actor: z.string(),
  actingFor: z.string().nullable(),
  purpose: z.string().nullable(),
  action: z.string(),
  subjects: z.array(z.string()),
  outcome: z.number().int(),
  requestId: z.string().nullable(),
});

/** The answer of `POST /v1/audit/by-subject`: one item per citizen asked about, in the order asked. */
export const auditBySubjectAnswer = z.object({
  items: z.array(z.object({ citizenId: z.string(), entries: z.array(auditEntryView) })),
});

/** One person's entries in the answer of `POST /v1/audit/by-subject`, newest first. */
export type SubjectAuditView = z.infer<typeof auditBySubjectAnswer>['items'][number];

const auditBySubjectRequest = z.object({
  // Citizen IDs in their stored form only: an id goes into a LIKE pattern, where `%` or `_` would match others'.
  ids: z
    .array(z.string().regex(/^\d{17}[\dX]$/, 'expected a citizen ID: 17 digits and a digit or upper-case X'))
    .min(1)
    .max(MAX_BATCH_IDS),
});

/**
 * Whose data a read of the audit log concerns, as that read is itself recorded: the people asked
 * about — not everyone the answered entries name (an actor who read someone's data is not read
 * about by reading that person's log). A citizen reading only their own log is not recorded at all
 * (an empty list): nobody used their data, and a log that grew each time its owner looked at it would
 * bury the uses they look for. Anyone else reading it — an auditor, a caller straight to the API —
 * is recorded, and shows in the person's own log.
 */
function auditReadSubjects(identity: Identity, body: unknown): string[] {
  const subjects = citizenIdsIn(body);
  const ownLogOnly =
    identity.kind === 'citizen' && subjects.length === 1 && subjects[0] === identity.citizenId;
  return ownLogOnly ? [] : subjects;
}

/** The entries as answered: the chain's bookkeeping (sequence and hashes) stays in the department. */
function withoutChain({
  seq: _seq,
  prevHash: _prevHash,
  hash: _hash,
  ...entry
}: StoredAuditEntry): AuditEntry {
  return entry;
}

/**
 * Registers `POST /v1/audit/by-subject` with `{ "ids": [citizen IDs] }`, a batch look-up of who used
 * these people's data at this department: `{ "items": [{ "citizenId", "entries" }] }`, one item per
 * distinct id in the order asked, each with at most {@link MAX_AUDIT_ENTRIES_PER_SUBJECT} entries,
 * newest first (empty when the log names the person nowhere). Who may read whose log is decided by
 * the subgraph, as for every other record; how the read itself is logged: {@link auditReadSubjects}.
 */
function registerAuditBySubject(app: FastifyInstance, audit: AuditLog): void {
  app.post(AUDIT_BY_SUBJECT_PATH, async (request) => {
    const { ids } = parseRequest(auditBySubjectRequest, request.body);
    return {
      items: [...new Set(ids)].map((citizenId) => ({
        citizenId,
        entries: audit.entriesAbout(citizenId, MAX_AUDIT_ENTRIES_PER_SUBJECT).map(withoutChain),
      })),
    };
  });
}
