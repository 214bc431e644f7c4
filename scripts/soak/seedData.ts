/**
 * The seed records the soak draws its users and errands from: the people and households of the
 * population register, the birth records, the school districts and the named scenarios. Read from
 * the repository's seed, which is also what the started system loads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInMunicipality } from '../../lib/divisions.ts';
import { educationSeed, type SchoolDistrictRecord } from '../../mocks/education/records.ts';
import { type BirthRecordRecord, healthSeed } from '../../mocks/health/records.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import {
  type HouseholdRecord,
  type PersonRecord,
  publicSecuritySeed,
} from '../../mocks/public-security/records.ts';
import { type Scenarios, scenariosSchema } from '../seed/scenarios.ts';

/** The seed as the soak reads it. */
export interface SoakSeed {
  persons: PersonRecord[];
  households: HouseholdRecord[];
  birthRecords: Map<string, BirthRecordRecord>;
  schoolDistricts: SchoolDistrictRecord[];
  scenarios: Scenarios;
  /** Whether a person's hukou (their household's division) is in Chongqing; false for unknown IDs. */
  hukouInMunicipality(citizenId: string): boolean;
}

/** Reads the seed in `seedDir` (e.g. `DEFAULT_SEED_DIR`). */
export function readSoakSeed(seedDir: string): SoakSeed {
  const register = readSeed(seedDir, 'public-security', publicSecuritySeed);
  const health = readSeed(seedDir, 'health', healthSeed);
  const education = readSeed(seedDir, 'education', educationSeed);
  const scenarios = scenariosSchema.parse(
    JSON.parse(readFileSync(path.join(seedDir, 'scenarios.json'), 'utf8')),
  );
  const households = new Map(register.households.map((household) => [household.id, household]));
  const persons = new Map(register.persons.map((person) => [person.citizenId, person]));
  return {
    persons: register.persons,
    households: register.households,
    birthRecords: new Map(health['birth-records'].map((report) => [report.id, report])),
    schoolDistricts: education['school-districts'],
    scenarios,
    hukouInMunicipality(citizenId) {
      const household = households.get(persons.get(citizenId)?.householdId ?? '');
      return household !== undefined && isInMunicipality(household.divisionCode);
    },
  };
}
