/**
 * The contract test as the mock department systems' own tests run it: the system built over its
 * seed in memory, on port 0, tested twice (a second run must replay the first's writes).
 */

import { signEventDelivery } from '../../lib/auth/events.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { EVENTS_PATH } from '../../lib/contract/protocol.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import type { SeededDepartmentSystemOptions } from '../../mocks/kit/department.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import { departmentTestAccess, SERVICE_CENTER_ON_APPLICATION } from '../../mocks/kit/testing.ts';
import type { ContractCheck } from './runContractTest.ts';
import { runContractTest } from './runContractTest.ts';

/**
 * Test keys for `department`'s system, and the credentials its contract test sends: its own
 * subgraph's delegation for the service-center on an application, and public security's signature on
 * an event.
 */
export async function contractTestCredentials(department: string) {
  const access = await departmentTestAccess(department);
  const publisher = access.authentication.trustFor(departmentSystemOf('public-security')).signer;
  const credentials = async (path: string, body: unknown): Promise<Record<string, string>> =>
    path === EVENTS_PATH && body && typeof body === 'object' && 'eventId' in body
      ? {
          authorization: await signEventDelivery(
            publisher,
            departmentSystemOf(department),
            body as { eventId: string },
          ),
        }
      : access.as(SERVICE_CENTER_ON_APPLICATION);
  return { trust: access.trust, credentials };
}

/** The checks that failed when `build`'s system was tested against its contract twice; empty when it meets it. */
export async function failedContractChecks(
  build: (options: SeededDepartmentSystemOptions) => DepartmentSystem,
): Promise<Array<ContractCheck & { run: number }>> {
  const probe = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true });
  const { department } = probe;
  await probe.app.close();
  const access = await departmentTestAccess(department);
  const system = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true, trust: access.trust });
  const publisher = access.authentication.trustFor(departmentSystemOf('public-security')).signer;
  const credentials = async (path: string, body: unknown): Promise<Record<string, string>> =>
    path === EVENTS_PATH && body && typeof body === 'object' && 'eventId' in body
      ? {
          authorization: await signEventDelivery(
            publisher,
            departmentSystemOf(department),
            body as { eventId: string },
          ),
        }
      : access.as(SERVICE_CENTER_ON_APPLICATION);
  try {
    const url = await system.app.listen({ port: 0, host: '127.0.0.1' });
    const failed = [];
    for (const run of [1, 2]) {
      const checks = await runContractTest(system.contract, url, { credentials });
      if (checks.length === 0) throw new Error('the contract test made no checks');
      failed.push(...checks.filter((check) => check.problem).map((check) => ({ ...check, run })));
    }
    return failed;
  } finally {
    await system.app.close();
  }
}
