import { buildSubgraphSchema } from '@apollo/subgraph';
import { type DocumentNode, type GraphQLSchema, getVariableValues, Kind, parse, validate } from 'graphql';
import type { JWK } from 'jose';
import nock from 'nock';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { readSupergraphConfig } from '../../system/topology.ts';
import { loadSubgraphTypeDefs, type SubgraphServer } from '../kit/server.ts';
import { createTestAuthentication, executeOperation, type GraphQLTestResponse } from '../kit/testing.ts';
import { ANSWERS } from './fixtureFamily.ts';
import { operationName } from './SubgraphClient.ts';
import { buildSubgraph, SUBGRAPH_NAME } from './server.ts';

/**
 * Each department's subgraph schema, as its SDL file builds it (with the `@inaccessible` acts and
 * `_entities` the public graph lacks): what the fakes validate against.
 */
const SCHEMAS = new Map<string, GraphQLSchema>(
  readSupergraphConfig()
    .subgraphs.filter(({ name }) => name !== SUBGRAPH_NAME)
    .map(({ name }) => [name, buildSubgraphSchema({ typeDefs: loadSubgraphTypeDefs(name) })]),
);

/** Every department subgraph of rover.yaml, at a host that can never resolve. */
export const SUBGRAPH_URLS: Record<string, string> = Object.fromEntries(
  [...SCHEMAS.keys()].map((name) => [name, `http://${name}.invalid/graphql`]),
);

export { BIRTHS, FAMILY } from './fixtureFamily.ts';

/** One call the service-center made to a department subgraph. */
export interface DepartmentCall {
  department: string;
  /** The operation's name, e.g. `NewbornParents`. */
  operation: string;
  /** Whom the service-center's token said it acted for. */
  actingFor: string | null;
  /** The application its token named. */
  applicationId: string | null;
  variables: Record<string, unknown>;
}

/** Why `schema` refuses an operation and its variables, as the subgraph would; empty when it takes them. */
function refusals(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): string[] {
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => error.message);
  const [definition] = document.definitions;
  if (definition?.kind !== Kind.OPERATION_DEFINITION) return ['the document holds no operation'];
  const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], variables);
  return (coerced.errors ?? []).map((error) => error.message);
}

function tokenClaims(authorization: string | undefined): Record<string, unknown> {
  const payload = authorization?.split('.')[1];
  return payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
    : {};
}

/**
 * Fakes every department subgraph until {@link FakeDepartments.uninstall}. An operation a department
 * is given an override for (see `answer`) answers that instead, e.g. a `FORBIDDEN` error.
 */
export class FakeDepartments {
  readonly calls: DepartmentCall[] = [];
  readonly #overrides = new Map<string, (call: DepartmentCall) => unknown>();
  /** Operations sent that the receiving department's schema refuses, each with why. */
  readonly #broken: string[] = [];

  install(): this {
    for (const [department, schema] of SCHEMAS) {
      const { origin, pathname } = new URL(SUBGRAPH_URLS[department] as string);
      const calls = this.calls;
      const overrides = this.#overrides;
      const broken = this.#broken;
      nock(origin)
        .persist()
        .post(pathname)
        .reply(function (_, body) {
          const { query, variables } = body as { query: string; variables: Record<string, unknown> };
          const document = parse(query);
          const operation = operationName(document);
          const claims = tokenClaims(this.req.headers.authorization as string | undefined);
          const call: DepartmentCall = {
            department,
            operation,
            actingFor: (claims.act_for as string | undefined) ?? null,
            applicationId: (claims.application as string | undefined) ?? null,
            variables,
          };
          calls.push(call);
          const refused = refusals(schema, document, variables);
          if (refused.length > 0) {
            broken.push(`${operation} sent to ${department}: ${refused.join('; ')}`);
            return [
              400,
              {
                errors: refused.map((message) => ({
                  message,
                  extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
                })),
              },
            ];
          }
          const override = overrides.get(operation);
          if (override) return [200, override(call)];
          const answer = ANSWERS[department]?.get(operation);
          if (!answer) return [200, { errors: [{ message: `no fake for ${operation} at ${department}` }] }];
          return [200, { data: answer(variables) }];
        });
    }
    return this;
  }

  /** Answers `operation` with `body` (a whole GraphQL response) from now on. */
  answer(operation: string, body: (call: DepartmentCall) => unknown): void {
    this.#overrides.set(operation, body);
  }

  /** Answers `operation` from the fake department's seed again, as before {@link answer}. */
  answerFromSeed(operation: string): void {
    this.#overrides.delete(operation);
  }

  /** The calls of one operation. */
  callsOf(operation: string): DepartmentCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  /** The operations sent that the receiving department's subgraph schema refuses, each with why. */
  get contractBreaches(): readonly string[] {
    return this.#broken;
  }

  /**
   * Removes the fakes.
   *
   * @throws Error naming every operation sent that the receiving department's schema refuses
   */
  uninstall(): void {
    nock.cleanAll();
    if (this.#broken.length > 0) {
      throw new Error(
        `the service-center sent what the departments' subgraph schemas refuse:\n  ${this.#broken.join('\n  ')}`,
      );
    }
  }
}

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** A service-center built for a test, with its faked departments. */
export interface TestServiceCenter {
  server: SubgraphServer;
  departments: FakeDepartments;
  /** Every service's public key of the test deployment: what checks the witness's signed heads. */
  serviceKeys: JWK[];
  /** Sends an operation as `identity` (a citizen ID, `staff:…`, `hospital:…`, `service:…`), or anonymously. */
  as<T = Record<string, unknown>>(
    identity: string | null,
    query: string,
    variables?: Record<string, unknown>,
    /** The caller's `Accept-Language` (the gateway forwards the client's); none: Chinese. */
    acceptLanguage?: string,
  ): Promise<GraphQLTestResponse<T>>;
  /**
   * Closes the server (waiting for running errands), removes the keys and the fakes; fails when the
   * service-center sent an operation a department's subgraph schema refuses.
   */
  close(): Promise<void>;
}

/**
 * Builds the service-center subgraph for a test: in memory, or over `dataDir` so that a second one
 * built over the same folder is the same service-center restarted.
 */
export async function testServiceCenter(
  options: { dataDir?: string; clock?: () => Date } = {},
): Promise<TestServiceCenter> {
  const auth = await createTestAuthentication();
  const departments = new FakeDepartments().install();
  const server = await buildSubgraph({
    trust: auth.trustFor(SUBGRAPH_NAME),
    inMemory: !options.dataDir,
    dataDir: options.dataDir,
    subgraphUrls: SUBGRAPH_URLS,
    today: () => TODAY,
    clock: options.clock,
    retry: { attempts: 1, baseDelayMs: 1 },
  });
  return {
    server,
    departments,
    serviceKeys: auth.authentication.keys.serviceKeys.keys,
    as: async (identity, query, variables = {}, acceptLanguage) => {
      const headers = await auth.headersFor(identity ? parseIdentity(identity) : null);
      return executeOperation(server.app, query, variables, {
        ...headers,
        ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
      });
    },
    close: async () => {
      await server.app.close();
      // Last: it fails the test when the service-center broke a department's contract.
      departments.uninstall();
    },
  };
}
