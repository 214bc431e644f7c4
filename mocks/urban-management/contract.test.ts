import { expect, it } from 'vitest';
import { failedContractChecks } from '../../scripts/contract/testing.ts';
import { buildDepartmentSystem } from './server.ts';

// Four endpoints and the audit look-ups, each checked twice.
it('meets its contract, and again when the contract test runs a second time (npm run contract)', async () => {
  expect(await failedContractChecks(buildDepartmentSystem)).toEqual([]);
}, 20_000);
