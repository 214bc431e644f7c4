import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from '../test/support/eventually.ts';
import { readGatewayConfig } from './config.ts';
import { parseRedisUrl, redisLocation, withoutCredentials } from './SharedStore.ts';
import { buildGateway, type Gateway, type GatewayOptions } from './server.ts';

/** Every subgraph at a host that never resolves: `{ __typename }` needs none of them. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

describe('REDIS_URL', () => {
  it('is read with the key prefix, and is optional', () => {
    expect(readGatewayConfig({}).sharedStore).toBeUndefined();
    expect(readGatewayConfig({ REDIS_URL: '' }).sharedStore).toBeUndefined();
    expect(readGatewayConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).sharedStore).toEqual({
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'onething:',
    });
    expect(
      readGatewayConfig({ REDIS_URL: 'rediss://:pw@cache.example:6380/2', REDIS_KEY_PREFIX: 'prov-50:' })
        .sharedStore,
    ).toEqual({ url: 'rediss://:pw@cache.example:6380/2', keyPrefix: 'prov-50:' });
    expect(() =>
      readGatewayConfig({ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'a key with spaces' }),
    ).toThrow(/REDIS_KEY_PREFIX must be 1–64 letters/);
  });

  it('refuses a malformed URL at start, saying what was expected and never the password', () => {
    const refused = {
      'localhost:6379': /scheme/,
      'http://cache:6379': /the scheme is http:/,
      'redis://': /no host/,
      'redis://cache:6379/zero': /database number/,
      'redis://cache:6379?tls=true': /no query/,
      'redis://admin:s3cret@cache:99999': /not a URL/,
      'redis://:s3cret@[cache:6379': /not a URL/,
    };
    for (const [url, why] of Object.entries(refused)) {
      let message = '';
      try {
        readGatewayConfig({ REDIS_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, url).toMatch(
        /^REDIS_URL must be redis:\/\/\[\[user\]:password@\]host\[:port\]\[\/db\]/,
      );
      expect(message, url).toMatch(why);
      expect(message, url).not.toContain('s3cret');
    }
    expect(parseRedisUrl('redis://user:pw@cache:6379/3')).toBe('redis://user:pw@cache:6379/3');
  });

  it('is shown without its credentials', () => {
    expect(withoutCredentials('redis://admin:s3cret@cache:6379')).toBe('redis://***@cache:6379');
    expect(withoutCredentials(':s3cret@cache')).toBe('***@cache');
    expect(redisLocation('rediss://admin:s3cret@cache:6380/2')).toBe('rediss://cache:6380/2');
  });
});

// Building a gateway loads the whole supergraph: seconds on a busy machine.
describe('a gateway whose Redis does not answer', { timeout: 30_000 }, () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.app.close();
    gateway = undefined;
  });

  /** A gateway allowing two requests a minute, logging into `logs`. */
  async function gatewayWith(options: Partial<GatewayOptions>, logs: Array<{ msg: string }>) {
    gateway = await buildGateway({
      supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: UNREACHABLE_SUBGRAPHS,
      rateLimit: { perMinute: 2 },
      logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
      ...options,
    });
    return gateway;
  }

  const statusOf = async ({ app }: Gateway) =>
    (
      await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: { query: '{ __typename }' },
      })
    ).statusCode;

  const sharedGauge = async ({ metrics }: Gateway) => (await metrics.sharedLimits.get()).values[0]?.value;

  it('without REDIS_URL, says once at start that limits are per replica, and limits per replica', async () => {
    const logs: Array<{ msg: string }> = [];
    const built = await gatewayWith({}, logs);
    expect([await statusOf(built), await statusOf(built), await statusOf(built)]).toEqual([200, 200, 429]);
    expect(logs.filter(({ msg }) => /per replica/.test(msg)).map(({ msg }) => msg)).toEqual([
      'REDIS_URL is not set: rate limits and the response cache are per replica',
    ]);
    expect(await sharedGauge(built)).toBe(0);
    expect(built.shared).toBeUndefined();
  });

  it('unreachable at start, serves with per-replica limits and says so once, without the password', async () => {
    // A port no one listens on: a listener's, closed.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');

    const logs: Array<{ msg: string; redis?: string }> = [];
    const built = await gatewayWith(
      { sharedStore: { url: `redis://:s3cret@127.0.0.1:${port}`, probeIntervalMs: 50 } },
      logs,
    );
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await statusOf(built));
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(await sharedGauge(built)).toBe(0);
    expect(built.shared?.shared).toBe(false);
    // Retried quietly: one line at start, one when the first attempt failed, however many follow.
    let attempts = 0;
    built.shared?.redis.on('reconnecting', () => attempts++);
    await eventually(
      () => (attempts >= 3 ? true : undefined),
      {},
      () => `${attempts} reconnections`,
    );
    const said = logs.filter(({ msg }) => /Redis/.test(msg));
    expect(said.map(({ msg }) => msg)).toEqual([
      'connecting to Redis: rate limits and the response cache are per replica until it answers',
      'Redis does not answer yet: rate limits and the response cache stay per replica; retrying',
    ]);
    expect(said.every(({ redis }) => redis === `redis://127.0.0.1:${port}`)).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('s3cret');
  });
});
