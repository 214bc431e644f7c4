/**
 * The hospitals' delivery reports of children born but not yet registered in hukou: the inputs of
 * the newborn errand. Thirty reports: plain eligible births of married Chongqing couples, and one
 * report for each situation the eligibility rules must recognise (twins, an unmarried mother, a
 * parent registered in another province, a birth over a year ago, a birth outside a Chongqing
 * maternity unit, unmarried parents, parents both registered elsewhere, a family on 低保).
 */

import { isInMunicipality } from '../../../lib/divisions.ts';
import { ageOn, chinaDateTime, randomDate } from '../../kit/seed/calendar.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { PersonRecord } from '../../public-security/records.ts';
import type { Family, PopulationBuilder, Sex } from '../../public-security/seed/population.ts';
import type { ScenarioResidents } from '../../public-security/seed/scenarioHouseholds.ts';
import type { BirthRecordRecord } from '../records.ts';
import { HOSPITALS, hospitalWhere, maternityUnitIn } from './health.ts';

/** The report ids of each newborn scenario, as scenarios.json lists them. */
export interface BirthRecordScenarios {
  /** Reports the eligibility rules accept: plain births, the twins, a parent in another province, the 低保 family. */
  eligible: string[];
  twins: [string, string];
  unmarriedMother: string;
  parentInOtherProvince: string;
  bornOverAYearAgo: string;
  notMaternityUnit: string;
  outOfProvinceHospital: string;
  parentsNotMarried: string;
  neitherParentInMunicipality: string;
  assistanceFamily: string;
}

/** How many plain eligible births there are besides the scenario births. */
const PLAIN_BIRTHS = 20;

/** Recent births fall in this window; the reference date is 2026-11-20. */
const RECENT_BIRTHS = ['2026-09-01', '2026-11-19'] as const;
const OVER_A_YEAR_AGO = ['2025-09-01', '2025-09-30'] as const;

type Role = Exclude<keyof BirthRecordScenarios, 'eligible'> | 'plain';

interface Delivery {
  role: Role;
  mother: PersonRecord;
  father: PersonRecord | null;
  hospitalId: string;
  bornAt: string;
  plurality: number;
  gestationWeeks: number;
}

/** The birth records, the scenario ids, and the household chosen to receive 低保. */
export interface NewbornReports {
  reports: BirthRecordRecord[];
  scenarios: BirthRecordScenarios;
  assistanceFamily: Family;
  /** Households of the parents of a reported newborn. */
  parentHouseholds: Set<string>;
}

/** Married Chongqing couples living together, the wife 22–40, with no child under two and a half. */
function expectingCouples(
  b: PopulationBuilder,
): { family: Family; mother: PersonRecord; father: PersonRecord }[] {
  const persons = b.families.flatMap((f) => f.members);
  return b.families.flatMap((family) => {
    if (family.kind === 'scenario' || !isInMunicipality(family.household.divisionCode)) return [];
    const union = b.unions.find(
      (u) =>
        u.status === 'MARRIED' &&
        u.wife.householdId === family.household.id &&
        u.husband.householdId === family.household.id &&
        ageOn(u.wife.birthDate, RECENT_BIRTHS[0]) >= 22 &&
        ageOn(u.wife.birthDate, RECENT_BIRTHS[0]) <= 40,
    );
    if (!union) return [];
    const youngest = persons
      .filter((p) => p.motherCitizenId === union.wife.citizenId)
      .map((p) => p.birthDate)
      .sort()
      .at(-1);
    if (youngest && youngest > '2024-03-01') return [];
    return [{ family, mother: union.wife, father: union.husband }];
  });
}

/** The usual maternity unit: the district of the family's Chongqing household, sometimes another. */
function usualHospital(rng: Random, mother: PersonRecord, father: PersonRecord | null): string {
  const home = [mother.householdId, father?.householdId ?? '']
    .map((id) => id.slice(0, 6))
    .find((code) => isInMunicipality(code));
  if (home && rng.chance(0.75)) return maternityUnitIn(home).id;
  return rng.pick(HOSPITALS.filter((h) => h.maternityUnit && isInMunicipality(h.divisionCode))).id;
}

function bornAt(rng: Random, window: readonly [string, string]): string {
  return chinaDateTime(randomDate(rng, window[0], window[1]), rng.int(0, 23), rng.int(0, 59));
}

/** Weeks of gestation: twins come earlier. */
function gestation(rng: Random, plurality: number): number {
  if (plurality > 1) return rng.int(35, 37);
  return rng.weighted([
    [37, 1],
    [38, 3],
    [39, 4],
    [40, 3],
    [41, 1],
  ]);
}

/** Weight and length of a healthy baby of that gestation; twins are lighter. */
function measurements(rng: Random, plurality: number, gestationWeeks: number) {
  const weightGrams = plurality > 1 ? rng.int(1900, 2700) : rng.int(2700, 3800) + (gestationWeeks - 39) * 120;
  const lengthCm = Math.round((46 + (weightGrams - 2000) / 450 + rng.next() * 1.5) * 10) / 10;
  return { weightGrams, lengthCm };
}

