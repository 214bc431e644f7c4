/**
 * Held-out seed sets: the generator run with other random seeds, written as a seed set and read back
 * as `SEED_DIR` would load it. Every enterprise scenario is named there too, by the same property as
 * in the committed set — so a test that picks its enterprises from the scenarios works on any set
 * drawn the same way, not only on the records it was written against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { SEED } from '../../mocks/kit/seed/random.ts';
import {
  enterpriseScenarioProperties,
  readEnterpriseSeedRecords,
  scenarioEnterprises,
} from './enterpriseScenarioProperties.ts';
import { writeSeedSet } from './generateSeed.ts';
import { readScenarios } from './scenarios.ts';

/** Random seeds other than the committed one ({@link SEED}); each draws other people and enterprises. */
const HELD_OUT_SEEDS = [SEED + 1, 7, 12_345];

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Generates the seed with `prngSeed` and writes it as `npm run seed:generate -- --out` does. */
function writeHeldOutSet(prngSeed: number): string {
  const folder = mkdtempSync(join(tmpdir(), `onething-seed-${prngSeed}-`));
  folders.push(folder);
  writeSeedSet(folder, prngSeed);
  return folder;
}

const committed = readScenarios(DEFAULT_SEED_DIR);

describe.each(HELD_OUT_SEEDS)('a seed set drawn with random seed %i', (prngSeed) => {
  const folder = writeHeldOutSet(prngSeed);
  const scenarios = readScenarios(folder);
  const set = {
    ...readEnterpriseSeedRecords(folder),
    scenarios: scenarios.enterprises,
    referenceDate: scenarios.referenceDate,
  };

  it('holds other enterprises than the committed set', () => {
    expect(scenarioEnterprises(scenarios.enterprises)).not.toEqual(
      scenarioEnterprises(committed.enterprises),
    );
    expect(scenarios.enterprises.restaurantApplicant).not.toBe(committed.enterprises.restaurantApplicant);
  });

  it.each(Object.entries(enterpriseScenarioProperties).map(([name, p]) => [name, p.says, p] as const))(
    'names %s: %s',
    (_name, _says, property) => property.holds(set),
  );

  it('names an enterprise of its own for each scenario', () => {
    const named = scenarioEnterprises(scenarios.enterprises);
    expect(new Set(named).size).toBe(named.length);
  });

  it('is what the end-to-end tests read under SEED_DIR (test/support/enterprises.ts), and the system they start loads', async () => {
    vi.stubEnv('SEED_DIR', folder);
    vi.resetModules();
    try {
      const support = await import('../../test/support/enterprises.ts');
      expect(support.enterprises).toEqual(scenarios.enterprises);
      expect(support.ENTERPRISE_SEED_SYSTEM.seedDir).toBe(folder);
      expect(support.ENTERPRISE_SEED_SYSTEM.today?.()).toBe(scenarios.referenceDate);
      const { creditCode, legalRepresentativeCitizenId } = scenarios.enterprises.restaurant;
      expect(support.seededEnterprise(creditCode).legalRepresentativeCitizenId).toBe(
        legalRepresentativeCitizenId,
      );
      expect(
        support.seededFoodLicences(scenarios.enterprises.licenceNearExpiry.creditCode).map((l) => l.number),
      ).toContain(scenarios.enterprises.licenceNearExpiry.licenceNumber);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
