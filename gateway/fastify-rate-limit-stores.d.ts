/**
 * Types of the stores `@fastify/rate-limit` ships (it types only its plugin): the gateway builds its
 * shared store from them (see `rateLimit.ts`).
 */
declare module '@fastify/rate-limit/store/LocalStore.js' {
  type Count = { current: number; ttl: number };
  /** Counts in the process's memory, the least recently seen keys forgotten beyond `cache`. */
  export default class LocalStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, cache?: number);
    incr(
      key: string,
      callback: (error: Error | null, result: Count) => void,
      timeWindow: number,
      max: number,
    ): void;
  }
}

declare module '@fastify/rate-limit/store/RedisStore.js' {
  type Count = { current: number; ttl: number };
  /** Counts in Redis with one Lua script per increment, keys `<key><caller>` expiring with the window. */
  export default class RedisStore {
    constructor(
      continueExceeding: boolean,
      exponentialBackoff: boolean,
      redis: import('ioredis').Redis,
      key?: string,
    );
    incr(
      key: string,
      callback: (error: Error | null, result: Count) => void,
      timeWindow: number,
      max: number,
    ): void;
  }
}
