/**
 * The system as the end-to-end tests run it: every server on port 0, every store in memory, the
 * repository's seed data; plus a small GraphQL client for the gateway.
 */
import { readFileSync } from 'node:fs';
import { type Identity, parseIdentity } from '../../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../../lib/auth/purpose.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import type { Scenarios } from '../../scripts/seed/scenarios.ts';
import { type RunningSystem, type SystemOptions, startSystem } from '../../system/startSystem.ts';
import { readSupergraphConfig } from '../../system/topology.ts';

/** The named seed records tests rely on (`mocks/scenarios.json`). */
export const scenarios = JSON.parse(
  readFileSync(new URL('../../mocks/scenarios.json', import.meta.url), 'utf8'),
) as Scenarios;

/** The purpose staff state in tests about something else: a case file of the test desk. */
export const TEST_CASE = 'case TEST-0001';

/**
 * The `Authorization` header of a token the system accepts, for an identity written as in
 * `npm run token`; for staff also the `OneThing-Purpose` they read for — {@link TEST_CASE} unless
 * `purpose` says otherwise (null: none, as a clerk who states no purpose).
 */
export async function authorization(
  system: RunningSystem,
  identity: string,
  purpose?: string | null,
): Promise<Record<string, string>> {
  const parsed = parseIdentity(identity);
  const token = await system.authentication.issuer.mint(parsed);
  const stated = purpose === undefined && parsed.kind === 'staff' ? TEST_CASE : purpose;
  return { authorization: `Bearer ${token}`, ...(stated ? { [PURPOSE_HEADER]: stated } : {}) };
}

/** A staff identity that may read every department's data (each of rover.yaml): for tests that read many people. */
export const AUDITOR = `staff:audit:${readSupergraphConfig()
  .subgraphs.filter(({ name }) => name !== 'service-center')
  .map(({ name }) => `${name}:read`)
  .join(',')}`;

/** Starts the whole system for a test file; stop it in `afterAll`. */
export function startTestSystem(options: Partial<SystemOptions> = {}): Promise<RunningSystem> {
  return startSystem({
    ports: 'ephemeral',
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    today: () => scenarios.referenceDate,
    ...options,
  });
}

/** A GraphQL response as a test reads it. */
export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** POSTs an operation to a GraphQL endpoint and returns the parsed answer with its HTTP status. */
export async function graphql<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/**
 * The `Authorization` of a call straight to `department`'s system as its own subgraph makes it, for
 * `identity` — by default the service-center on an application, the caller of every write.
 */
export async function asOwnSubgraph(
  system: RunningSystem,
  department: string,
  identity: Identity = {
    kind: 'service',
    service: 'service-center',
    actingFor: '500103199103162322',
    applicationId: 'NB-20261120-000001',
  },
): Promise<Record<string, string>> {
  const signer = system.authentication.trustFor(department).signer;
  return { authorization: `Bearer ${await signer.delegate(departmentSystemOf(department), identity)}` };
}
