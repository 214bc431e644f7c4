/**
 * The contract test as the mock department systems' own tests run it: the system built over its
 * seed in memory, on port 0, with keys made for the test, tested twice (a second run must replay the
 * first's writes). The test asks as a clerk of the department holding its read and write scopes —
 * through the department's own subgraph, whose delegation the system requires — and as whoever an
 * example names; events go signed by their publisher.
 */

import { signEventDelivery } from '../../lib/auth/events.ts';
import { departmentSystemOf } from '../../lib/auth/services.ts';
import { eventPublishersOf } from '../../lib/contract/endpoint.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import type { SeededDepartmentSystemOptions } from '../../mocks/kit/department.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import { createTestCallers, departmentClerk, type TestCallers } from '../../mocks/kit/testing.ts';
import type { Authorize, ContractCheck } from './runContractTest.ts';
import { runContractTest } from './runContractTest.ts';
import type { SignEvent } from './systemUnderTest.ts';

/**
 * What a contract test of `department`'s system in a test needs: its keys, each caller's credentials,
 * event signatures (as `publisher`'s system signs them; default public security's).
 */
export async function contractTestCallers(
  department: string,
  publisher = 'public-security',
): Promise<{ callers: TestCallers; authorize: Authorize; signEvent: SignEvent }> {
  const callers = await createTestCallers(department);
  const signer = callers.authentication.trustFor(departmentSystemOf(publisher)).signer;
  return {
    callers,
    authorize: (caller) => callers.headersFor(caller ?? departmentClerk(department)),
    signEvent: async (event) => ({
      authorization: await signEventDelivery(signer, departmentSystemOf(department), event),
    }),
  };
}

/** The checks that failed when `build`'s system was tested against its contract twice; empty when it meets it. */
export async function failedContractChecks(
  build: (options: SeededDepartmentSystemOptions) => DepartmentSystem,
): Promise<Array<ContractCheck & { run: number }>> {
  const probe = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true });
  const { department, contract } = probe;
  await probe.app.close();
  const { callers, authorize, signEvent } = await contractTestCallers(
    department,
    eventPublishersOf(contract)[0],
  );
  const system = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true, trust: callers.trust });
  try {
    const url = await system.app.listen({ port: 0, host: '127.0.0.1' });
    const failed = [];
    for (const run of [1, 2]) {
      const checks = await runContractTest(system.contract, url, { authorize, signEvent });
      if (checks.length === 0) throw new Error('the contract test made no checks');
      failed.push(...checks.filter((check) => check.problem).map((check) => ({ ...check, run })));
    }
    return failed;
  } finally {
    await system.app.close();
  }
}
