/**
 * Education records: school districts (学区) covering every Chongqing street once, twenty schools
 * (each district has a primary and a junior secondary school, four districts a second primary), and
 * the enrolments of the registered children of compulsory-school age.
 */

import { isInMunicipality } from '../../../lib/divisions.ts';
import { schoolPlacement } from '../../kit/seed/calendar.ts';
import { division, roadOf } from '../../kit/seed/places.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';
import type { HouseholdRecord, PersonRecord } from '../../public-security/records.ts';
import type { EnrolmentRecord, SchoolDistrictRecord, SchoolRecord } from '../records.ts';

/** A school district and the schools in it, as planned. */
interface DistrictPlan {
  divisionCode: string;
  /** How many of the division's streets, in lib/divisions.ts order, the district covers. */
  streetCount: number;
  name: string;
  primary: readonly string[];
  juniorSecondary: string;
}

/** The school districts in id order; the divisions' streets are handed out in order. */
const DISTRICT_PLANS: readonly DistrictPlan[] = [
  {
    divisionCode: '500103',
    streetCount: 3,
    name: '渝中区解放碑学区',
    primary: ['重庆市人民小学'],
    juniorSecondary: '重庆市第二十九中学校',
  },
  {
    divisionCode: '500103',
    streetCount: 2,
    name: '渝中区两路口学区',
    primary: ['重庆市巴蜀小学'],
    juniorSecondary: '重庆市巴蜀中学校',
  },
  {
    divisionCode: '500105',
    streetCount: 4,
    name: '江北区观音桥学区',
    primary: ['重庆市江北区新村实验小学', '重庆市江北区华新实验小学'],
    juniorSecondary: '重庆市第十八中学',
  },
  {
    divisionCode: '500106',
    streetCount: 4,
    name: '沙坪坝区小龙坎学区',
    primary: ['重庆市沙坪坝区树人小学', '重庆市沙坪坝区森林实验小学'],
    juniorSecondary: '重庆南开中学',
  },
  {
    divisionCode: '500107',
    streetCount: 4,
    name: '九龙坡区杨家坪学区',
    primary: ['重庆市谢家湾小学', '重庆市九龙坡区杨家坪小学'],
    juniorSecondary: '重庆市育才中学',
  },
  {
    divisionCode: '500108',
    streetCount: 4,
    name: '南岸区南坪学区',
    primary: ['重庆市南岸区南坪实验小学', '重庆市南岸区天台岗小学'],
    juniorSecondary: '重庆市第十一中学校',
  },
  {
    divisionCode: '500112',
    streetCount: 2,
    name: '渝北区龙溪学区',
    primary: ['重庆市渝北区龙溪小学'],
    juniorSecondary: '重庆市渝北中学校',
  },
  {
    divisionCode: '500112',
    streetCount: 2,
    name: '渝北区回兴学区',
    primary: ['重庆市渝北区空港新城小学'],
    juniorSecondary: '重庆市兴华中学',
  },
];

/** School districts, schools and a way to find a household's district. */
export interface SchoolMap {
  districts: SchoolDistrictRecord[];
  schools: SchoolRecord[];
}

/** Builds the districts and schools; capacities are entry-class places in multiples of a 45-pupil class. */
export function buildSchools(rng: Random): SchoolMap {
  const districts: SchoolDistrictRecord[] = [];
  const schools: SchoolRecord[] = [];
  const streetsTaken = new Map<string, number>();
  const districtNumbers = new Map<string, number>();
  for (const plan of DISTRICT_PLANS) {
    const { streets } = division(plan.divisionCode);
    const first = streetsTaken.get(plan.divisionCode) ?? 0;
    streetsTaken.set(plan.divisionCode, first + plan.streetCount);
    const districtNumber = (districtNumbers.get(plan.divisionCode) ?? 0) + 1;
    districtNumbers.set(plan.divisionCode, districtNumber);
    const district: SchoolDistrictRecord = {
      id: `XQ${plan.divisionCode}-${String(districtNumber).padStart(2, '0')}`,
      name: plan.name,
      divisionCode: plan.divisionCode,
      streets: streets.slice(first, first + plan.streetCount),
    };
    districts.push(district);
    const planned = [
      ...plan.primary.map((name) => ({ name, stage: 'PRIMARY' as const, classes: rng.int(2, 8) })),
      { name: plan.juniorSecondary, stage: 'JUNIOR_SECONDARY' as const, classes: rng.int(4, 8) },
    ];
    for (const { name, stage, classes } of planned) {
      const street = rng.pick(district.streets);
      schools.push({
        id: `SCH${plan.divisionCode}-${String(schools.filter((s) => s.divisionCode === plan.divisionCode).length + 1).padStart(2, '0')}`,
        name,
        stage,
        divisionCode: plan.divisionCode,
        districtId: district.id,
        address: `重庆市${division(plan.divisionCode).name}${roadOf(rng, street)}${rng.int(1, 200)}号`,
        capacity: classes * 45,
      });
    }
  }
  return { districts, schools };
}

/** The school district whose streets include the household's street. */
export function districtOf(map: SchoolMap, household: HouseholdRecord): SchoolDistrictRecord | undefined {
  return map.districts.find(
    (d) => d.divisionCode === household.divisionCode && d.streets.includes(household.street),
  );
}

/**
 * Enrolments of the registered Chongqing children in grades 1–9: primary pupils at a primary school
 * of their household's district, junior secondary pupils at its junior secondary school.
 */
export function enrolments(
  rng: Random,
  map: SchoolMap,
  persons: readonly PersonRecord[],
  households: ReadonlyMap<string, HouseholdRecord>,
): EnrolmentRecord[] {
  const ids = new Set<string>();
  const records: EnrolmentRecord[] = [];
  for (const person of persons) {
    const placement = schoolPlacement(person.birthDate);
    const household = households.get(person.householdId);
    if (!placement || !household || !isInMunicipality(household.divisionCode)) continue;
    const district = districtOf(map, household);
    if (!district)
      throw new Error(`household ${household.id} (${household.street}) is in no school district`);
    const candidates = map.schools.filter((s) => s.districtId === district.id && s.stage === placement.stage);
    records.push({
      id: uniqueValue(ids, () => `EN${placement.entryYear}-${rng.digits(6)}`, 'enrolment id'),
      citizenId: person.citizenId,
      schoolId: rng.pick(candidates).id,
      entryYear: placement.entryYear,
      status: 'ENROLLED',
    });
  }
  return records.sort((a, b) => a.id.localeCompare(b.id));
}
