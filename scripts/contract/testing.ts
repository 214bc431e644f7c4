/**
 * The contract test as the mock department systems' own tests run it: the system built over its
 * seed in memory, on port 0, with keys made for the test, tested twice (a second run must replay the
 * first's writes). The test asks as a clerk of the department holding its read and write scopes, and
 * as whoever an example names.
 */

import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import type { SeededDepartmentSystemOptions } from '../../mocks/kit/department.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import { createTestCallers, departmentClerk } from '../../mocks/kit/testing.ts';
import type { Authorize, ContractCheck } from './runContractTest.ts';
import { runContractTest } from './runContractTest.ts';

/** The checks that failed when `build`'s system was tested against its contract twice; empty when it meets it. */
export async function failedContractChecks(
  build: (options: SeededDepartmentSystemOptions) => DepartmentSystem,
): Promise<Array<ContractCheck & { run: number }>> {
  const callers = await createTestCallers();
  const system = build({ seedDir: DEFAULT_SEED_DIR, inMemory: true, verifier: callers.verifier });
  const authorize: Authorize = (caller) =>
    callers.headersFor(caller ?? departmentClerk(system.contract.department));
  try {
    const url = await system.app.listen({ port: 0, host: '127.0.0.1' });
    const failed = [];
    for (const run of [1, 2]) {
      const checks = await runContractTest(system.contract, url, { authorize });
      if (checks.length === 0) throw new Error('the contract test made no checks');
      failed.push(...checks.filter((check) => check.problem).map((check) => ({ ...check, run })));
    }
    return failed;
  } finally {
    await system.app.close();
  }
}
