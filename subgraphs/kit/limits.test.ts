import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_LIMITS } from '../../lib/graphql/operationLimits.ts';
import { buildSubgraph } from '../public-security/server.ts';
import { DEFAULT_SUBGRAPH_LIMITS, readSubgraphLimits } from './limits.ts';
import { executeOperation, staff } from './testing.ts';
import { errorCodesOf, setUpTestSubgraph } from './testSubgraph.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://public-security-api.invalid';

/** A query asking for one person under `count` aliases: one department call each, were it run. */
function aliasedPeople(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `p${i}: person(citizenId: $id) { name }`);
  return `query($id: CitizenId!) { ${fields.join(' ')} }`;
}

describe('a subgraph reached past the gateway', () => {
  const subgraph = setUpTestSubgraph(
    (auth) =>
      buildSubgraph({
        departmentSystemUrl: API,
        departmentTimeoutMs: 1000,
        trust: auth.trustFor('public-security'),
      }),
    { expectEveryFakeCalled: false },
  );

  it('refuses 300 aliases at validation, before asking its department system anything', async () => {
    const department = nock(API).post(/.*/).reply(500).persist().get(/.*/).reply(500);
    const response = await executeOperation(
      subgraph.app,
      aliasedPeople(300),
      { id: '500103199204180223' },
      await subgraph.auth.bearer(staff('public-security', 'public-security:read')),
    );
    expect(response.data).toBeUndefined();
    expect(errorCodesOf(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/^别名数量超过上限 40，实际为 300/);
    expect(department.isDone()).toBe(false);
  });

  it('refuses a query nested deeper than its limit', async () => {
    // household → head → household → … : each hop is two levels.
    let selection = 'name';
    for (let i = 0; i < 9; i++) selection = `household { head { ${selection} } }`;
    const response = await subgraph.ask(
      staff('public-security', 'public-security:read'),
      `query($id: CitizenId!) { person(citizenId: $id) { ${selection} } }`,
      { id: '500103199204180223' },
    );
    // Refused at validation: the cost, priced with the variables after it, is never reached.
    expect(new Set(errorCodesOf(response))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(response.errors?.map((error) => error.message)).toContainEqual(
      expect.stringMatching(/^查询嵌套深度超过上限 16/),
    );
  });

  it('suggests fields in development', async () => {
    const response = await subgraph.ask(null, '{ persn(citizenId: "x") { name } }');
    expect(response.errors?.[0]?.message).toMatch(/Did you mean "person"/);
  });
});

describe('a subgraph in production', () => {
  const subgraph = setUpTestSubgraph((auth) =>
    buildSubgraph({ departmentSystemUrl: API, trust: auth.trustFor('public-security'), production: true }),
  );

  it('suggests no field names, so the schema cannot be guessed field by field', async () => {
    const response = await subgraph.ask(null, '{ persn(citizenId: "x") { name } }');
    expect(errorCodesOf(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors?.[0]?.message).not.toMatch(/person|Did you mean/);
  });
});

describe('readSubgraphLimits', () => {
  it('defaults to limits no tighter than the gateway’s, so every query plan passes', () => {
    const limits = readSubgraphLimits({});
    expect(limits).toEqual(DEFAULT_SUBGRAPH_LIMITS);
    for (const [name, value] of Object.entries(DEFAULT_OPERATION_LIMITS)) {
      expect(limits[name as keyof typeof limits]).toBeGreaterThanOrEqual(value);
    }
  });

  it('reads each limit from its variable', () => {
    expect(
      readSubgraphLimits({
        SUBGRAPH_MAX_DEPTH: '20',
        SUBGRAPH_MAX_ALIASES: '0',
        SUBGRAPH_MAX_COST: '300',
        SUBGRAPH_MAX_TOKENS: '',
      }),
    ).toEqual({
      maxDepth: 20,
      maxAliases: 0,
      maxCost: 300,
      maxIds: DEFAULT_SUBGRAPH_LIMITS.maxIds,
      maxTokens: DEFAULT_SUBGRAPH_LIMITS.maxTokens,
    });
  });

  it('refuses a bad value, naming its variable and what it expected', () => {
    expect(() => readSubgraphLimits({ SUBGRAPH_MAX_ALIASES: 'many' })).toThrow(
      'SUBGRAPH_MAX_ALIASES must be a whole number 0–1000, got "many"',
    );
    expect(() => readSubgraphLimits({ SUBGRAPH_MAX_DEPTH: '0' })).toThrow(/SUBGRAPH_MAX_DEPTH/);
    expect(() => readSubgraphLimits({ SUBGRAPH_MAX_COST: '2.5' })).toThrow(/SUBGRAPH_MAX_COST/);
    expect(() => readSubgraphLimits({ SUBGRAPH_MAX_TOKENS: '-1' })).toThrow(/SUBGRAPH_MAX_TOKENS/);
  });
});
