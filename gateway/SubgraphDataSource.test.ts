import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayMetrics } from './metrics.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';

const SUBGRAPH = 'http://health-subgraph.invalid';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function send(source: SubgraphDataSource, query: string) {
  return source.process({
    kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
    request: { query, variables: {} },
    context: {},
  } as never);
}

/** The `onething_subgraph_circuit_state` series of a subgraph: one per state, 1 for the current one. */
async function circuitOf(metrics: GatewayMetrics, subgraph: string): Promise<Record<string, number>> {
  const { values } = await metrics.circuitState.get();
  return Object.fromEntries(
    values
      .filter((value) => value.labels.subgraph === subgraph)
      .map((value) => [value.labels.state, value.value]),
  );
}

const resilience = {
  timeoutMs: 200,
  readAttempts: 2,
  retryBaseDelayMs: 1,
  breakerVolumeThreshold: 3,
  breakerResetMs: 200,
};

describe('SubgraphDataSource', () => {
  it('retries a read once after a 503', async () => {
    const scope = nock(SUBGRAPH)
      .post('/graphql')
      .reply(503, 'busy')
      .post('/graphql')
      .reply(200, { data: { ok: true } });
    const source = new SubgraphDataSource('health', `${SUBGRAPH}/graphql`, resilience);
    await expect(send(source, '{ ok }')).resolves.toMatchObject({ data: { ok: true } });
    expect(scope.isDone()).toBe(true);
  });

  it('never retries a mutation: a retry after a lost answer could act twice', async () => {
    nock(SUBGRAPH).post('/graphql').reply(503, 'busy');
    const retry = nock(SUBGRAPH)
      .post('/graphql')
      .reply(200, { data: { ok: true } });
    const source = new SubgraphDataSource('health', `${SUBGRAPH}/graphql`, resilience);
    await expect(send(source, 'mutation { act }')).rejects.toMatchObject({
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: 'health' },
    });
    expect(retry.isDone()).toBe(false);
  });

  it('gives up on a hung subgraph at the timeout, naming it', async () => {
    nock(SUBGRAPH)
      .post('/graphql')
      .times(2)
      .delay(2000)
      .reply(200, { data: { ok: true } });
    const source = new SubgraphDataSource('health', `${SUBGRAPH}/graphql`, {
      ...resilience,
      readAttempts: 1,
    });
    const started = Date.now();
    await expect(send(source, '{ ok }')).rejects.toMatchObject({
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: 'health', reason: 'SUBGRAPH_TIMEOUT' },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('opens the circuit after repeated failures, fails fast, and closes when a probe succeeds', async () => {
    const metrics = new GatewayMetrics();
    const source = new SubgraphDataSource(
      'health',
      `${SUBGRAPH}/graphql`,
      { ...resilience, readAttempts: 1 },
      metrics,
    );
    nock(SUBGRAPH).post('/graphql').times(3).reply(500, 'down');
    for (let i = 0; i < 3; i++) await expect(send(source, '{ ok }')).rejects.toBeDefined();
    expect(source.circuitOpen).toBe(true);
    await expect(send(source, '{ ok }')).rejects.toMatchObject({ extensions: { reason: 'CIRCUIT_OPEN' } });
    expect(await circuitOf(metrics, 'health')).toEqual({ closed: 0, half_open: 0, open: 1 });

    await new Promise((resolve) => setTimeout(resolve, 250));
    // The reset time has passed: the next request is let through as a probe.
    expect(await circuitOf(metrics, 'health')).toEqual({ closed: 0, half_open: 1, open: 0 });
    nock(SUBGRAPH)
      .post('/graphql')
      .reply(200, { data: { ok: true } });
    await expect(send(source, '{ ok }')).resolves.toMatchObject({ data: { ok: true } });
    expect(source.circuitOpen).toBe(false);
    expect(await circuitOf(metrics, 'health')).toEqual({ closed: 1, half_open: 0, open: 0 });
  });

  it('counts a department that does not answer as a failure but still passes on the partial data', async () => {
    const degraded = {
      data: { _entities: [null] },
      errors: [
        {
          message: 'down',
          extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: 'health', reason: 'TIMEOUT' },
        },
      ],
    };
    nock(SUBGRAPH).post('/graphql').times(3).reply(200, degraded);
    const source = new SubgraphDataSource('health', `${SUBGRAPH}/graphql`, {
      ...resilience,
      readAttempts: 1,
    });
    for (let i = 0; i < 3; i++) await expect(send(source, '{ ok }')).resolves.toMatchObject(degraded);
    expect(source.circuitOpen).toBe(true);
  });
});
