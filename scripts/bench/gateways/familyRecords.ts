/**
 * The records of the benchmark's made-up families (`families.ts`) in the department stores: the seed
 * they are copied from, and writing them through each store's own seed loader — the code that loads
 * the repository's seed — after checking each record against the department's schema, so a made-up
 * family is stored exactly as a seeded one would be.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { civilAffairsSeed, marriageRecord } from '../../../mocks/civil-affairs/records.ts';
import { loadCivilAffairsSeed } from '../../../mocks/civil-affairs/store.ts';
import { birthRecordRecord, healthSeed } from '../../../mocks/health/records.ts';
import { loadHealthSeed } from '../../../mocks/health/store.ts';
import { readSeed } from '../../../mocks/kit/seed.ts';
import { householdRecord, personRecord, publicSecuritySeed } from '../../../mocks/public-security/records.ts';
import { loadPublicSecuritySeed } from '../../../mocks/public-security/store.ts';
import type { RunningSystem } from '../../../system/startSystem.ts';
import { ROOT } from '../../../system/topology.ts';
import type { Scenarios } from '../../seed/scenarios.ts';
import type { Family } from './families.ts';

/** The seed records the families are copied from. */
export function readFamilySeed(seedDir: string) {
  const scenarios = JSON.parse(readFileSync(path.join(ROOT, 'mocks', 'scenarios.json'), 'utf8')) as Scenarios;
  const health = readSeed(seedDir, 'health', healthSeed);
  const publicSecurity = readSeed(seedDir, 'public-security', publicSecuritySeed);
  const civilAffairs = readSeed(seedDir, 'civil-affairs', civilAffairsSeed);
  return {
    eligibleReportIds: scenarios.birthRecords.eligible,
    reports: health['birth-records'],
    hospitals: health.hospitals,
    persons: publicSecurity.persons,
    households: publicSecurity.households,
    marriages: civilAffairs.marriages,
  };
}

/**
 * Writes the families' records — households and parents (public security), marriages (civil
 * affairs), birth records (health) — through each department store's own seed loader, in one
 * transaction per store.
 */
export function writeFamilies(system: RunningSystem, families: readonly Family[]): void {
  const db = (department: string) => {
    const api = system.departmentSystems.get(department);
    if (!api) throw new Error(`the ${department} department system did not start`);
    return api.server.db;
  };
  const publicSecurity = db('public-security');
  publicSecurity.transaction(() =>
    loadPublicSecuritySeed(publicSecurity, {
      households: families.map((f) => householdRecord.parse(f.household)),
      persons: families.flatMap((f) => [personRecord.parse(f.father), personRecord.parse(f.mother)]),
    }),
  )();
  const civilAffairs = db('civil-affairs');
  civilAffairs.transaction(() =>
    loadCivilAffairsSeed(civilAffairs, {
      marriages: families.map((f) => marriageRecord.parse(f.marriage)),
      'assistance-cases': [],
    }),
  )();
  const health = db('health');
  health.transaction(() =>
    loadHealthSeed(health, {
      hospitals: [],
      'birth-records': families.map((f) => birthRecordRecord.parse(f.report)),
      'birth-certificates': [],
      clinics: [],
      'vaccination-records': [],
    }),
  )();
}
