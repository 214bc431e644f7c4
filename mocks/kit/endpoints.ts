/**
 * Serving a department's contract: each endpoint of `schema/<department>/contract.ts` registered on the
 * system's app with its request checked against the contract, in the protocol its kind follows —
 * batch look-ups, reads and idempotent writes, each write only for the writers its contract names.
 * A department supplies only what its records answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ANONYMOUS, type Identity, subjectOf } from '../../lib/auth/identity.ts';
import { type Endpoint, routeOf, type WriteEndpoint } from '../../lib/contract/endpoint.ts';
import {
  type BatchGetRequest,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../../lib/contract/protocol.ts';
import { describeWriters, mayWrite } from '../../lib/contract/writers.ts';
import { ApiError, parseRequest } from './errors.ts';
import { performIdempotentWrite } from './idempotency.ts';
import type { DepartmentSystem } from './server.ts';

/**
 * The path parameters of a request, checked against the endpoint's schema: a wrong one is a 400
 * `INVALID_REQUEST` naming it.
 */
export function parseParams<P extends Record<string, string> | undefined>(
  endpoint: Endpoint<z.ZodType, z.ZodType, P>,
  params: unknown,
): P {
  if (!endpoint.params) return undefined as P;
  const result = endpoint.params.safeParse(params);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new ApiError(
    400,
    'INVALID_REQUEST',
    `the path is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    details,
  );
}

/**
 * Serves a batch look-up: `{ ids }` answers `{ items }` holding the records found, in the order of
 * `ids`; unknown ids are simply absent, a repeated id answered once.
 */
export function serveBatchGet<Item extends z.ZodType>(
  system: DepartmentSystem,
  endpoint: Endpoint<z.ZodType<BatchGetRequest>, z.ZodObject<{ items: z.ZodArray<Item> }>, undefined>,
  lookup: (ids: string[]) => z.input<Item>[],
): void {
  system.app.post(routeOf(endpoint), async (request) => {
    const { ids } = parseRequest(endpoint.request, request.body);
    return { items: lookup([...new Set(ids)]) };
  });
}

/** Serves a read that is not a batch look-up: the checked request in, the answer out. */
export function serveRead<Req extends z.ZodType, Ans extends z.ZodType>(
  system: DepartmentSystem,
  endpoint: Endpoint<Req, Ans, undefined>,
  answer: (input: z.output<Req>) => z.input<Ans>,
): void {
  system.app.post(routeOf(endpoint), async (request) =>
    answer(parseRequest(endpoint.request, request.body ?? {})),
  );
}

/** How an idempotent write answers: its status (the endpoint's own by default) and body. */
export interface WriteAnswer<T> {
  statusCode?: number;
  body: T;
}

/** Options of {@link serveIdempotentWrite}. */
export interface IdempotentWriteOptions<Req extends z.ZodType, Ans extends z.ZodType, P> {
  /** The status a first write answers with, decided before it runs; default the endpoint's. */
  statusOf?: (input: z.output<Req>, params: P) => number;
  /** What a repeat answers instead of the first answer (e.g. the record as it stands now). */
  replay?: (first: z.input<Ans>) => z.input<Ans>;
  /** Runs after a first write has committed (e.g. to wake a relay). */
  afterWrite?: () => void;
  /**
   * The request an idempotency key is checked against; default the path parameters with the body. A
   * write whose outcome depends on who asks (the requester of an address change) adds the caller, so the
   * same key from another caller is refused as reused, never answered with someone else's write.
   */
  keyedRequest?: (input: z.output<Req>, params: P, caller: Identity) => unknown;
}

/**
 * Refuses a caller who is not one of the write's writers (its contract's `writers`): 403 `FORBIDDEN`,
 * the same whatever the request, so a refused caller learns nothing of the records.
 *
 * @throws ApiError 403 `FORBIDDEN`, anonymous callers included
 */
export function requireWriter(endpoint: WriteEndpoint, caller: Identity): void {
  if (mayWrite(endpoint.writers, caller)) return;
  const who = caller.kind === 'anonymous' ? 'an anonymous caller' : subjectOf(caller);
  throw new ApiError(
    403,
    'FORBIDDEN',
    `${who} may not ${endpoint.operationId}: only ${describeWriters(endpoint.writers)} may`,
  );
}

/**
 * Serves an idempotent write. Only the endpoint's writers may perform it: anyone else (anonymous
 * included) is 403 `FORBIDDEN` before the request is read, nothing written and no key recorded — not
 * even a replay of someone else's write is answered. Then the `Idempotency-Key` header is required,
 * `write` runs in one transaction at most once per key (path parameters are part of the request the key
 * is checked against), a repeat answers the first result with `Idempotent-Replayed: true`, the same key
 * with another request is 422 `IDEMPOTENCY_KEY_REUSED`, and a write that throws leaves nothing behind.
 * `write` is given the caller, as the department system's verifier found it.
 */
export function serveIdempotentWrite<
  Req extends z.ZodType,
  Ans extends z.ZodType,
  P extends Record<string, string> | undefined,
>(
  system: DepartmentSystem,
  endpoint: WriteEndpoint<Req, Ans, P>,
  write: (input: z.output<Req>, params: P, caller: Identity) => z.input<Ans>,
  options: IdempotentWriteOptions<Req, Ans, P> = {},
): void {
  // The route names the operation its keys belong to, as the stored keys of earlier versions do.
  const operation = routeOf(endpoint);
  system.app.post(operation, async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = request.identity ?? ANONYMOUS;
    requireWriter(endpoint, caller);
    const params = parseParams(endpoint, request.params);
    const input = parseRequest(endpoint.request, request.body);
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    const outcome = performIdempotentWrite(
      system.db,
      operation,
      typeof key === 'string' ? key : undefined,
      options.keyedRequest?.(input, params, caller) ?? (params ? { ...params, ...(input as object) } : input),
      () => write(input, params, caller),
      options.statusOf?.(input, params) ?? endpoint.status,
    );
    if (!outcome.replayed) {
      options.afterWrite?.();
      return reply.status(outcome.statusCode).send(outcome.body);
    }
    reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return reply
      .status(outcome.statusCode)
      .send(options.replay ? options.replay(outcome.body) : outcome.body);
  });
}
