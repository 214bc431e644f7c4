/**
 * Rate limiting per identity: each caller gets a budget of requests per minute, counted before the
 * body is read. A caller with a token that verifies is counted by its subject, wherever it connects
 * from; anyone else — anonymous, or with a token that does not verify (refused with 401 anyway) —
 * by network address. Counting by the claimed subject of an unverified token would let anyone spend
 * a citizen's budget with a forged token and lock them out.
 *
 * The network address is Fastify's `request.ip`: the connection's, or behind load balancers the
 * client's as the trusted proxies report it in `X-Forwarded-For` (`trustedProxyHops` of the gateway)
 * — never an address a client wrote there itself, which would give it a new budget per request.
 *
 * With a {@link SharedStore} (`REDIS_URL`) the counts live in Redis, so a caller's budget is the same
 * whichever replica it reaches and however many there are. Each replica also counts on its own, and
 * its own count decides while Redis does not answer: the limit then holds per replica rather than
 * not at all (unlike `skipOnError`, which would let every request through).
 */
import type {
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
  RateLimitPluginOptions,
} from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { FastifyRequest } from 'fastify';
import type { Identity } from '../lib/auth/identity.ts';
import { subjectOf } from '../lib/auth/identity.ts';
import type { TokenVerifier } from '../lib/auth/tokens.ts';
import type { SharedStore } from './SharedStore.ts';

/** The default budget per caller (`GATEWAY_RATE_LIMIT_PER_MINUTE`). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** The most proxies the gateway may be told to trust (`GATEWAY_TRUSTED_PROXY_HOPS`). */
export const MAX_TRUSTED_PROXY_HOPS = 10;

/**
 * Fastify's `trustProxy` for `hops` trusted proxies: `false` for none (the client is the connection's
 * address), else a function trusting the connection and the `hops - 1` addresses nearest it in
 * `X-Forwarded-For`, so that `request.ip` is the address the outermost trusted proxy saw, and
 * whatever a client wrote further left is ignored. (A function, not the hop count: Fastify 5 takes a
 * bare number as "trust nothing".) It assumes the gateway is reachable only through those proxies.
 */
export function trustProxyOf(hops: number): ((address: string, hop: number) => boolean) | false {
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_TRUSTED_PROXY_HOPS) {
    throw new RangeError(
      `trustedProxyHops must be a whole number 0–${MAX_TRUSTED_PROXY_HOPS}, got ${JSON.stringify(hops)}`,
    );
  }
  // Hop 0 is the connection's address, hop 1 the rightmost X-Forwarded-For entry, and so on.
  return hops === 0 ? false : (_address, hop) => hop < hops;
}

/** Options of the rate limit. */
export interface RateLimit {
  /** Requests one caller may make per minute; the next is answered 429 `RATE_LIMITED`. */
  perMinute: number;
}

/** A request over its caller's budget: answered 429 with `retry-after` by `httpErrors.ts`. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  readonly statusCode = 429;
  constructor(
    readonly perMinute: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many requests: at most ${perMinute} a minute per caller; retry in ${retryAfterSeconds} s`);
  }
}

/** How long a verified token's subject is remembered: a client reusing its token is verified once. */
const REMEMBER_MS = 60_000;
/** How many verified tokens are remembered at most; the oldest is forgotten first. */
const REMEMBER_AT_MOST = 10_000;

/** The rate-limit key of a request: `subject:<sub>` for a token that verifies, else `address:<ip>`. */
export function rateLimitKeys(verifier: TokenVerifier | undefined) {
  const remembered = new Map<string, { key: string; until: number }>();
  const verifiedKey = async (authorization: string): Promise<string | undefined> => {
    const known = remembered.get(authorization);
    if (known && known.until > Date.now()) return known.key;
    let identity: Identity;
    try {
      if (!verifier) return undefined;
      identity = await verifier.identityOf(authorization);
    } catch {
      return undefined;
    }
    if (identity.kind === 'anonymous') return undefined;
    const key = `subject:${subjectOf(identity)}`;
    remembered.delete(authorization);
    if (remembered.size >= REMEMBER_AT_MOST) remembered.delete(remembered.keys().next().value as string);
    remembered.set(authorization, { key, until: Date.now() + REMEMBER_MS });
    return key;
  };
  return async (request: FastifyRequest): Promise<string> => {
    const authorization = request.headers.authorization;
    const key = typeof authorization === 'string' ? await verifiedKey(authorization) : undefined;
    return key ?? `address:${request.ip}`;
  };
}

/** Callers counted at once by a replica; beyond it the least recent caller's count is forgotten. */
const LOCAL_CALLERS = 50_000;

/** A count as `@fastify/rate-limit` stores take and give it. */
type Count = { current: number; ttl: number };
type CountCallback = (error: Error | null, result?: Count) => void;

/**
 * A `@fastify/rate-limit` store counting in Redis through `shared` while it is in use (with the
 * library's own Redis script, keys `<prefix><caller>` expiring with the window), and in the replica's
 * memory always: the local count answers whenever Redis is not in use or a command fails.
 */
class SharedRateLimitCounts implements FastifyRateLimitStore {
  readonly #local = new LocalStore(false, false, LOCAL_CALLERS);
  readonly #remote: RedisStore;

  constructor(
    private readonly shared: SharedStore,
    private readonly prefix: string,
  ) {
    this.#remote = new RedisStore(false, false, shared.redis, prefix);
  }

  incr(key: string, callback: CountCallback, timeWindow: number, max: number): void {
    let counted: Count = { current: 0, ttl: timeWindow };
    this.#local.incr(key, (_error, result) => (counted = { ...result }), timeWindow, max);
    this.shared
      .command(
        () =>
          new Promise<Count>((resolve, reject) =>
            this.#remote.incr(
              key,
              (error, result) => (error ? reject(error) : resolve(result)),
              timeWindow,
              max,
            ),
          ),
      )
      .then((answer) => callback(null, answer?.value ?? counted), callback);
  }

  child(routeOptions: { method: unknown; url: string }): FastifyRateLimitStore {
    return new SharedRateLimitCounts(
      this.shared,
      `${this.prefix}${String(routeOptions.method)}${routeOptions.url}-`,
    );
  }
}

/**
 * The store class `@fastify/rate-limit` builds (with `new`) for counts shared through `shared`, under
 * `<keyPrefix>gateway:rate-limit:`.
 */
export function sharedRateLimitStore(shared: SharedStore): FastifyRateLimitStoreCtor {
  return class extends SharedRateLimitCounts {
    constructor() {
      super(shared, `${shared.keyPrefix}gateway:rate-limit:`);
    }
  };
}

/**
 * The `@fastify/rate-limit` options: every route counts unless it opts out with
 * `config: { rateLimit: false }` (the gateway's `/health`, `/ready` and `/metrics`). With `shared`,
 * the counts are the replicas' together (see {@link sharedRateLimitStore}).
 */
export function rateLimitOptions(
  limit: RateLimit,
  verifier: TokenVerifier | undefined,
  shared?: SharedStore,
): RateLimitPluginOptions {
  return {
    global: true,
    max: limit.perMinute,
    timeWindow: 60_000,
    ...(shared ? { store: sharedRateLimitStore(shared) } : { cache: LOCAL_CALLERS }),
    keyGenerator: rateLimitKeys(verifier),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(limit.perMinute, Math.max(1, Math.ceil(context.ttl / 1000))),
  };
}
