/**
 * The gateway's configuration: one typed object read once at start-up. A bad value fails fast and
 * names the variable.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  readOperationLimits,
} from '../lib/graphql/operationLimits.ts';
import { isProduction } from '../lib/runMode.ts';
import { readSubgraphUrlOverrides } from '../lib/subgraphUrls.ts';
import { defaultCorsOrigins, parseCorsOrigin } from './cors.ts';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, MAX_TRUSTED_PROXY_HOPS } from './rateLimit.ts';
import { DEFAULT_RESPONSE_CACHE_MAX_MB, type ResponseCacheOptions } from './responseCache.ts';
import { DEFAULT_KEY_PREFIX, parseKeyPrefix, parseRedisUrl, type SharedStoreOptions } from './SharedStore.ts';
import { DEFAULT_RESILIENCE, type SubgraphResilience } from './SubgraphDataSource.ts';
import { DEFAULT_SUBSCRIPTIONS_PER_CALLER } from './subscriptions/serveSubscriptions.ts';
import { DEFAULT_SUPERGRAPH_POLL_SECONDS, parseSupergraphUrl } from './supergraphUrl.ts';

/** Everything the gateway can be configured with. */
export interface GatewayConfig {
  /** Port to listen on (`PORT`, default 4000). */
  port: number;
  /**
   * Interface to listen on (`HOST`, default 127.0.0.1): a gateway reachable beyond its machine is
   * something a deployment asks for, e.g. `HOST=0.0.0.0`.
   */
  host: string;
  /**
   * The composed supergraph file (`SUPERGRAPH_PATH`, default `schema/supergraph.graphql`), reloaded
   * when it changes; unused when `supergraphUrl` is set.
   */
  supergraphPath: string;
  /**
   * Where the supergraph is fetched from and polled instead of a file (`SUPERGRAPH_URL`: `https://`, or
   * `http://` outside production; see `supergraphUrl.ts`). Setting it with `SUPERGRAPH_PATH` stops start-up.
   */
  supergraphUrl: URL | undefined;
  /**
   * How often the supergraph is checked for a change, in seconds (`SUPERGRAPH_POLL_SECONDS`, 1–3600;
   * default 10 for a URL, 1 for a file).
   */
  supergraphPollSeconds: number;
  /**
   * Routing URLs that replace the supergraph's, per subgraph name (`SUBGRAPH_URL_<NAME>`, the name in
   * upper case with dashes as underscores, e.g. `SUBGRAPH_URL_PUBLIC_SECURITY`).
   */
  subgraphUrls: Record<string, string>;
  /** Production mode (unless `NODE_ENV` is `development` or `test`): no explorer, no introspection, no stack traces. */
  production: boolean;
  /** Log level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
  /**
   * Limits on each operation (`GATEWAY_MAX_DEPTH`, `GATEWAY_MAX_ALIASES`, `GATEWAY_MAX_COST`,
   * `GATEWAY_MAX_IDS_PER_OPERATION`, `GATEWAY_MAX_TOKENS`; defaults 12, 20, 10000, 500, 5000).
   */
  limits: OperationLimits;
  /** Largest request body in bytes (`GATEWAY_MAX_BODY_BYTES`, default 262144). */
  maxBodyBytes: number;
  /** Timeouts, retries and circuit breaking per subgraph (`GATEWAY_SUBGRAPH_*`). */
  resilience: SubgraphResilience;
  /**
   * The persisted-document safelist (`GATEWAY_SAFELIST_DIR`): a folder holding Apollo's
   * `persisted-query-manifest.json` and/or the client preset's `persisted-documents.json`, e.g.
   * `schema/operations/generated` (written by `npm run codegen`); when set, only those documents run.
   * Unset: any operation within the limits runs.
   */
  safelistDir: string | undefined;
  /**
   * Origins whose pages may call the gateway (`GATEWAY_CORS_ORIGINS`, comma-separated; default none
   * in production, `http://localhost:*`, `http://127.0.0.1:*` and `http://[::1]:*` otherwise).
   */
  corsOrigins: readonly string[];
  /** Requests per caller per minute (`GATEWAY_RATE_LIMIT_PER_MINUTE`, default 600). */
  rateLimitPerMinute: number;
  /** Subscriptions one caller may hold open on a replica (`GATEWAY_SUBSCRIPTIONS_PER_CALLER`, default 10). */
  subscriptionsPerCaller: number;
  /**
   * How many proxies in front of the gateway (load balancers) are trusted to say who the client is
   * in `X-Forwarded-For` (`GATEWAY_TRUSTED_PROXY_HOPS`, 0–10, default 0: none, the client is the
   * connection's address).
   */
  trustedProxyHops: number;
  /**
   * The cache of whole public answers (`GATEWAY_RESPONSE_CACHE_MAX_MB`, its size in MiB, default 64;
   * `0` turns it off, `false` here).
   */
  responseCache: ResponseCacheOptions | false;
  /**
   * The Redis gateway replicas share rate-limit counts and cached answers through (`REDIS_URL`,
   * `redis://[[user]:password@]host[:port][/db]` or `rediss://…`; keys under `REDIS_KEY_PREFIX`,
   * default `onething:`). Unset: each replica keeps its own. A malformed URL stops start-up; one that
   * does not answer does not (see `SharedStore.ts`).
   */
  sharedStore: SharedStoreOptions | undefined;
}

