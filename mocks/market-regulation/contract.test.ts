import { expect, it } from 'vitest';
import { failedContractChecks } from '../../scripts/contract/testing.ts';
import { buildDepartmentSystem } from './server.ts';

// Ten endpoints, each checked twice: about 1.5 s on a quiet machine, longer on a shared one.
it('meets its contract, and again when the contract test runs a second time (npm run contract)', async () => {
  expect(await failedContractChecks(buildDepartmentSystem)).toEqual([]);
}, 20_000);
