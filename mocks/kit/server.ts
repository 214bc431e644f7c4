/**
 * The HTTP server every mock department API is built on: JSON error bodies, a health endpoint, a
 * request counter (what the batching tests read), batch look-ups and idempotent writes. A department
 * supplies its store and its routes; this module never listens — the caller does.
 */
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
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
  app.addHook('onClose', async () => {
    db.close();
  });
  app.get('/health', async () => ({ status: 'ok', department }));
  return { department, app, db, calls, faults };
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