/** The shared store of `REDIS_URL` and `REDIS_KEY_PREFIX`, or `undefined` when `REDIS_URL` is unset or empty. */
function readSharedStore(env: NodeJS.ProcessEnv): SharedStoreOptions | undefined {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  return {
    url: parseRedisUrl(url, 'REDIS_URL'),
    keyPrefix: env.REDIS_KEY_PREFIX ? parseKeyPrefix(env.REDIS_KEY_PREFIX) : DEFAULT_KEY_PREFIX,
  };
}

/** The response cache of `GATEWAY_RESPONSE_CACHE_MAX_MB`: its size, or `false` for `0` (off). */
function readResponseCache(env: NodeJS.ProcessEnv): ResponseCacheOptions | false {
  const megabytes = readInteger(
    env,
    'GATEWAY_RESPONSE_CACHE_MAX_MB',
    DEFAULT_RESPONSE_CACHE_MAX_MB,
    0,
    65_536,
  );
  return megabytes === 0 ? false : { maxBytes: megabytes * 1024 * 1024 };
}

/** The repository's committed supergraph. */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../schema/supergraph.graphql', import.meta.url),
);

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number ${min}–${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The allow-listed origins of `GATEWAY_CORS_ORIGINS`, or the mode's default when it is unset or empty. */
function readCorsOrigins(env: NodeJS.ProcessEnv, production: boolean): readonly string[] {
  const raw = env.GATEWAY_CORS_ORIGINS?.trim();
  if (!raw) return defaultCorsOrigins(production);
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        return parseCorsOrigin(entry);
      } catch (error) {
        throw new Error(`GATEWAY_CORS_ORIGINS: ${(error as Error).message}`);
      }
    });
}

/** The supergraph's URL of `SUPERGRAPH_URL`, refused together with `SUPERGRAPH_PATH`; `undefined` when unset. */
function readSupergraphUrl(env: NodeJS.ProcessEnv, production: boolean): URL | undefined {
  const raw = env.SUPERGRAPH_URL?.trim();
  if (!raw) return undefined;
  if (env.SUPERGRAPH_PATH) {
    throw new Error(
      'SUPERGRAPH_PATH and SUPERGRAPH_URL are both set: the supergraph comes from one source, set only one',
    );
  }
  return parseSupergraphUrl(raw, production);
}

/** Reads the gateway's configuration from the environment. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const subgraphUrls = readSubgraphUrlOverrides(env);
  const production = isProduction(env);
  const supergraphUrl = readSupergraphUrl(env, production);
  return {
    port: readInteger(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    supergraphPath: env.SUPERGRAPH_PATH ? path.resolve(env.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH_PATH,
    supergraphUrl,
    supergraphPollSeconds: readInteger(
      env,
      'SUPERGRAPH_POLL_SECONDS',
      supergraphUrl ? DEFAULT_SUPERGRAPH_POLL_SECONDS : 1,
      1,
      3600,
    ),
    subgraphUrls,
    production,
    logLevel: env.LOG_LEVEL || 'info',
    limits: readOperationLimits(env, 'GATEWAY', DEFAULT_OPERATION_LIMITS),
    maxBodyBytes: readInteger(env, 'GATEWAY_MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    safelistDir: env.GATEWAY_SAFELIST_DIR ? path.resolve(env.GATEWAY_SAFELIST_DIR) : undefined,
    corsOrigins: readCorsOrigins(env, production),
    rateLimitPerMinute: readInteger(
      env,
      'GATEWAY_RATE_LIMIT_PER_MINUTE',
      DEFAULT_RATE_LIMIT_PER_MINUTE,
      1,
      1_000_000,
    ),
    trustedProxyHops: readInteger(env, 'GATEWAY_TRUSTED_PROXY_HOPS', 0, 0, MAX_TRUSTED_PROXY_HOPS),
    subscriptionsPerCaller: readInteger(
      env,
      'GATEWAY_SUBSCRIPTIONS_PER_CALLER',
      DEFAULT_SUBSCRIPTIONS_PER_CALLER,
      1,
      1000,
    ),
    responseCache: readResponseCache(env),
    sharedStore: readSharedStore(env),
    resilience: {
      timeoutMs: readInteger(env, 'GATEWAY_SUBGRAPH_TIMEOUT_MS', DEFAULT_RESILIENCE.timeoutMs, 10, 600_000),
      readAttempts: readInteger(
        env,
        'GATEWAY_SUBGRAPH_READ_ATTEMPTS',
        DEFAULT_RESILIENCE.readAttempts,
        1,
        10,
      ),
      retryBaseDelayMs: readInteger(
        env,
        'GATEWAY_SUBGRAPH_RETRY_DELAY_MS',
        DEFAULT_RESILIENCE.retryBaseDelayMs,
        0,
        60_000,
      ),
      breakerErrorPercentage: readInteger(
        env,
        'GATEWAY_BREAKER_ERROR_PERCENTAGE',
        DEFAULT_RESILIENCE.breakerErrorPercentage,
        1,
        100,
      ),
      breakerVolumeThreshold: readInteger(
        env,
        'GATEWAY_BREAKER_VOLUME_THRESHOLD',
        DEFAULT_RESILIENCE.breakerVolumeThreshold,
        1,
        10_000,
      ),
      breakerResetMs: readInteger(
        env,
        'GATEWAY_BREAKER_RESET_MS',
        DEFAULT_RESILIENCE.breakerResetMs,
        100,
        600_000,
      ),
    },
  };
}
