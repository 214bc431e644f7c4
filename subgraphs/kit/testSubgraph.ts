/**
 * One department's subgraph for a test file's lifetime, with the department system faked by nock: built
 * once in `beforeAll` against the test keys, closed in `afterAll`, the network shut in between so a
 * call nobody faked fails instead of leaving the machine. The departments' subgraph tests share it.
 */
import type { FastifyInstance } from 'fastify';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AnonymousIdentity, Identity } from '../../lib/auth/identity.ts';
import type { SubgraphServer } from './server.ts';
import {
  createTestAuthentication,
  executeOperation,
  type GraphQLTestResponse,
  type TestAuthentication,
} from './testing.ts';

/** Whoever calls in a subgraph test; `null` is the anonymous caller. */
export type TestCaller = Exclude<Identity, AnonymousIdentity> | null;

/** The subgraph a test file set up, readable once `beforeAll` has run. */
export interface TestSubgraph {
  /** The keys and grant secret the subgraph trusts. */
  readonly auth: TestAuthentication;
  /** The subgraph's server, for tests that send their own headers with `executeOperation`. */
  readonly app: FastifyInstance;
  /** Sends `query` with `variables` as `caller` (signed in with a test token, or anonymously for null). */
  ask<TData = Record<string, unknown>>(
    caller: TestCaller,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLTestResponse<TData>>;
}

/** How {@link setUpTestSubgraph} runs. */
export interface TestSubgraphOptions {
  /**
   * Fail a test that leaves a nock interceptor unused: every test then states exactly the department
   * calls it allows. Default `true`; files that fake the department once for all tests, or allow more
   * calls than the subgraph may make to show it makes no more, turn it off.
   */
  expectEveryFakeCalled?: boolean;
}

/** Registers the hooks that build the subgraph with `build` for the calling test file, and returns it. */
export function setUpTestSubgraph(
  build: (auth: TestAuthentication) => Promise<SubgraphServer>,
  { expectEveryFakeCalled = true }: TestSubgraphOptions = {},
): TestSubgraph {
  let built: { subgraph: SubgraphServer; auth: TestAuthentication } | undefined;
  const current = () => {
    if (!built) throw new Error('the test subgraph is built in beforeAll; use it inside a test or hook');
    return built;
  };
  beforeAll(async () => {
    nock.disableNetConnect();
    const auth = await createTestAuthentication();
    built = { subgraph: await build(auth), auth };
    auth.anonymousByDefault(built.subgraph.app);
  });
  afterEach(() => {
    const unused = nock.pendingMocks();
    // Cleared before the check: a test that fails it must not leave its fakes to answer the next one.
    nock.cleanAll();
    if (expectEveryFakeCalled) expect(unused).toEqual([]);
  });
  afterAll(async () => {
    await built?.subgraph.app.close();
    nock.enableNetConnect();
  });
  return {
    get auth() {
      return current().auth;
    },
    get app() {
      return current().subgraph.app;
    },
    ask: async (caller, query, variables = {}) =>
      executeOperation(current().subgraph.app, query, variables, await current().auth.headersFor(caller)),
  };
}

/** Person representations as the gateway sends them: the key and, when given, public security's grant. */
export function personRepresentations(...persons: Array<{ citizenId: string; accessGrant?: string | null }>) {
  return { representations: persons.map((person) => ({ __typename: 'Person', ...person })) };
}

/** The `extensions.code` of every error of `response`, in order. */
export function errorCodesOf(response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  return response.errors?.map((error) => error.extensions?.code);
}
