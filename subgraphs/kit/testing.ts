/**
 * Helpers for subgraph tests: send a GraphQL operation to a built subgraph server in-process
 * (through Fastify's `inject`, so the whole HTTP path runs) and read the JSON answer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import { AccessGrants } from '../../lib/auth/grants.ts';
import {
  type AnonymousIdentity,
  type CitizenIdentity,
  type Identity,
  parseIdentity,
  type ServiceIdentity,
  type StaffIdentity,
} from '../../lib/auth/identity.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';

/** A GraphQL response as a test reads it. */
export interface GraphQLTestResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** Posts `query` with `variables` to `/graphql` of `app` and returns the parsed response. */
export async function executeOperation<TData = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLTestResponse<TData>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { query, variables },
  });
  return response.json() as GraphQLTestResponse<TData>;
}

/** The query a gateway sends to resolve entities, for testing `__resolveReference`. */
export const ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Person { __typename } }
}`;

/** What a subgraph test needs to sign in as anyone: keys made in memory, nothing written to disk. */
export interface TestAuthentication {
  /** Verifies tokens as the subgraph (and a mock department system) does; pass it to `buildSubgraph`. */
  verifier: TokenVerifier;
  issuer: TokenIssuer;
  /** Signs grants as public security would; pass it to `buildSubgraph`. */
  grants: AccessGrants;
  /**
   * The `Authorization` header of an identity, written as for `npm run token` (a citizen ID,
   * `staff:<department>[:<scope>,…]`, `hospital:<id>`, `service:service-center`) or as an identity.
   */
  bearer(identity: string | Exclude<Identity, AnonymousIdentity>): Promise<Record<string, string>>;
  /** Like {@link bearer}, and no header for the anonymous caller (`null`). */
  headersFor(identity: Exclude<Identity, AnonymousIdentity> | null): Promise<Record<string, string>>;
}

/** Makes a fresh key pair and grant secret for one test file. */
export async function createTestAuthentication(): Promise<TestAuthentication> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `subgraph-test-${randomUUID()}`;
  const policy = { issuer: 'onething-test', audience: 'onething' };
  const issuer = new TokenIssuer(
    { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    policy.issuer,
    policy.audience,
  );
  const verifier = new TokenVerifier(
    { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
    policy,
  );
  const bearer: TestAuthentication['bearer'] = async (identity) => {
    const token = await issuer.mint(typeof identity === 'string' ? parseIdentity(identity) : identity);
    return { authorization: `Bearer ${token}` };
  };
  return {
    verifier,
    issuer,
    grants: new AccessGrants(randomBytes(32)),
    bearer,
    headersFor: async (identity) => (identity ? bearer(identity) : {}),
  };
}

/** A citizen signed in as themselves. */
export function citizen(citizenId: string): CitizenIdentity {
  return { kind: 'citizen', citizenId };
}

/** Staff of `department` holding `scopes`. */
export function staff(department: string, ...scopes: string[]): StaffIdentity {
  return { kind: 'staff', department, scopes };
}

/** The service-center acting for `citizenId` on an application. */
export function serviceCenterFor(citizenId: string): ServiceIdentity {
  return {
    kind: 'service',
    service: 'service-center',
    actingFor: citizenId,
    applicationId: 'NB-20261120-000001',
  };
}
