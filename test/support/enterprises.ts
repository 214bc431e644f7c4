/**
 * The enterprise scenarios for the end-to-end tests of the enterprise errands: the enterprises and
 * the people acting for them that `mocks/scenarios.json` names by property (`scripts/seed/scenarios.ts`,
 * `enterprises`), and their seeded records. Read from the seed set `SEED_DIR` names, else the
 * repository's (`mocks/`), so a test that picks its enterprises here runs on a held-out seed set as
 * on the committed one — started on the same set ({@link ENTERPRISE_SEED_SYSTEM}).
 *
 * ```ts
 * const system = await startTestSystem(ENTERPRISE_SEED_SYSTEM);
 * const { creditCode, legalRepresentativeCitizenId } = enterprises.restaurant;
 * ```
 */
import { readMockStorageConfig } from '../../mocks/kit/config.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import {
  type EnterpriseRecord,
  type FoodLicenceRecord,
  marketRegulationSeed,
} from '../../mocks/market-regulation/records.ts';
import { type EnterpriseScenarios, readScenarios } from '../../scripts/seed/scenarios.ts';
import type { SystemOptions } from '../../system/startSystem.ts';

/** The seed set the scenarios and records are read from: `SEED_DIR` when set, else `mocks/`. */
export const enterpriseSeedDir = readMockStorageConfig().seedDir;

const scenarios = readScenarios(enterpriseSeedDir);
const market = readSeed(enterpriseSeedDir, 'market-regulation', marketRegulationSeed);

/**
 * The named enterprise scenarios of the seed set: each a credit code and the citizen acting for it
 * (or a citizen alone), with the property its name says (documented on `enterpriseScenariosSchema`).
 */
export const enterprises: EnterpriseScenarios = scenarios.enterprises;

/** The seed set's reference date: the day licences and authorisations are judged valid on. */
export const enterpriseReferenceDate: string = scenarios.referenceDate;

/**
 * Options for `startTestSystem` that run the system on the same seed set and day as the scenarios, so
 * the records they name are the ones loaded (a held-out set under `SEED_DIR` included).
 */
export const ENTERPRISE_SEED_SYSTEM: Pick<SystemOptions, 'seedDir' | 'today'> = {
  seedDir: enterpriseSeedDir,
  today: () => enterpriseReferenceDate,
};

/** The enterprise with this credit code as seeded (name, registered address, representative, status). */
export function seededEnterprise(creditCode: string): EnterpriseRecord {
  const enterprise = market.enterprises.find((e) => e.creditCode === creditCode);
  if (!enterprise) throw new Error(`the seed set ${enterpriseSeedDir} has no enterprise ${creditCode}`);
  return enterprise;
}

/** The food business licences of an enterprise as seeded, by licence number. */
export function seededFoodLicences(creditCode: string): FoodLicenceRecord[] {
  return market['food-licences']
    .filter((licence) => licence.creditCode === creditCode)
    .sort((a, b) => a.number.localeCompare(b.number));
}
