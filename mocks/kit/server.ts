/**
 * The HTTP server every mock department system is built on: JSON error bodies, a health endpoint, a
 * request counter (what the batching tests read), batch look-ups, idempotent writes, and the audit
 * log of every access to personal data with its look-up by person (`POST /v1/audit/by-subject`). A
 * department supplies its store and its routes; this module never listens — the caller does.
 */
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { authenticate } from '../../lib/auth/authenticate.ts';
import { type Identity, subjectOf } from '../../lib/auth/identity.ts';
import { TokenError, type TokenVerifier } from '../../lib/auth/tokens.ts';
import type { DepartmentContract } from '../../lib/contract/endpoint.ts';
import { openApiDocument } from '../../lib/contract/openapi.ts';
import {
  AUDIT_BY_SUBJECT_PATH,
  auditBySubjectRequest,
  MAX_AUDIT_ENTRIES_PER_SUBJECT,
  OPENAPI_PATH,
} from '../../lib/contract/protocol.ts';
import { type AuditEntry, AuditLog, citizenIdsIn, type StoredAuditEntry } from './audit.ts';
import { handleApiError, parseRequest } from './errors.ts';
import { FaultInjector } from './faults.ts';

/** Options shared by every mock department system. */
export interface DepartmentSystemServerOptions {
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

/** Counts the requests a department system has answered, per route (e.g. `POST /v1/people/batch-get`). */
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

/** A built (not yet listening) mock department system. */
export interface DepartmentSystem {
  /** The department's folder name, e.g. `health`. */
  department: string;
  /** The contract it serves (`schema/<department>/contract.ts`). */
  contract: DepartmentContract;
  app: FastifyInstance;
  db: Database.Database;
  calls: CallCounter;
  /** Faults to inject into answers (tests, the soak script); none by default. */
  faults: FaultInjector;
  /** Every access to personal data through this API. */
  audit: AuditLog;
}

/**
 * Creates the Fastify app of a department system with its cross-cutting behaviour in place. The
 * department then registers its routes on `app` and closes `db` via the app's `onClose`.
 */
export function createDepartmentSystem(
  contract: DepartmentContract,
  db: Database.Database,
  options: DepartmentSystemServerOptions = {},
): DepartmentSystem {
  const { department } = contract;
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
  // Printed when first asked for, not at every start (the tests build hundreds of systems).
  let document: string | undefined;
  app.get(OPENAPI_PATH, async (_request, reply) => {
    document ??= JSON.stringify(openApiDocument(contract));
    return reply.type('application/json').send(document);
  });
  registerAuditBySubject(app, audit);
  return { department, contract, app, db, calls, faults, audit };
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
