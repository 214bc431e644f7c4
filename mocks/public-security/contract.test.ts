import { expect, it } from 'vitest';
import { failedContractChecks } from '../../scripts/contract/testing.ts';
import { buildDepartmentSystem } from './server.ts';

it('meets its contract, and again when the contract test runs a second time (npm run contract)', async () => {
  expect(await failedContractChecks(buildDepartmentSystem)).toEqual([]);
  // Every endpoint's examples, refusals and replays, twice: seconds on a busy machine.
}, 20_000);
