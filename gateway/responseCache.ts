/**
 * The gateway's cache of whole public answers (`@apollo/server-plugin-response-cache`), in memory and
 * bounded in size. What may be cached is decided by the subgraphs, not here: each subgraph sends the
 * cache hints of its answer as a `cache-control` header (from `@cacheControl` in its SDL; no hint
 * means `no-store`), @apollo/gateway's data source narrows the request's cache policy by every such
 * header, and only an answer whose every subgraph fetch allowed it publicly, for the shortest of their
 * max-ages, is stored. Personal data carries no hint, so an answer holding any is never stored.
 *
 * There are no sessions: a PRIVATE answer is never stored (not even per caller), and a stored answer
 * is served to anyone who sends the same query, variables and operation name — with or without a
 * token, which is still verified first. Mutations are neither served from nor written to the cache,
 * and neither are answers with errors.
 *
 * With a {@link SharedStore} (`REDIS_URL`) the stored answers live in Redis, under
 * `<keyPrefix>gateway:response-cache:`, each expiring after its max-age like in memory: an answer one
 * replica stored is served by all. While Redis does not answer, each replica stores in its own memory.
 * Only public answers exist to be shared: nothing per caller is ever stored, here or in Redis.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import {
  InMemoryLRUCache,
  type KeyValueCache,
  type KeyValueCacheSetOptions,
} from '@apollo/utils.keyvaluecache';
import type { GatewayContext } from './context.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { SharedStore } from './SharedStore.ts';

/** How the response cache is set up. */
export interface ResponseCacheOptions {
  /** The most the stored answers may take, in bytes; the least recently used go first beyond it. */
  maxBytes: number;
  /**
   * The clock stored answers expire by, in milliseconds; `performance.now()` unless given. Tests pass
   * one they move, to see an answer expire after its max-age without waiting for it.
   */
  clock?: { now(): number };
}

/** The default size of the response cache, in MiB (`GATEWAY_RESPONSE_CACHE_MAX_MB`). */
export const DEFAULT_RESPONSE_CACHE_MAX_MB = 64;

/** The default {@link ResponseCacheOptions}. */
export const DEFAULT_RESPONSE_CACHE: ResponseCacheOptions = {
  maxBytes: DEFAULT_RESPONSE_CACHE_MAX_MB * 1024 * 1024,
};

/**
 * What became of a query at the cache, as `onething_gateway_response_cache_total` counts it: `hit`
 * (answered from the cache), `miss` (not there; the answer was public and is now stored) or
 * `uncacheable` (personal, failed or without cache hints: not stored).
 */
export type ResponseCacheResult = 'hit' | 'miss' | 'uncacheable';

/**
 * The size of a stored answer: its serialized form counted as UTF-16, two bytes a character, the
 * most its string takes in memory (answers hold Chinese text, which V8 stores two bytes a character).
 */
const storedBytes = (value: string) => value.length * 2;

/**
 * The stored answers in Redis while the shared store is in use, else (and whenever a command fails)
 * in the replica's own memory. It never throws: a failing Redis is a miss, not a failed request.
 */
export class SharedResponseCache implements KeyValueCache<string> {
  readonly #prefix: string;

  /**
   * @param maxBytes - the largest answer stored, as in memory: a bigger one is not sent to Redis either
   */
  constructor(
    private readonly shared: SharedStore,
    private readonly local: KeyValueCache<string>,
    private readonly maxBytes: number,
  ) {
    this.#prefix = `${shared.keyPrefix}gateway:response-cache:`;
  }

  async get(key: string): Promise<string | undefined> {
    const answer = await this.shared.command((redis) => redis.get(this.#prefix + key));
    if (answer) return answer.value ?? undefined;
    return this.local.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttlSeconds = options?.ttl;
    // Never shared without an expiry: every public answer has a max-age, and keeps it in Redis.
    if (!ttlSeconds || ttlSeconds <= 0 || storedBytes(value) > this.maxBytes) {
      return this.local.set(key, value, options);
    }
    const stored = await this.shared.command((redis) =>
      redis.set(this.#prefix + key, value, 'PX', Math.ceil(ttlSeconds * 1000)),
    );
    if (!stored) await this.local.set(key, value, options);
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.shared.command((redis) => redis.del(this.#prefix + key));
    return (await this.local.delete(key)) || (deleted?.value ?? 0) > 0;
  }
}

/** Counts what became of each query at the cache, once its answer is ready. */
function useResponseCacheMetrics(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, metrics: request, overallCachePolicy, response }) {
          // Only queries are looked up; a request that failed before execution never reached the cache.
          if (operation?.operation !== 'query' || request.responseCacheHit === undefined) return;
          let result: ResponseCacheResult = 'uncacheable';
          if (request.responseCacheHit) result = 'hit';
          else if (
            overallCachePolicy.policyIfCacheable()?.scope === 'PUBLIC' &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors &&
            response.body.singleResult.data
          )
            result = 'miss';
          metrics.responseCache.inc({ result });
        },
      };
    },
  };
}

/**
 * The plugins that cache public answers at the gateway, and count hits and misses when given the
 * gateway's metrics; with `shared`, the answers are the replicas' together (see
 * {@link SharedResponseCache}).
 */
export function useResponseCache(
  options: ResponseCacheOptions,
  metrics?: GatewayMetrics,
  shared?: SharedStore,
): ApolloServerPlugin<GatewayContext>[] {
  if (!Number.isInteger(options.maxBytes) || options.maxBytes <= 0) {
    throw new TypeError(
      `the response cache's maxBytes must be a whole number above 0, got ${options.maxBytes}`,
    );
  }
  const local = new InMemoryLRUCache<string>({
    maxSize: options.maxBytes,
    sizeCalculation: storedBytes,
    // A clock of the caller's is read at every look-up, not once a millisecond.
    ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
  });
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    responseCachePlugin<GatewayContext>({
      cache: shared ? new SharedResponseCache(shared, local, options.maxBytes) : local,
      // No session: one shared store, where only PUBLIC answers go (a PRIVATE one is dropped).
      sessionId: async () => null,
    }),
  ];
  if (metrics) plugins.push(useResponseCacheMetrics(metrics));
  return plugins;
}
