/**
 * The seed-data generator: runs each department's generator (`mocks/<department>/seed/`) in order on
 * one Random stream — the public-security register first, then each department's records from it —
 * checks every record against its schema and names the scenario records. Pure and deterministic:
 * a fixed PRNG seed and reference date, no clock, no I/O; scripts/generate-seed.ts writes the files.
 *
 * The order is the one place that knows every department: a department's draws shift every draw after
 * them, and some departments build on others' results (medical insurance on civil affairs' cases), so
 * a new department's call goes last.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInMunicipality } from '../../lib/divisions.ts';
import {
  type AssistanceGrant,
  assistanceCases,
  marriageRecords,
} from '../../mocks/civil-affairs/seed/civilAffairs.ts';
import { buildSchools, districtOf, enrolments } from '../../mocks/education/seed/education.ts';
import { fireRescueRecords } from '../../mocks/fire-rescue/seed/fireRescue.ts';
import { buildBirthRecords } from '../../mocks/health/seed/birthRecords.ts';
import {
  birthCertificates,
  buildClinics,
  childrenWithHealthRecords,
  HOSPITALS,
  vaccinationRecords,
} from '../../mocks/health/seed/health.ts';
import { REFERENCE_DATE } from '../../mocks/kit/seed/calendar.ts';
import { Random, SEED } from '../../mocks/kit/seed/random.ts';
import { collectionFile } from '../../mocks/kit/seed.ts';
import { marketRegulationRecords } from '../../mocks/market-regulation/seed/marketRegulation.ts';
import { insuranceEnrolments } from '../../mocks/medical-insurance/seed/medicalInsurance.ts';
import type { HouseholdRecord } from '../../mocks/public-security/records.ts';
import { buildCollectiveHouseholds } from '../../mocks/public-security/seed/collectiveHouseholds.ts';
import { buildTemplateHouseholds } from '../../mocks/public-security/seed/households.ts';
import { type Family, PopulationBuilder } from '../../mocks/public-security/seed/population.ts';
import { buildScenarioHouseholds } from '../../mocks/public-security/seed/scenarioHouseholds.ts';
import { urbanManagementRecords } from '../../mocks/urban-management/seed/urbanManagement.ts';
import { chooseEnterpriseScenarios } from './enterpriseScenarios.ts';
import { SCENARIOS_FILE, type Scenarios, scenariosSchema } from './scenarios.ts';
import { type SeedCollections, validateSeed } from './validate.ts';

/**
 * Generates the complete seed data set: every collection of every department (department →
 * collection → records) and the named scenario records. Throws a SeedValidationError if a record
 * breaks its schema or a department's collection is missing.
 *
 * @param prngSeed - the seed of the one Random stream every draw comes from; default {@link SEED},
 *   the committed data's. Another value gives a held-out seed set: other people, enterprises and
 *   records, the same scenarios found in them by their properties.
 */
export function generateSeed(prngSeed: number = SEED) {
  const rng = new Random(prngSeed);
  const b = new PopulationBuilder(rng);
  buildTemplateHouseholds(b);
  const residents = buildScenarioHouseholds(b);
  const newborns = buildBirthRecords(b, residents);

  const families = [...b.families].sort((x, y) => x.household.id.localeCompare(y.household.id));
  const persons = families.flatMap((f) => f.members);
  const households = new Map<string, HouseholdRecord>(families.map((f) => [f.household.id, f.household]));

  const clinics = buildClinics();
  const children = childrenWithHealthRecords(persons);
  const certificates = birthCertificates(rng, children, households);
  const vaccinations = vaccinationRecords(rng, children, households, clinics);
  const schoolMap = buildSchools(rng);
  const pupils = enrolments(rng, schoolMap, persons, households);

  const profile = chooseProfile(
    b,
    families,
    newborns.parentHouseholds,
    new Set(pupils.map((e) => e.citizenId)),
  );
  const grants = chooseAssistance(rng, families, [...newborns.parentHouseholds, profile.family.household.id]);
  grants.unshift(
    { family: newborns.assistanceFamily, kind: 'MINIMUM_LIVING', status: 'ACTIVE' },
    { family: residents.singleMotherFamily, kind: 'MINIMUM_LIVING', status: 'ACTIVE' },
    {
      family: familyOf(families, residents.extremePoverty.householdId),
      kind: 'EXTREME_POVERTY',
      status: 'ACTIVE',
    },
  );

  const marriages = marriageRecords(rng, b.unions);
  const cases = assistanceCases(rng, grants);
  const insurance = insuranceEnrolments(rng, persons, cases);
  // Drawn after every department's records, so that theirs stay as they were: the collective
  // households' adults are registered at public security only.
  const collective = buildCollectiveHouseholds(b);
  const register = [...families, collective.dormitory, collective.company].sort((x, y) =>
    x.household.id.localeCompare(y.household.id),
  );
  // Drawn last, in this order, so that the departments before them keep their data as it was:
  // medical insurance's collective residents, then market regulation (legal representatives and
  // agents from the register), then fire rescue and urban management (the premises of market
  // regulation's licences).
  const insuranceOfCollective = insuranceEnrolments(
    rng,
    [collective.dormitory, collective.company].flatMap((family) => family.members),
    [],
    insurance,
  );
  const market = marketRegulationRecords(
    rng,
    register.flatMap((f) => f.members),
  );
  const fire = fireRescueRecords(rng, market);
  // Then urban management: signboards and drainage permits at the premises of the same licences.
  const urban = urbanManagementRecords(rng, market);
  const collections = {
    'public-security': {
      households: register.map((f) => f.household),
      persons: register.flatMap((f) => f.members),
    },
    health: {
      hospitals: [...HOSPITALS],
      'birth-records': newborns.reports,
      'birth-certificates': certificates,
      clinics,
      'vaccination-records': vaccinations,
    },
    'civil-affairs': { marriages, 'assistance-cases': cases },
    education: { 'school-districts': schoolMap.districts, schools: schoolMap.schools, enrolments: pupils },
    'medical-insurance': {
      enrolments: [...insurance, ...insuranceOfCollective].sort((a, b) => a.id.localeCompare(b.id)),
    },
    'market-regulation': market,
    'fire-rescue': fire,
    'urban-management': urban,
  } satisfies SeedCollections;
  validateSeed(collections);

  const district = districtOf(schoolMap, profile.family.household);
  if (!district)
    throw new Error(`no school district covers the profile household ${profile.family.household.id}`);
  const outOfProvince = persons.find((p) => !isInMunicipality(p.householdId.slice(0, 6)) && p.phone !== null);
  if (!outOfProvince) throw new Error('no adult is registered outside Chongqing');
  const scenarios: Scenarios = {
    referenceDate: REFERENCE_DATE,
    birthRecords: newborns.scenarios,
    citizens: {
      profile: profile.parent,
      child: profile.child,
      withDotName: residents.withDotName.citizenId,
      assistanceHead: newborns.assistanceFamily.household.headCitizenId,
      extremePoverty: residents.extremePoverty.citizenId,
      outOfProvince: outOfProvince.citizenId,
    },
    households: {
      profile: profile.family.household.id,
      dormitory: collective.dormitory.household.id,
      companyCollective: collective.company.household.id,
    },
    schoolDistricts: { profile: district.id },
    enterprises: chooseEnterpriseScenarios(
      { persons: collections['public-security'].persons, market, fire, urban },
      REFERENCE_DATE,
    ),
  };
  return { collections, scenarios: scenariosSchema.parse(scenarios) };
}

