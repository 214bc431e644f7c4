/**
 * What gateway replicas share through Redis (`REDIS_URL`): the per-caller rate-limit counters and the
 * response cache. Redis is a help, never a dependency: while it does not answer — not reachable at
 * start, gone under load, too slow — each replica counts and caches on its own, and it goes back to
 * the shared store by itself once Redis answers again. One log line marks each switch, and the gauge
 * `onething_gateway_shared_limits` says which store is in use.
 *
 * Commands are never queued while Redis is away (ioredis' offline queue is off, and a command whose
 * connection drops is not retried): each fails at once, or after `commandTimeoutMs` when Redis hangs,
 * and the caller falls back to its local store for that request.
 */
import type { FastifyBaseLogger } from 'fastify';
import { Redis, ReplyError } from 'ioredis';

/** How a gateway reaches the Redis its replicas share. */
export interface SharedStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://…` for TLS (`REDIS_URL`). */
  url: string;
  /**
   * Prefix of every key the gateway writes (`REDIS_KEY_PREFIX`, default `onething:`), so one Redis
   * can serve several deployments, or test runs, without their counters meeting.
   */
  keyPrefix?: string;
  /**
   * How long a command may take before the request falls back to the replica's own store, ms; default
   * {@link DEFAULT_COMMAND_TIMEOUT_MS}. Short: a request waits at most this long for a hanging Redis.
   */
  commandTimeoutMs?: number;
  /** How often Redis is asked again while it is not in use, ms; default {@link DEFAULT_PROBE_INTERVAL_MS}. */
  probeIntervalMs?: number;
}

/** The default key prefix (`REDIS_KEY_PREFIX`). */
export const DEFAULT_KEY_PREFIX = 'onething:';
/** The default {@link SharedStoreOptions.commandTimeoutMs}. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 200;
/** The default {@link SharedStoreOptions.probeIntervalMs}. */
export const DEFAULT_PROBE_INTERVAL_MS = 1000;
/** How often, at most, commands Redis refused are logged, ms. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;
/** The longest pause between two reconnection attempts, ms. */
const MAX_RECONNECT_DELAY_MS = 2000;

const KEY_PREFIX_PATTERN = /^[A-Za-z0-9:_.-]{1,64}$/;

/**
 * `raw` with whatever stands before an `@` (user and password) replaced by `***`, for messages: a
 * URL that does not parse is shown this way too, so a password never reaches a log.
 */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/?#]*@/, (_match, scheme = '') => `${scheme}***@`);
}

/**
 * Checks a Redis URL as `REDIS_URL` gives it.
 *
 * @param variable - the variable named in the message
 * @throws Error naming the variable and what was expected, the URL shown without its credentials
 */
