/**
 * Callers of a department system in tests: a whole deployment's keys made in memory (nothing written
 * to disk), the keys a system under test is built with, and the headers of a caller who asks as an
 * identity — the department's own subgraph's delegation for the citizen, staff member or service it
 * acts for — and the publisher's signature on the events a system is sent. One place mints them,
 * so the department systems' tests follow however callers come to be authenticated.
 */
import type { Authentication, ServiceTrust } from '../../lib/auth/config.ts';
import { signEventDelivery } from '../../lib/auth/events.ts';
import {
  ANONYMOUS,
  type AnonymousIdentity,
  type Identity,
  parseIdentity,
  type ServiceIdentity,
  type StaffIdentity,
} from '../../lib/auth/identity.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { createTestDeployment } from '../../lib/auth/testing.ts';
import { eventPublishersOf } from '../../lib/contract/endpoint.ts';
import { EVENTS_PATH } from '../../lib/contract/protocol.ts';
import { deploymentServices } from '../../system/topology.ts';
import type { DepartmentSystem } from './server.ts';

/** Someone a test asks as: an identity, or its written form (`500103…`, `staff:health:health:write`). */
export type TestCaller = Exclude<Identity, AnonymousIdentity> | string;

/** The deployment each test system's keys belong to, so an event can be signed for it. */
const deployments = new WeakMap<ServiceTrust, Authentication>();

/** The signer of `department`'s system in the deployment `trust` belongs to. */
function publisherFor(trust: ServiceTrust | undefined, department: string) {
  const deployment = trust && deployments.get(trust);
  return deployment?.trustFor(departmentSystemOf(department)).signer;
}

/**
 * The `Authorization` header a publisher's system signs `event` with for `system`, when the system
 * was built with test keys (else none: the event goes unsigned and is refused). The publisher is
 * `from`, by default the first whose events the system's contract takes (public security's for a
 * receiver of household moves).
 */
export async function eventHeadersFor(
  system: DepartmentSystem,
  event: unknown,
  from: string = eventPublishersOf(system.contract)[0] ?? 'public-security',
): Promise<Record<string, string>> {
  const publisher = publisherFor(system.trust, from);
  if (!publisher || !event || typeof event !== 'object' || !('eventId' in event)) return {};
  return {
    authorization: await signEventDelivery(
      publisher,
      departmentSystemOf(system.department),
      event as { eventId: string },
    ),
  };
}

/**
 * Posts an event to `POST /v1/events` of a built department system, signed as `from` signs it (by
 * default the publisher its contract names), and answers the status, headers and body.
 */
export async function deliverEvent(system: DepartmentSystem, event: unknown, from?: string) {
  const response = await system.app.inject({
    method: 'POST',
    url: EVENTS_PATH,
    headers: await eventHeadersFor(system, event, from),
    payload: event as object,
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

/** Keys for one test file, and the headers of each caller. */
export interface TestCallers {
  /** The deployment's keys. */
  authentication: Authentication;
  /** The department system's own keys: build the system under test with them (`trust`). */
  trust: ServiceTrust;
  /**
   * The `Authorization` header of the department's subgraph acting for `caller`; for `null`, acting for
   * an anonymous client.
   */
  headersFor(caller: TestCaller | null): Promise<Record<string, string>>;
  /**
   * `system`, whose `app.inject` sends the department subgraph's delegation for an anonymous client —
   * and public security's signature on an event — unless a request carries its own `authorization`.
   */
  asksAnonymouslyByDefault<T extends DepartmentSystem>(system: T): T;
}

/** Makes `system.app.inject` send `byDefault` (an event: its publisher's signature) unless a request has its own `authorization`. */
function withDefaultCaller<T extends DepartmentSystem>(
  system: T,
  byDefault: () => Promise<Record<string, string>>,
): T {
  const inject = system.app.inject.bind(system.app) as (options: object) => Promise<unknown>;
  // Only the options form the tests use; a request's own authorization header wins.
  (system.app as { inject: unknown }).inject = async (options: {
    url?: string;
    payload?: unknown;
    headers?: Record<string, string>;
  }) => {
    const caller =
      options.url === EVENTS_PATH ? await eventHeadersFor(system, options.payload) : await byDefault();
    return inject({ ...options, headers: { ...caller, ...options.headers } });
  };
  return system;
}

/** A fresh deployment's keys for one test file of `department`'s system; each delegation is signed once and reused. */
export async function createTestCallers(department: string): Promise<TestCallers> {
  const authentication = await createTestDeployment(deploymentServices());
  const trust = authentication.trustFor(departmentSystemOf(department));
  deployments.set(trust, authentication);
  const subgraph = authentication.trustFor(department).signer;
  const headersFor = async (caller: TestCaller | null) => {
    const identity =
      caller === null ? ANONYMOUS : typeof caller === 'string' ? parseIdentity(caller) : caller;
    return { authorization: `Bearer ${await subgraph.delegate(departmentSystemOf(department), identity)}` };
  };
  return {
    authentication,
    trust,
    headersFor,
    asksAnonymouslyByDefault: (system) => withDefaultCaller(system, () => headersFor(null)),
  };
}

/** Staff of `department` holding its read and write scopes: a clerk who may do every act. */
export function departmentClerk(department: string): StaffIdentity {
  return { kind: 'staff', department, scopes: [`${department}:read`, `${department}:write`] };
}

/** The service-center acting for `citizenId` on an application, as an errand's step calls a department. */
export function serviceCenterFor(citizenId: string, applicationId = 'NB-20261120-000001'): ServiceIdentity {
  return { kind: 'service', service: 'service-center', actingFor: citizenId, applicationId };
}

/** The service-center acting on a test application: who the department's writes come from. */
export const SERVICE_CENTER_ON_APPLICATION: ServiceIdentity = serviceCenterFor('500103198910149170');

/** How a test calls one department's system (the tests that call it as its own subgraph by default). */
export interface DepartmentTestAccess extends TestCallers {
  /** The `Authorization` header of the department's subgraph acting for `identity`. */
  as(identity: Identity): Promise<Record<string, string>>;
  /**
   * `system`, whose `app.inject` sends the department subgraph's delegation for the service-center on
   * an application — and public security's signature on an event — unless a request carries its own
   * `authorization`.
   */
  calledByOwnSubgraph<T extends DepartmentSystem>(system: T): T;
}

/** Keys and delegations for testing `department`'s system. */
export async function departmentTestAccess(department: string): Promise<DepartmentTestAccess> {
  const callers = await createTestCallers(department);
  const as = (identity: Identity) => callers.headersFor(identity.kind === 'anonymous' ? null : identity);
  const byDefault = await as(SERVICE_CENTER_ON_APPLICATION);
  return {
    ...callers,
    as,
    calledByOwnSubgraph: (system) => withDefaultCaller(system, async () => byDefault),
  };
}
