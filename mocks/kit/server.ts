/**
 * The HTTP server every mock department system is built on: JSON error bodies, a health endpoint,
 * `/metrics` (service `<department>-system`), a request counter (what the batching tests read), batch look-ups, idempotent writes, and the audit
 * log of every access to personal data with its look-up by person (`POST /v1/audit/by-subject`) and
 * the reads its subgraph refused (`POST /v1/audit/refusals`). A
 * department supplies its store and its routes; this module never listens — the caller does.
 */
import type Database from 'better-sqlite3';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { Registry } from 'prom-client';
import { type AuditEntry, AuditLog, citizenIdsIn, type StoredAuditEntry } from '../../lib/audit/auditLog.ts';
import { checkCertifiedCaller } from '../../lib/auth/certifiedCaller.ts';
import type { ServiceTrust } from '../../lib/auth/config.ts';
import { type Identity, subjectOf } from '../../lib/auth/identity.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { TokenError } from '../../lib/auth/tokens.ts';
import { type DepartmentContract, eventPublishersOf } from '../../lib/contract/endpoint.ts';
import { openApiDocument } from '../../lib/contract/openapi.ts';
import {
  AUDIT_BY_SUBJECT_PATH,
  AUDIT_REFUSALS_PATH,
  auditBySubjectRequest,
  auditRefusalsRequest,
  EVENTS_PATH,
  MAX_AUDIT_ENTRIES_PER_SUBJECT,
  OPENAPI_PATH,
} from '../../lib/contract/protocol.ts';
import { serverTlsOptions, type TlsConfig } from '../../lib/http/tls.ts';
import { serveMetrics } from '../../lib/metrics.ts';
import { withTraceContext } from '../../lib/tracing/logMixin.ts';
import { traceRequests } from '../../lib/tracing/requestSpans.ts';
import { handleApiError, parseRequest } from './errors.ts';
import { FaultInjector } from './faults.ts';

/** Options shared by every mock department system. */
export interface DepartmentSystemServerOptions {
  /** Fastify/pino logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /**
   * A fixed response time, in ms; default 0: every answer but `/health` leaves this long after its
   * request arrived, the system's own work done within it (at once, should the work take longer).
   * Benchmarks use it to stand in for the latency of a real department system.
   */
  latencyMs?: number;
  /**
   * The system's keys: it answers `/v1/` only to its own subgraph, with a delegation signed for it
   * (and `/v1/events` only to the systems it takes events from, with an event signed for it). Without
   * them every `/v1/` request is refused (401): a department system trusts no caller it cannot verify.
   */
  trust?: ServiceTrust;
  /** The token a scraper must send to read `/metrics` (`readScrapeToken` in `lib/metrics.ts`); without one `/metrics` is open. */
  scrapeToken?: string;
  /**
   * The system's certificate, key and CA: it listens with TLS and requires every caller to present a
   * certificate of the deployment's CA, naming the service that signed the caller's token.
   */
  tls?: TlsConfig;
  /**
   * The department systems whose events it takes at `/v1/events`; default the systems of the publishers
   * its contract's event receiver names (`eventReceiver({ publishers })`).
   */
  eventSenders?: readonly string[];
  /**
   * The key the audit log's entries are chained with (HMAC-SHA256), held outside the database
   * (`AUDIT_KEY_FILE`); default a development key kept beside the store, which protects nothing
   * against whoever holds the data folder (`developmentAuditKey` in `audit.ts`).
   */
  auditKey?: Uint8Array;
}