/** The generated data: every collection of every department, and the named scenario records. */
export type Seed = ReturnType<typeof generateSeed>;

function familyOf(families: readonly Family[], householdId: string): Family {
  const family = families.find((f) => f.household.id === householdId);
  if (!family) throw new Error(`no household ${householdId}`);
  return family;
}

/**
 * The profile citizen: a married father in a Chongqing household of three or more, not expecting a
 * newborn, whose child has health records and goes to school.
 */
function chooseProfile(
  b: PopulationBuilder,
  families: readonly Family[],
  newbornHouseholds: ReadonlySet<string>,
  pupils: ReadonlySet<string>,
): { family: Family; parent: string; child: string } {
  const withHealthRecords = new Set(
    childrenWithHealthRecords(families.flatMap((f) => f.members)).map((p) => p.citizenId),
  );
  for (const family of families) {
    const { household, members } = family;
    if (family.kind !== 'nuclear' || members.length < 3 || newbornHouseholds.has(household.id)) continue;
    const union = b.unions.find((u) => u.status === 'MARRIED' && u.husband.householdId === household.id);
    const child = members.find(
      (m) =>
        m.fatherCitizenId === union?.husband.citizenId &&
        withHealthRecords.has(m.citizenId) &&
        pupils.has(m.citizenId),
    );
    if (union && child) return { family, parent: union.husband.citizenId, child: child.citizenId };
  }
  throw new Error('no household fits the profile scenario');
}

/** Further 低保 households: an elderly couple and a family on active cases, and a family whose case closed. */
function chooseAssistance(
  rng: Random,
  families: readonly Family[],
  excluded: readonly string[],
): AssistanceGrant[] {
  const eligible = rng.shuffle(
    families.filter((f) => isInMunicipality(f.household.divisionCode) && !excluded.includes(f.household.id)),
  );
  const pick = (kind: Family['kind'], skip = 0): Family => {
    const family = eligible.filter((f) => f.kind === kind)[skip];
    if (!family) throw new Error(`no ${kind} household left for assistance`);
    return family;
  };
  return [
    { family: pick('elderlyCouple'), kind: 'MINIMUM_LIVING', status: 'ACTIVE' },
    { family: pick('threeGeneration'), kind: 'MINIMUM_LIVING', status: 'ACTIVE' },
    { family: pick('nuclear'), kind: 'MINIMUM_LIVING', status: 'CLOSED' },
  ];
}

/** Serialises a collection or the scenarios file exactly as the committed files are written. */
export function serialise(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The files of a seed, path in the seed set → content: `<department>/data/<collection>.json` for each
 * collection, and `scenarios.json` at the top, beside the department folders (the scenarios name
 * records of several departments, so no one department's folder holds them).
 */
export function seedFiles(seed: Seed): Map<string, string> {
  const files = new Map<string, string>();
  for (const [department, collections] of Object.entries(seed.collections)) {
    for (const [collection, records] of Object.entries(collections)) {
      files.set(collectionFile(department, collection), serialise(records));
    }
  }
  files.set(SCENARIOS_FILE, serialise(seed.scenarios));
  return files;
}

/**
 * Writes the seed drawn with `prngSeed` into `folder` as a seed set (`SEED_DIR` loads it, with its
 * `scenarios.json`); answers how many files were written.
 *
 * @throws SeedValidationError when the drawn records do not hold, before anything is written
 */
export function writeSeedSet(folder: string, prngSeed: number = SEED): number {
  const files = seedFiles(generateSeed(prngSeed));
  for (const [file, content] of files) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    writeFileSync(join(folder, file), content, 'utf8');
  }
  return files.size;
}
