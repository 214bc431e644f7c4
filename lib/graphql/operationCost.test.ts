import { ApolloServer } from '@apollo/server';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from './operationCost.ts';
import { DEFAULT_OPERATION_LIMITS, operationLimits, readOperationLimits } from './operationLimits.ts';

/** Measures the only operation of `query`. */
function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  return measureOperation(document, operation, variables);
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `id-${i}`);
const PEOPLE = 'query($ids: [ID!]!) { people(citizenIds: $ids) { name } }';
/** Twenty aliases of `people`, each asked for the one variable: the amplification of issue 15. */
const TWENTY_ALIASES = `query($ids: [ID!]!) { ${Array.from({ length: 20 }, (_, i) => `p${i}: people(citizenIds: $ids) { name }`).join(' ')} }`;

describe('measureOperation', () => {
  it('prices a field without list arguments as GraphQL Armor does', () => {
    // person: 2 + 1.5 × (name 1 + household (2 + 1.5 × id 1)) = 8.75
    expect(measure('{ person(citizenId: "x") { name household { id } } }')).toEqual({ cost: 8.75, ids: 0 });
  });

  it('multiplies a field by the IDs of a list variable: ids × selected fields', () => {
    expect(measure(PEOPLE, { ids: ids(1) })).toEqual({ cost: 3.5, ids: 1 });
    expect(measure(PEOPLE, { ids: ids(500) })).toEqual({ cost: 1750, ids: 500 });
    const twoFields = 'query($ids: [ID!]!) { people(citizenIds: $ids) { name birthDate } }';
    expect(measure(twoFields, { ids: ids(100) }).cost).toBe(500);
  });

  it('counts a literal list, a variable default and every alias', () => {
    expect(measure('{ people(citizenIds: ["a", "b", "c"]) { name } }').ids).toBe(3);
    expect(measure('query($ids: [ID!]! = ["a", "b"]) { people(citizenIds: $ids) { name } }').ids).toBe(2);
    expect(measure(TWENTY_ALIASES, { ids: ids(500) })).toEqual({ cost: 35_000, ids: 10_000 });
  });

  it('counts the IDs of fragments where they are spread', () => {
    const query = `query($ids: [ID!]!) { ...A ... on Query { b: people(citizenIds: $ids) { name } } }
      fragment A on Query { a: people(citizenIds: $ids) { name } }`;
    expect(measure(query, { ids: ids(10) })).toEqual({ cost: 70, ids: 20 });
  });

  it('leaves the query planner’s `_entities` representations and introspection uncounted', () => {
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';
    expect(measure(entities, { r: ids(900) })).toEqual({ cost: 3.5, ids: 0 });
    expect(measure('{ __schema { types { name } } }').cost).toBe(0);
  });
});

describe('the limits on a server', () => {
  const typeDefs = `type Person { name: String birthDate: String }
    type Query { people(citizenIds: [ID!]!): [Person]! }`;
  const resolvers = {
    Query: {
      people: (_: unknown, args: { citizenIds: string[] }) => args.citizenIds.map(() => ({ name: 'n' })),
    },
  };

  async function serve(limits = DEFAULT_OPERATION_LIMITS) {
    const { plugins, validationRules } = operationLimits(limits, false);
    const server = new ApolloServer({ typeDefs, resolvers, plugins, validationRules });
    await server.start();
    return server;
  }

  async function ask(server: ApolloServer, query: string, variables: Record<string, unknown>) {
    const { body, http } = await server.executeOperation({ query, variables });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return { status: http.status, ...body.singleResult };
  }

  it('refuses twenty aliases of one 500-ID variable for its IDs, before anything resolves', async () => {
    const server = await serve();
    const answer = await ask(server, TWENTY_ALIASES, { ids: ids(500) });
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MAX_IDS_PER_OPERATION',
      limit: 500,
      found: 10_000,
    });
    expect(answer.errors?.[0]?.message).toMatch(/此操作涉及 10000 个 ID；一次操作最多 500 个/);
    await server.stop();
  });

  it('refuses an operation over the cost counted with its IDs', async () => {
    const server = await serve({ ...DEFAULT_OPERATION_LIMITS, maxCost: 1000 });
    const answer = await ask(server, PEOPLE, { ids: ids(300) });
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_COST',
    });
    expect(answer.errors?.[0]?.message).toMatch(/查询成本超过上限 1000，实际为 1050/);
    await server.stop();
  });

  it('answers an operation within both limits', async () => {
    const server = await serve();
    const answer = await ask(server, PEOPLE, { ids: ids(500) });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.people).toHaveLength(500);
    await server.stop();
  });
});

describe('readOperationLimits', () => {
  it('reads the cap on IDs per operation from <prefix>_MAX_IDS_PER_OPERATION', () => {
    expect(readOperationLimits({}, 'GATEWAY', DEFAULT_OPERATION_LIMITS).maxIds).toBe(500);
    expect(
      readOperationLimits({ GATEWAY_MAX_IDS_PER_OPERATION: '50' }, 'GATEWAY', DEFAULT_OPERATION_LIMITS)
        .maxIds,
    ).toBe(50);
    expect(() =>
      readOperationLimits({ GATEWAY_MAX_IDS_PER_OPERATION: '0' }, 'GATEWAY', DEFAULT_OPERATION_LIMITS),
    ).toThrow('GATEWAY_MAX_IDS_PER_OPERATION must be a whole number 1–1000000, got "0"');
  });
});