/** Answers a refused caller 401 or 403, the same whatever was asked for, and records the refusal. */
export type CallerRefusal = (
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: TokenError,
) => FastifyReply;

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
  /** The system's keys, when it has them. */
  trust: ServiceTrust | undefined;
  /** The department systems whose events it takes. */
  eventSenders: readonly string[];
  /** Answers and records a refused caller. */
  refuse: CallerRefusal;
  /**
   * The registry `/metrics` serves, labelled `service="<department>-system"`: the process metrics, and
   * whatever the department adds (`registerStoreGauge`).
   */
  metrics: Registry;
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
    ...(options.tls ? { https: serverTlsOptions(options.tls, { requireClientCertificate: true }) } : {}),
    logger: withTraceContext(options.logger ?? false),
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
  });
  // First of all hooks: every request, refused or answered, has its span.
  traceRequests(app, departmentSystemOf(department));
  const calls = new CallCounter();
  app.setErrorHandler(handleApiError);
  const latencyMs = options.latencyMs ?? 0;
  const arrivals = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? request.url;
    calls.record(`${request.method} ${route}`);
    if (latencyMs > 0 && route !== '/health') arrivals.set(request, performance.now());
  });
  if (latencyMs > 0) {
    // The answer leaves L after its request arrived, the system's own work done within that time — a
    // department whose response time is L — not L and then the work, which in a one-process benchmark
    // would count the department's own work as its caller's overhead.
    app.addHook('onSend', async (request, _reply, payload) => {
      const arrived = arrivals.get(request);
      const left = arrived === undefined ? 0 : latencyMs - (performance.now() - arrived);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      return payload;
    });
  }
  const faults = new FaultInjector();
  faults.install(app);
  const audit = new AuditLog(db, { key: options.auditKey });
  const refuse = recordAccesses(app, department, audit, options.trust);
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
  registerAuditRefusals(app, department, audit);
  const metrics = serveMetrics(app, {
    service: departmentSystemOf(department),
    scrapeToken: options.scrapeToken,
  });
  const eventSenders = options.eventSenders ?? eventPublishersOf(contract).map(departmentSystemOf);
  return {
    department,
    contract,
    app,
    db,
    calls,
    faults,
    audit,
    trust: options.trust,
    eventSenders,
    refuse,
    metrics,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: the identity the calling service acts for; set for every `/v1/` request let in. */
    identity?: Identity;
    /** Why, as the calling service signed it. */
    purpose?: string | null;
    /** The service that called, when its token verified. */
    caller?: string;
    /** Further people the request concerns, set by its route (a moved household's members). */
    auditSubjects?: readonly string[];
  }
}

/** The token subject an identity is recorded under in the audit log. */
function actorOf(identity: Identity | undefined): string {
  return identity && identity.kind !== 'anonymous' ? subjectOf(identity) : 'anonymous';
}

/**
 * Why a let-in request asks, as the audit log records it: the application the service-center acts on,
 * else the purpose its signed delegation carries — never a header a caller could set.
 */
function purposeOf(request: FastifyRequest): string | null {
  const { identity } = request;
  if (identity?.kind === 'service' && identity.applicationId) return `application ${identity.applicationId}`;
  return request.purpose ?? null;
}

/** True for a batch look-up route (`…/batch-get`): the ids it is asked about are its subjects. */
function isBatchGet(route: string | undefined): boolean {
  return route?.endsWith('/batch-get') ?? false;
}

/**
 * Verifies who asks, and records every `/v1/` request that reads or writes a person's data in the
 * audit log — and every refused one: the people are the citizen IDs in the request and the answer.
 * The event receiver's signed events are checked by `eventReceiver.ts`, after the body is read.
 */
