/**
 * Helpers for subgraph tests: send a GraphQL operation to a built subgraph server in-process
 * (through Fastify's `inject`, so the whole HTTP path runs) and read the JSON answer.
 */
import type { FastifyInstance } from 'fastify';
import type { Authentication, ServiceTrust } from '../../lib/auth/config.ts';
import { type AccessGrants, GRANT_SIGNER } from '../../lib/auth/grants.ts';
import {
  ANONYMOUS,
  type AnonymousIdentity,
  type CitizenIdentity,
  type Identity,
  parseIdentity,
  type ServiceIdentity,
  type StaffIdentity,
} from '../../lib/auth/identity.ts';
import type { TokenIssuer } from '../../lib/auth/issuer.ts';
import { GATEWAY } from '../../lib/auth/services.ts';
import { createTestDeployment } from '../../lib/auth/testing.ts';
import { deploymentServices } from '../../system/topology.ts';

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

/** The purpose a test's staff read for, unless the test says otherwise: a case file of the test desk. */
export const TEST_STAFF_PURPOSE = 'case TEST-0001';

/** What a subgraph test needs to call as anyone: a whole deployment's keys, made in memory. */
export interface TestAuthentication {
  /** The deployment's keys; `authentication.issuer` signs the identity provider's tokens. */
  authentication: Authentication;
  /** Signs identity-provider tokens (what clients send the gateway). */
  issuer: TokenIssuer;
  /** Public security's access grants: signs grants as public security's subgraph does. */
  grants: AccessGrants;
  /**
   * The keys of `service`, to build it with (`buildSubgraph({ trust })`); the subgraph named last is
   * the one {@link bearer} calls.
   */
  trustFor(service: string): ServiceTrust;
  /**
   * The `Authorization` header of a call to the subgraph under test for an identity, written as for
   * `npm run token` (a citizen ID, `staff:<department>[:<scope>,…]`, `hospital:<id>`) or as an identity:
   * a delegation the gateway signs — or, for the service-center's own identity, the service-center.
   * The delegation's purpose: `purpose`, or for staff by default {@link TEST_STAFF_PURPOSE} (the gateway
   * signs what staff state); null signs none.
   */
  bearer(
    identity: string | Exclude<Identity, AnonymousIdentity>,
    purpose?: string | null,
  ): Promise<Record<string, string>>;
  /** Like {@link bearer}; `null` is the anonymous caller, delegated by the gateway. */
  headersFor(
    identity: Exclude<Identity, AnonymousIdentity> | null,
    purpose?: string | null,
  ): Promise<Record<string, string>>;
  /**
   * Makes `app.inject` send what the gateway sends for an anonymous client unless a request carries its
   * own `authorization`: a test request without a token is an anonymous client's, as it was before
   * subgraphs answered only the gateway.
   */
  anonymousByDefault(app: FastifyInstance): void;
}

/** Makes a whole deployment's keys for one test file, in memory. */
export async function createTestAuthentication(): Promise<TestAuthentication> {
  const authentication = await createTestDeployment(deploymentServices());
  let audience: string | undefined;
  const delegate = async (identity: Identity, purpose?: string | null) => {
    if (!audience) throw new Error('build the subgraph with trustFor(<name>) before calling it');
    const caller = identity.kind === 'service' ? identity.service : GATEWAY;
    const signed = purpose === undefined && identity.kind === 'staff' ? TEST_STAFF_PURPOSE : purpose;
    const token = await authentication.trustFor(caller).signer.delegate(audience, identity, signed ?? null);
    return { authorization: `Bearer ${token}` };
  };
  return {
    authentication,
    issuer: authentication.issuer,
    grants: authentication.trustFor(GRANT_SIGNER).grants,
    trustFor(service) {
      audience = service;
      return authentication.trustFor(service);
    },
    bearer: (identity, purpose) =>
      delegate(typeof identity === 'string' ? parseIdentity(identity) : identity, purpose),
    headersFor: (identity, purpose) => delegate(identity ?? ANONYMOUS, purpose),
    anonymousByDefault(app) {
      const inject = app.inject.bind(app) as (options: object) => Promise<unknown>;
      (app as { inject: unknown }).inject = async (options: { headers?: Record<string, string> }) =>
        inject({ ...options, headers: { ...(await delegate(ANONYMOUS)), ...options.headers } });
    },
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
