/**
 * Gateway replicas sharing one Redis: a caller's budget is the same through two gateways as through
 * one, a public answer one gateway stored is served by the other, and when Redis dies under load both
 * keep answering with their own limits, and share again once it is back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway, type GatewayOptions } from '../gateway/server.ts';
import { GATEWAY } from '../lib/auth/services.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from './support/eventually.ts';
import { OPERATIONS_DIR } from './support/operations.ts';
import { type TestRedis, testRedis } from './support/redisServer.ts';
import { describeWithRedis } from './support/services.ts';
import { authorization, graphql, startTestSystem } from './support/system.ts';

const SUPERGRAPH = readFileSync(SUPERGRAPH_FILE, 'utf8');
/** Every subgraph at a host that never resolves: `{ __typename }` needs none of them. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

/** A gateway listening on an ephemeral port, and what it logged. */
interface Replica {
  gateway: Gateway;
  url: string;
  logs: Array<{ level: number; msg: string }>;
}

const replicas: Replica[] = [];

afterEach(async () => {
  await Promise.all(replicas.splice(0).map(({ gateway }) => gateway.app.close()));
});

/** Builds a gateway replica on port 0, logging into its `logs`. */
async function replica(options: Partial<GatewayOptions>): Promise<Replica> {
  const logs: Replica['logs'] = [];
  const gateway = await buildGateway({
    supergraph: SUPERGRAPH,
    subgraphUrls: UNREACHABLE_SUBGRAPHS,
    // The test names its callers in X-Forwarded-For, as a load balancer in front would.
    trustedProxyHops: 1,
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    ...options,
  });
  const address = await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const started = { gateway, url: `${address}/graphql`, logs };
  replicas.push(started);
  return started;
}

/** The HTTP status of `caller`'s `{ __typename }` through `replica`. */
async function statusOf({ url }: Replica, caller: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': caller },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The statuses of `caller`'s requests, one through each replica in turn, one after another. */
async function statusesThrough(sequence: Replica[], caller: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const through of sequence) statuses.push(await statusOf(through, caller));
  return statuses;
}

/** `onething_gateway_shared_limits` of a replica. */
async function sharedGauge({ gateway }: Replica): Promise<number | undefined> {
  return (await gateway.metrics.sharedLimits.get()).values[0]?.value;
}

/** Waits until every replica uses the shared store (`shared`), or every one its own. */
async function untilShared(shared: boolean, ...among: Replica[]): Promise<void> {
  await eventually(
    async () => {
      const gauges = await Promise.all(among.map(sharedGauge));
      return gauges.every((gauge) => gauge === (shared ? 1 : 0)) || undefined;
    },
    { timeoutMs: 20_000 },
    () => `shared limits ${shared ? 'on' : 'off'} in every replica`,
  );
}

/** The messages a replica logged that say its limits are per replica now. */
const perReplicaWarnings = ({ logs }: Replica) =>
  logs.filter(({ msg }) => /Redis does not answer/.test(msg)).map(({ msg }) => msg);

