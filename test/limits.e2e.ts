import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import personsSeed from '../mocks/public-security/data/persons.json' with { type: 'json' };
import type { RunningSystem } from '../system/startSystem.ts';
import { personalFieldsByDepartment } from './support/personalFields.ts';
import { AUDITOR, authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('operation limits at the gateway', () => {
  it('refuses a query nested deeper than the limit before asking any subgraph', async () => {
    for (const { server } of system.departmentSystems.values()) server.calls.reset();
    // person → household → head → household → … : each hop is two levels.
    let selection = 'name';
    for (let i = 0; i < 8; i++) selection = `household { head { ${selection} } }`;
    const query = `query($id: CitizenId!) { person(citizenId: $id) { ${selection} } }`;
    const variables = { id: scenarios.citizens.profile };
    const response = await graphql(system.gatewayUrl as string, query, variables);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_DEPTH',
      limit: 12,
      found: 18,
    });
    expect(response.errors?.[0]?.message).toBe('查询嵌套深度超过上限 12，实际为 18。');
    const inEnglish = await graphql(system.gatewayUrl as string, query, variables, {
      'accept-language': 'en',
    });
    expect(inEnglish.errors?.[0]?.message).toBe('Query depth limit of 12 exceeded, found 18.');
    expect(inEnglish.errors?.[0]?.extensions).toEqual(response.errors?.[0]?.extensions);
    expect(system.departmentSystems.get('public-security')?.server.calls.count()).toBe(0);
  });

  it('refuses an operation with more aliases than the limit', async () => {
    const aliases = Array.from(
      { length: 25 },
      (_, i) => `a${i}: schools(divisionCode: "500103") { name }`,
    ).join(' ');
    const response = await graphql(system.gatewayUrl as string, `{ ${aliases} }`);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_ALIASES',
    });
    expect(response.errors?.[0]?.message).toBe('别名数量超过上限 20，实际为 25。');
  });

  it('refuses a document with more tokens than the limit as a parse failure (400)', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const response = await graphql(system.gatewayUrl as string, `{ ${fields} }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a request body over the size limit with 413', async () => {
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(300 * 1024) } }),
    });
    expect(response.status).toBe(413);
  });

  /** How many fetches the gateway has sent its subgraphs so far. */
  async function subgraphFetches(): Promise<number> {
    const metric = system.gateway?.metrics.registry.getSingleMetric(
      'onething_subgraph_fetch_duration_seconds',
    );
    const { values } = (await metric?.get()) ?? { values: [] };
    return values
      .filter((value) => (value as { metricName?: string }).metricName?.endsWith('_count'))
      .reduce((sum, value) => sum + value.value, 0);
  }

  /** Registered citizen IDs of the seed, `count` of them (repeating when the seed has fewer). */
  const seedIds = (count: number) =>
    Array.from({ length: count }, (_, i) => personsSeed[i % personsSeed.length]?.citizenId);

  it('refuses twenty aliases of people() with one 500-ID variable for its IDs, before any subgraph is asked', async () => {
    for (const { server } of system.departmentSystems.values()) server.calls.reset();
    const fetches = await subgraphFetches();
    const aliases = Array.from({ length: 20 }, (_, i) => `p${i}: people(citizenIds: $ids) { name }`);
    const query = `query Amplified($ids: [CitizenId!]!) { ${aliases.join(' ')} }`;
    const response = await graphql(
      system.gatewayUrl as string,
      query,
      { ids: seedIds(500) },
      await authorization(system, AUDITOR),
    );
    expect(JSON.stringify({ query, variables: { ids: seedIds(500) } }).length).toBeLessThan(12_000);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MAX_IDS_PER_OPERATION',
    });
    expect(response.errors?.[0]?.message).toMatch(/此操作涉及 10000 个 ID；一次操作最多 500 个/);
    expect(await subgraphFetches()).toBe(fetches);
    for (const { server } of system.departmentSystems.values()) expect(server.calls.count()).toBe(0);
  });

  it('prices a list argument once per ID: 300 people with every personal field are over the cost', async () => {
    const fetches = await subgraphFetches();
    const fields = [...personalFieldsByDepartment().values()].flat().join(' ');
    const response = await graphql(
      system.gatewayUrl as string,
      `query People($ids: [CitizenId!]!) { people(citizenIds: $ids) { name ${fields} } }`,
      { ids: seedIds(300) },
      await authorization(system, AUDITOR),
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_COST',
    });
    expect(response.errors?.[0]?.message).toMatch(/查询成本超过上限 10000/);
    expect(await subgraphFetches()).toBe(fetches);
  });

  it('answers people() with 500 IDs, the cap, when their names are all it asks', async () => {
    const response = await graphql<{ people: unknown[] }>(
      system.gatewayUrl as string,
      'query People($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }',
      { ids: seedIds(500) },
      await authorization(system, AUDITOR),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.people).toHaveLength(500);
  });

  it('lets every example-sized query through', async () => {
    const response = await graphql(
      system.gatewayUrl as string,
      '{ schools(divisionCode: "500103") { name district { name } } }',
    );
    expect(response.errors).toBeUndefined();
  });
});