export function parseRedisUrl(raw: string, variable = 'REDIS_URL'): string {
  const refuse = (why: string): never => {
    throw new Error(
      `${variable} must be redis://[[user]:password@]host[:port][/db] (rediss:// for TLS): ${why}, got ${JSON.stringify(withoutCredentials(raw))}`,
    );
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') refuse(`the scheme is ${url.protocol}`);
  if (!url.hostname) refuse('no host');
  if (!/^(\/(\d{1,2})?)?$/.test(url.pathname)) refuse('the path must be a database number');
  if (url.search || url.hash) refuse('no query or fragment is understood');
  return raw;
}

/** Where a Redis URL points, without its credentials: for logs. */
export function redisLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/** Checks a key prefix (`REDIS_KEY_PREFIX`). */
export function parseKeyPrefix(raw: string, variable = 'REDIS_KEY_PREFIX'): string {
  if (!KEY_PREFIX_PATTERN.test(raw)) {
    throw new Error(
      `${variable} must be 1–64 letters, digits or : _ . -, got ${JSON.stringify(raw.slice(0, 80))}`,
    );
  }
  return raw;
}

/** Told when the gateway starts or stops using the shared store. */
export type SharedStoreListener = (shared: boolean) => void;

/** The Redis connection gateway replicas share, and whether it is in use. */
export class SharedStore {
  /** The client; use it through {@link SharedStore.command}, which falls back when Redis fails. */
  readonly redis: Redis;
  /** Prefix of every key this gateway writes. */
  readonly keyPrefix: string;
  readonly #location: string;
  readonly #log: FastifyBaseLogger;
  readonly #listener: SharedStoreListener | undefined;
  readonly #probeIntervalMs: number;
  #shared = false;
  #probe: NodeJS.Timeout | undefined;
  #probing = false;
  #closed = false;
  /** When a command Redis refused (an error reply) was last logged. */
  #refusalSaidAt = Number.NEGATIVE_INFINITY;
  /** Why Redis was last given up, logged once per switch to local. */
  #lastFailure: string | undefined;

  constructor(options: SharedStoreOptions, log: FastifyBaseLogger, listener?: SharedStoreListener) {
    parseRedisUrl(options.url);
    this.keyPrefix = parseKeyPrefix(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
    this.#location = redisLocation(options.url);
    this.#log = log;
    this.#listener = listener;
    this.#probeIntervalMs = options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      connectionName: 'onething-gateway',
      // A command fails at once while Redis is away, never waits in a queue for it to come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
      // Reconnect for ever, backing off up to 2 s: the gateway serves meanwhile with local limits.
      retryStrategy: (times) => Math.min(50 * 2 ** times, MAX_RECONNECT_DELAY_MS),
    });
    this.redis.on('ready', () => void this.#check());
    this.redis.on('close', () => this.#giveUp('the connection closed'));
    this.redis.on('error', (error: Error) => this.#giveUp(error.message));
  }

  /** Whether the shared store is in use now: Redis answered and nothing has failed since. */
  get shared(): boolean {
    return this.#shared;
  }

  /**
   * Connects, without waiting for Redis: until it answers, limits and the cache are per replica.
   * Redis unreachable at start is logged (once) and retried for as long as the gateway runs.
   */
  start(): void {
    this.#log.info(
      { redis: this.#location },
      'connecting to Redis: rate limits and the response cache are per replica until it answers',
    );
    this.redis.connect().catch((error: Error) => this.#giveUp(error.message));
    this.#scheduleProbe();
  }

  /**
   * Runs `command` against Redis when the shared store is in use, and answers `undefined` when it is
   * not or the command fails. A connection that is down or a command that times out switches this
   * replica to its local store until a probe finds Redis answering again; an error Redis answered
   * (e.g. out of memory) fails that command alone, logged at most once a minute.
   */
  async command<T>(command: (redis: Redis) => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.#shared) return undefined;
    try {
      return { value: await command(this.redis) };
    } catch (error) {
      if (error instanceof ReplyError) {
        // Said at most once a minute: a full Redis refuses every write, and must not flood the log.
        if (Date.now() - this.#refusalSaidAt >= REFUSAL_LOG_INTERVAL_MS) {
          this.#refusalSaidAt = Date.now();
          this.#log.warn(
            { redis: this.#location, reason: (error as Error).message },
            'Redis refused a command: this request counts and caches on this replica',
          );
        }
      } else {
        this.#giveUp((error as Error).message);
      }
      return undefined;
    }
  }

  /** Stops probing and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#probe);
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  #switch(shared: boolean): void {
    if (shared === this.#shared) return;
    this.#shared = shared;
    if (shared) {
      this.#lastFailure = undefined;
      this.#log.info(
        { redis: this.#location },
        'Redis answers: rate limits and the response cache are shared by the replicas',
      );
    } else {
      this.#log.warn(
        { redis: this.#location, reason: this.#lastFailure },
        'Redis does not answer: rate limits and the response cache are per replica until it does',
      );
    }
    this.#listener?.(shared);
  }

  #giveUp(reason: string): void {
    if (this.#closed) return;
    if (this.#shared) {
      this.#lastFailure = reason;
      this.#switch(false);
    } else if (this.#lastFailure === undefined) {
      // Not reachable from the start: said once, then retried quietly.
      this.#lastFailure = reason;
      this.#log.warn(
        { redis: this.#location, reason },
        'Redis does not answer yet: rate limits and the response cache stay per replica; retrying',
      );
    }
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    if (this.#closed || this.#probe) return;
    this.#probe = setTimeout(() => {
      this.#probe = undefined;
      void this.#check();
    }, this.#probeIntervalMs);
    this.#probe.unref();
  }

  /** Asks Redis whether it answers (PING) when it is not in use, and uses it again if so. */
  async #check(): Promise<void> {
    if (this.#closed || this.#shared || this.#probing) return;
    if (this.redis.status !== 'ready') {
      // ioredis reconnects by itself; its `ready` brings the next check.
      this.#scheduleProbe();
      return;
    }
    this.#probing = true;
    try {
      await this.redis.ping();
      if (!this.#closed) this.#switch(true);
    } catch (error) {
      this.#giveUp((error as Error).message);
    } finally {
      this.#probing = false;
    }
  }
}
