import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';
import type { GatewayContext } from './context.ts';
import { GatewayMetrics } from './metrics.ts';
import { useResponseCache } from './responseCache.ts';

/** A schema with one field per kind of cache hint, each counting how often it is resolved. */
const TYPE_DEFS = `
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean)
    on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query {
    notice(length: Int!): String @cacheControl(maxAge: 60, scope: PUBLIC)
    myNotice: String @cacheControl(maxAge: 60, scope: PRIVATE)
    personal: String
  }
  type Mutation {
    publish: String @cacheControl(maxAge: 60, scope: PUBLIC)
  }
`;

async function serverWithCache(maxBytes: number, clock?: { now(): number }) {
  const resolved: Record<string, number> = {};
  const count = (field: string) => {
    resolved[field] = (resolved[field] ?? 0) + 1;
  };
  const metrics = new GatewayMetrics();
  const server = new ApolloServer<GatewayContext>({
    typeDefs: TYPE_DEFS,
    resolvers: {
      Query: {
        notice: (_: unknown, { length }: { length: number }) => {
          count('notice');
          return 'n'.repeat(length);
        },
        myNotice: () => {
          count('myNotice');
          return 'mine';
        },
        personal: () => {
          count('personal');
          return 'personal';
        },
      },
      Mutation: {
        publish: () => {
          count('publish');
          return 'published';
        },
      },
    },
    plugins: useResponseCache({ maxBytes, clock }, metrics),
  });
  await server.start();
  const ask = async (query: string) => {
    const response = await server.executeOperation({ query }, { contextValue: {} as GatewayContext });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { errors: response.body.singleResult.errors, age: response.http.headers.get('age') };
  };
  return { server, ask, resolved, metrics };
}

describe('the response cache', () => {
  it('answers a public query again from the cache, with its age', async () => {
    const { server, ask, resolved } = await serverWithCache(1024 * 1024);
    const first = await ask('{ notice(length: 10) }');
    const second = await ask('{ notice(length: 10) }');
    expect(first).toEqual({ errors: undefined, age: undefined });
    expect(second.age).toMatch(/^\d+$/);
    expect(resolved).toEqual({ notice: 1 });
    await server.stop();
  });

  it('serves a stored answer until its max-age has passed, then asks the subgraph again', async () => {
    let now = 1_000_000;
    const { server, ask, resolved } = await serverWithCache(1024 * 1024, { now: () => now });
    await ask('{ notice(length: 10) }');
    now += 59_000;
    expect((await ask('{ notice(length: 10) }')).age).toMatch(/^\d+$/);
    expect(resolved).toEqual({ notice: 1 });
    // `notice` is PUBLIC for 60 s: a second later it is resolved again, and stored afresh.
    now += 2_000;
    expect((await ask('{ notice(length: 10) }')).age).toBeUndefined();
    expect(await ask('{ notice(length: 10) }')).toMatchObject({ age: expect.stringMatching(/^\d+$/) });
    expect(resolved).toEqual({ notice: 2 });
    await server.stop();
  });

  it('never stores a private answer, one without hints, or a mutation’s', async () => {
    const { server, ask, resolved, metrics } = await serverWithCache(1024 * 1024);
    for (const query of ['{ myNotice }', '{ personal }', 'mutation { publish }']) {
      await ask(query);
      expect(await ask(query)).toMatchObject({ errors: undefined, age: undefined });
    }
    expect(resolved).toEqual({ myNotice: 2, personal: 2, publish: 2 });
    const counted = await metrics.responseCache.get();
    expect(counted.values.map(({ labels, value }) => [labels.result, value])).toEqual([['uncacheable', 4]]);
    await server.stop();
  });

  it('keeps no answer larger than its size', async () => {
    const { server, ask, resolved } = await serverWithCache(1000);
    await ask('{ notice(length: 10) }');
    await ask('{ notice(length: 10) }');
    // About 1 100 bytes stored as UTF-16: over the bound, so asked again each time.
    await ask('{ notice(length: 500) }');
    await ask('{ notice(length: 500) }');
    expect(resolved).toEqual({ notice: 3 });
    await server.stop();
  });
});

describe('GATEWAY_RESPONSE_CACHE_MAX_MB', () => {
  it('is 64 MiB by default, off at 0, and refuses what is not a size', () => {
    expect(readGatewayConfig({}).responseCache).toEqual({ maxBytes: 64 * 1024 * 1024 });
    expect(readGatewayConfig({ GATEWAY_RESPONSE_CACHE_MAX_MB: '8' }).responseCache).toEqual({
      maxBytes: 8 * 1024 * 1024,
    });
    expect(readGatewayConfig({ GATEWAY_RESPONSE_CACHE_MAX_MB: '0' }).responseCache).toBe(false);
    expect(() => readGatewayConfig({ GATEWAY_RESPONSE_CACHE_MAX_MB: 'lots' })).toThrow(
      /GATEWAY_RESPONSE_CACHE_MAX_MB must be a whole number/,
    );
  });
});