/** Builds the thirty birth records. */
export function buildBirthRecords(b: PopulationBuilder, residents: ScenarioResidents): NewbornReports {
  const rng = b.rng;
  const couples = rng.shuffle(expectingCouples(b));
  const assistedIndex = couples.findIndex(
    (c) => c.family.kind !== 'youngCouple' && c.family.members.length >= 3,
  );
  const [assisted] = couples.splice(assistedIndex, 1);
  if (assistedIndex < 0 || !assisted)
    throw new Error('no family with children can be the 低保 newborn family');
  const next = () => {
    const couple = couples.shift();
    if (!couple) throw new Error('not enough married Chongqing couples for the birth records');
    return couple;
  };
  const deliveries: Delivery[] = [];
  const deliver = (
    role: Role,
    mother: PersonRecord,
    father: PersonRecord | null,
    overrides: Partial<Delivery> = {},
  ) => {
    deliveries.push({
      role,
      mother,
      father,
      hospitalId: usualHospital(rng, mother, father),
      bornAt: bornAt(rng, RECENT_BIRTHS),
      plurality: overrides.plurality ?? 1,
      gestationWeeks: gestation(rng, overrides.plurality ?? 1),
      ...overrides,
    });
  };
  const twins = next();
  deliver('twins', twins.mother, twins.father, { plurality: 2 });
  const late = next();
  deliver('bornOverAYearAgo', late.mother, late.father, { bornAt: bornAt(rng, OVER_A_YEAR_AGO) });
  const notMaternity = next();
  deliver('notMaternityUnit', notMaternity.mother, notMaternity.father, {
    hospitalId: hospitalWhere((h) => !h.maternityUnit).id,
  });
  const away = next();
  deliver('outOfProvinceHospital', away.mother, away.father, {
    hospitalId: hospitalWhere((h) => !isInMunicipality(h.divisionCode)).id,
  });
  deliver('assistanceFamily', assisted.mother, assisted.father);
  deliver('unmarriedMother', residents.unmarriedMother, null);
  deliver('parentsNotMarried', residents.unmarriedPair.mother, residents.unmarriedPair.father);
  deliver(
    'parentInOtherProvince',
    residents.crossProvinceCouple.mother,
    residents.crossProvinceCouple.father,
  );
  deliver(
    'neitherParentInMunicipality',
    residents.outOfProvinceCouple.mother,
    residents.outOfProvinceCouple.father,
    {
      hospitalId: maternityUnitIn('500112').id,
    },
  );
  for (let i = 0; i < PLAIN_BIRTHS; i++) {
    const couple = next();
    deliver('plain', couple.mother, couple.father);
  }
  return numberReports(rng, deliveries, assisted.family);
}

/** Turns deliveries into reports numbered `BR` + date + the day's sequence, and collects the scenario ids. */
function numberReports(
  rng: Random,
  deliveries: readonly Delivery[],
  assistanceFamily: Family,
): NewbornReports {
  const children = deliveries.flatMap((delivery) =>
    Array.from({ length: delivery.plurality }, (_, i) => ({ delivery, birthOrder: i + 1 })),
  );
  children.sort((a, b) => a.delivery.bornAt.localeCompare(b.delivery.bornAt) || a.birthOrder - b.birthOrder);
  const perDay = new Map<string, number>();
  const idsByRole = new Map<Role, string[]>();
  const reports = children.map(({ delivery, birthOrder }): BirthRecordRecord => {
    const day = delivery.bornAt.slice(0, 10).replaceAll('-', '');
    const sequence = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, sequence);
    const id = `BR${day}${String(sequence).padStart(4, '0')}`;
    idsByRole.set(delivery.role, [...(idsByRole.get(delivery.role) ?? []), id]);
    return {
      id,
      hospitalId: delivery.hospitalId,
      motherCitizenId: delivery.mother.citizenId,
      fatherCitizenId: delivery.father?.citizenId ?? null,
      bornAt: delivery.bornAt,
      sex: rng.pick<Sex>(['MALE', 'FEMALE']),
      ...measurements(rng, delivery.plurality, delivery.gestationWeeks),
      gestationWeeks: delivery.gestationWeeks,
      plurality: delivery.plurality,
      birthOrder,
      status: 'REPORTED',
    };
  });
  const one = (role: Role): string => {
    const [id] = idsByRole.get(role) ?? [];
    if (!id) throw new Error(`no birth record for the ${role} scenario`);
    return id;
  };
  const [twin1, twin2] = idsByRole.get('twins') ?? [];
  if (!twin1 || !twin2) throw new Error('the twins scenario needs two reports');
  const eligibleRoles: Role[] = ['plain', 'twins', 'parentInOtherProvince', 'assistanceFamily'];
  return {
    reports,
    scenarios: {
      eligible: eligibleRoles.flatMap((role) => idsByRole.get(role) ?? []).sort(),
      twins: [twin1, twin2],
      unmarriedMother: one('unmarriedMother'),
      parentInOtherProvince: one('parentInOtherProvince'),
      bornOverAYearAgo: one('bornOverAYearAgo'),
      notMaternityUnit: one('notMaternityUnit'),
      outOfProvinceHospital: one('outOfProvinceHospital'),
      parentsNotMarried: one('parentsNotMarried'),
      neitherParentInMunicipality: one('neitherParentInMunicipality'),
      assistanceFamily: one('assistanceFamily'),
    },
    assistanceFamily,
    parentHouseholds: new Set(
      deliveries.flatMap((d) => [d.mother.householdId, d.father?.householdId ?? d.mother.householdId]),
    ),
  };
}
