/**
 * Helpers for department-system tests: the system's keys, and its own subgraph's delegations to call
 * it with — by default the service-center acting on an application, the caller of every write — and
 * public security's signature on the events it is sent.
 */
import type { Authentication, ServiceTrust } from '../../lib/auth/config.ts';
import { signEventDelivery } from '../../lib/auth/events.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { createTestDeployment } from '../../lib/auth/testing.ts';
import { EVENTS_PATH } from '../../lib/contract/protocol.ts';
import { deploymentServices } from '../../system/topology.ts';
import type { DepartmentSystem } from './server.ts';

/** The service-center acting on a test application: who the department's writes come from. */
export const SERVICE_CENTER_ON_APPLICATION: Identity = {
  kind: 'service',
  service: 'service-center',
  actingFor: null,
  applicationId: 'NB-20261120-000001',
};

/** How a test calls one department's system. */
export interface DepartmentTestAccess {
  /** The deployment's keys. */
  authentication: Authentication;
  /** The system's own keys: build it with them (`buildDepartmentSystem({ trust })`). */
  trust: ServiceTrust;
  /** The `Authorization` header of the department's subgraph acting for `identity`. */
  as(identity: Identity): Promise<Record<string, string>>;
  /**
   * `system`, whose `app.inject` sends the department subgraph's delegation for the service-center on
   * an application unless a request carries its own `authorization`.
   */
  calledByOwnSubgraph<T extends DepartmentSystem>(system: T): T;
}

/** Keys and delegations for testing `department`'s system. */
export async function departmentTestAccess(department: string): Promise<DepartmentTestAccess> {
  const authentication = await createTestDeployment(deploymentServices());
  const subgraph = authentication.trustFor(department).signer;
  const as = async (identity: Identity) => ({
    authorization: `Bearer ${await subgraph.delegate(departmentSystemOf(department), identity)}`,
  });
  const byDefault = await as(SERVICE_CENTER_ON_APPLICATION);
  return {
    authentication,
    trust: authentication.trustFor(departmentSystemOf(department)),
    as,
    calledByOwnSubgraph(system) {
      const inject = system.app.inject.bind(system.app) as (options: object) => Promise<unknown>;
      const publisher = authentication.trustFor(departmentSystemOf('public-security')).signer;
      // Only the options form the tests use; a request's own authorization header wins. An event is
      // signed by its publisher, over the payload sent.
      (system.app as { inject: unknown }).inject = async (options: {
        url?: string;
        payload?: unknown;
        headers?: Record<string, string>;
      }) => {
        const event = options.url === EVENTS_PATH && typeof options.payload === 'object' && options.payload;
        const caller = event
          ? {
              authorization: await signEventDelivery(
                publisher,
                departmentSystemOf(department),
                event as { eventId: string },
              ),
            }
          : byDefault;
        return inject({ ...options, headers: { ...caller, ...options.headers } });
      };
      return system;
    },
  };
}