describeWithRedis('gateway replicas sharing one Redis', (redisUrl) => {
  /** Every key of this file's run under one prefix: runs and other tests never meet. */
  const keyPrefix = `onething-test:${randomUUID()}:`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(redisUrl, { lazyConnect: true });
  });

  afterAll(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  describe('the rate limit', () => {
    it('gives a caller the same budget through two gateways as through one', async () => {
      const shared = { url: redisUrl, keyPrefix };
      const a = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      const b = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      const alone = await replica({ rateLimit: { perMinute: 4 } });
      await untilShared(true, a, b);

      expect(await statusesThrough([alone, alone, alone, alone, alone], '198.51.100.1')).toEqual([
        200, 200, 200, 200, 429,
      ]);
      expect(await statusesThrough([a, b, a, b, a, b], '198.51.100.1')).toEqual([
        200, 200, 200, 200, 429, 429,
      ]);
      // Counted once for both, at once too: ten concurrent requests, four of them allowed.
      const concurrent = await Promise.all(
        Array.from({ length: 10 }, (_, i) => statusOf(i % 2 ? a : b, '198.51.100.2')),
      );
      expect(concurrent.filter((status) => status === 200)).toHaveLength(4);
      expect(concurrent.filter((status) => status === 429)).toHaveLength(6);
      // The counts are Redis keys under the prefix, expiring with the minute.
      const keys = await redis.keys(`${keyPrefix}gateway:rate-limit:*`);
      expect(keys.sort()).toEqual([
        `${keyPrefix}gateway:rate-limit:address:198.51.100.1`,
        `${keyPrefix}gateway:rate-limit:address:198.51.100.2`,
      ]);
      for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    });
  });

  describe('the response cache', () => {
    let system: RunningSystem;
    const received: Record<string, number> = {};

    beforeAll(async () => {
      system = await startTestSystem({ withoutGateway: true });
      for (const { name, server } of system.subgraphs.values()) {
        received[name] = 0;
        server.app.server.on('request', (request: { url?: string }) => {
          if (request.url?.startsWith('/graphql')) received[name] = (received[name] ?? 0) + 1;
        });
      }
    });

    afterAll(async () => {
      await system?.stop();
    });

    const operation = (name: string) => ({
      query: readFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), 'utf8'),
      variables: JSON.parse(readFileSync(path.join(OPERATIONS_DIR, `${name}.variables.json`), 'utf8')),
    });

    it('serves through one gateway a public answer the other stored, and never a personal one', async () => {
      const options: Partial<GatewayOptions> = {
        subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, { url }]) => [name, url])),
        trust: system.authentication.trustFor(GATEWAY),
        sharedStore: { url: redisUrl, keyPrefix },
      };
      const a = await replica(options);
      const b = await replica(options);
      await untilShared(true, a, b);

      const lookup = operation('SchoolDistrictLookup');
      const variables = { ...lookup.variables, divisionCode: '500103', street: '解放碑街道' };
      const educationBefore = received.education ?? 0;
      const first = await graphql(a.url, lookup.query, variables);
      const second = await graphql(b.url, lookup.query, variables);
      expect(first.errors).toBeUndefined();
      expect(second.data).toEqual(first.data);
      expect(first.headers.get('age')).toBeNull();
      expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect((received.education ?? 0) - educationBefore).toBe(1);

      // Stored once, under the prefix, for the answer's max-age (a minute: places left change) and no longer.
      expect(first.headers.get('cache-control')).toBe('max-age=60, public');
      const stored = await redis.keys(`${keyPrefix}gateway:response-cache:*`);
      expect(stored).toHaveLength(1);
      const ttl = await redis.pttl(stored[0] as string);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);

      // A citizen's own profile is asked of the departments through each gateway, and stored nowhere.
      const profile = operation('CitizenProfile');
      const citizen = await authorization(system, profile.variables.citizenId as string);
      const publicSecurityBefore = received['public-security'] ?? 0;
      for (const through of [a, b]) {
        const answer = await graphql(through.url, profile.query, profile.variables, citizen);
        expect(answer.errors).toBeUndefined();
        expect(answer.headers.get('age')).toBeNull();
      }
      expect((received['public-security'] ?? 0) - publicSecurityBefore).toBeGreaterThanOrEqual(2);
      expect(await redis.keys(`${keyPrefix}gateway:response-cache:*`)).toEqual(stored);
    });
  });

  describe('when Redis goes away', () => {
    let own: TestRedis;

    beforeAll(async () => {
      own = await testRedis();
    });

    afterAll(async () => {
      await own?.kill();
    });

    it('serves with per-replica limits, and shares them again once Redis is back', async () => {
      // Redis is not there yet when the gateways start: they serve, with their own limits.
      const shared = { url: own.url, keyPrefix, probeIntervalMs: 100 };
      const a = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      const b = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      expect(await sharedGauge(a)).toBe(0);
      expect(await statusesThrough([a, a, a, a, a, b], '203.0.113.1')).toEqual([
        200, 200, 200, 200, 429, 200,
      ]);

      await own.start();
      await untilShared(true, a, b);
      expect(await statusesThrough([a, b, a, b, a, b], '203.0.113.2')).toEqual([
        200, 200, 200, 200, 429, 429,
      ]);

      // Under load — every request a caller of its own — Redis is killed: nothing fails.
      const statuses: number[] = [];
      let sent = 0;
      const load = async (until: () => Promise<boolean>) => {
        const deadline = Date.now() + 20_000;
        while (!(await until()) && Date.now() < deadline) {
          const batch = Array.from({ length: 8 }, (_, i) =>
            statusOf(i % 2 ? a : b, `192.0.2.${(sent + i) % 250}`),
          );
          sent += batch.length;
          statuses.push(...(await Promise.all(batch)));
        }
      };
      const killed = own.kill();
      await load(async () => (await sharedGauge(a)) === 0 && (await sharedGauge(b)) === 0);
      await killed;
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((status) => status === 200)).toBe(true);
      // Each replica said so once, however many requests found Redis gone.
      for (const each of [a, b]) expect(perReplicaWarnings(each)).toHaveLength(2);

      // The limit still holds, per replica: not dropped while Redis is away.
      expect(await statusesThrough([a, a, a, a, a], '203.0.113.3')).toEqual([200, 200, 200, 200, 429]);
      expect(await statusesThrough([b, b, b, b, b], '203.0.113.3')).toEqual([200, 200, 200, 200, 429]);

      await own.start();
      await untilShared(true, a, b);
      expect(await statusesThrough([a, b, a, b, a, b], '203.0.113.4')).toEqual([
        200, 200, 200, 200, 429, 429,
      ]);
    });

    it('answers within its command timeout when Redis hangs, and shares again once it answers', async () => {
      await own.start();
      const shared = { url: own.url, keyPrefix, probeIntervalMs: 100, commandTimeoutMs: 200 };
      const a = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      const b = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      await untilShared(true, a, b);

      own.pause();
      try {
        // The connection stays open, so only the command timeout tells: each replica's first request
        // waits for it, then counts locally.
        const started = Date.now();
        expect(await statusesThrough([a, b], '203.0.113.5')).toEqual([200, 200]);
        expect(Date.now() - started).toBeLessThan(5_000);
        await untilShared(false, a, b);
        expect(await statusesThrough([a, a, a, a], '203.0.113.5')).toEqual([200, 200, 200, 429]);
      } finally {
        own.resume();
      }
      await untilShared(true, a, b);
      expect(await statusesThrough([a, b, a, b, a], '203.0.113.6')).toEqual([200, 200, 200, 200, 429]);
    });
    it('keeps the shared store when Redis refuses commands (full), counting those requests locally and saying so once', async () => {
      await own.start();
      const shared = { url: own.url, keyPrefix, probeIntervalMs: 100 };
      const a = await replica({ rateLimit: { perMinute: 4 }, sharedStore: shared });
      await untilShared(true, a);
      const admin = new Redis(own.url);
      try {
        // Full: every write is refused with an OOM error reply, while PING still answers.
        await admin.config('SET', 'maxmemory-policy', 'noeviction');
        await admin.config('SET', 'maxmemory', '1');
        expect(await statusesThrough([a, a, a, a, a], '203.0.113.7')).toEqual([200, 200, 200, 200, 429]);
        expect(await sharedGauge(a)).toBe(1);
        expect(a.logs.filter(({ msg }) => /Redis refused a command/.test(msg))).toHaveLength(1);
        await admin.config('SET', 'maxmemory', '0');
        expect(await statusesThrough([a, a], '203.0.113.8')).toEqual([200, 200]);
        expect(await admin.get(`${keyPrefix}gateway:rate-limit:address:203.0.113.8`)).toBe('2');
      } finally {
        await admin.quit();
      }
    });
  });
});