function recordAccesses(
  app: FastifyInstance,
  department: string,
  audit: AuditLog,
  trust: ServiceTrust | undefined,
): CallerRefusal {
  const ownSubgraph = [department];
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/') || request.url.split('?')[0] === EVENTS_PATH) return;
    try {
      if (!trust)
        throw new TokenError('NO_CREDENTIALS', 'this system has no keys to verify its callers with');
      const authorization = request.headers.authorization;
      const delegated = await trust.delegations.verify(
        typeof authorization === 'string' ? authorization : undefined,
        ownSubgraph,
      );
      checkCertifiedCaller(request, delegated.caller);
      request.identity = delegated.identity;
      request.purpose = delegated.purpose;
      request.caller = delegated.caller;
    } catch (error) {
      const refusal =
        error instanceof TokenError ? error : new TokenError('BAD_SIGNATURE', 'unreadable credentials');
      return refuse(request, reply, refusal);
    }
  });
  /** Answers a refused request 401 or 403 the same way whatever was asked for, and records it. */
  const refuse = (request: FastifyRequest, reply: FastifyReply, refusal: TokenError) => {
    request.log.warn({ problem: refusal.problem, route: request.url }, 'refused a caller');
    audit.append({
      at: new Date().toISOString(),
      department,
      actor: request.caller ? `service:${request.caller}` : 'unauthenticated',
      actingFor: null,
      purpose: `refused: ${refusal.problem}`,
      action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      subjects: [],
      outcome: refusal.status,
      requestId: request.id,
    });
    return reply.status(refusal.status).send({
      error: {
        code: refusal.status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        message:
          refusal.status === 403
            ? `not allowed (${refusal.problem})`
            : `not authenticated (${refusal.problem})`,
      },
    });
  };
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/v1/') || !request.identity) return payload;
    const route = request.routeOptions.url;
    // Events are recorded by their receiver; refusals by their own route, as refusals.
    if (request.url.split('?')[0] === EVENTS_PATH || route === AUDIT_REFUSALS_PATH) return payload;
    const identity = request.identity;
    const answer = typeof payload === 'string' ? payload : '';
    let subjects: string[];
    let unanswered: string[] = [];
    if (route === AUDIT_BY_SUBJECT_PATH) {
      subjects = auditReadSubjects(identity, request.body);
      if (subjects.length === 0) return payload;
    } else if (isBatchGet(route) && reply.statusCode < 300) {
      // A batch look-up read only the people it answered about: those asked for and not answered are
      // recorded apart, 404, so no entry says their data was read.
      subjects = citizenIdsIn(answer);
      const answered = new Set(subjects);
      unanswered = citizenIdsIn(request.body).filter((citizenId) => !answered.has(citizenId));
    } else {
      const named = citizenIdsIn(request.body, answer);
      subjects = [...new Set([...named, ...(request.auditSubjects ?? [])])].sort();
      if (subjects.length === 0 && request.method === 'GET') return payload;
    }
    const entry = {
      department,
      actor: actorOf(identity),
      actingFor: identity.kind === 'service' ? identity.actingFor : null,
      purpose: purposeOf(request),
      action: `${request.method} ${route ?? request.url}`,
      requestId: request.id,
    };
    const at = new Date().toISOString();
    if (subjects.length > 0 || unanswered.length === 0)
      audit.append({ ...entry, at, subjects, outcome: reply.statusCode });
    if (unanswered.length > 0) audit.append({ ...entry, at, subjects: unanswered, outcome: 404 });
    return payload;
  });
  return refuse;
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

/**
 * Registers `POST /v1/audit/refusals` with `{ "refusals": [{ "action", "subjects" }] }`: the reads the
 * system's own subgraph refused in one request, each appended as an entry with outcome 403. Who read,
 * for whom and why come from the call's signed delegation — the refused request's, passed on by the
 * subgraph — so the report can add refusals but never name another reader. Answers `{ "recorded" }`.
 */
function registerAuditRefusals(app: FastifyInstance, department: string, audit: AuditLog): void {
  app.post(AUDIT_REFUSALS_PATH, async (request) => {
    const { refusals } = parseRequest(auditRefusalsRequest, request.body);
    const { identity } = request;
    const at = new Date().toISOString();
    for (const refusal of refusals) {
      audit.append({
        at,
        department,
        actor: actorOf(identity),
        actingFor: identity?.kind === 'service' ? identity.actingFor : null,
        purpose: purposeOf(request),
        action: refusal.action,
        subjects: [...new Set(refusal.subjects)].sort(),
        outcome: 403,
        requestId: request.id,
      });
    }
    return { recorded: refusals.length };
  });
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
