/**
 * The ordinary households of each Chongqing district, built from a few templates that give the
 * register its mix of ages: young couples, parents with children, three generations under one
 * roof, elderly couples, people living alone, and parents with a grown-up child.
 */
import { isInMunicipality } from '../../../lib/divisions.ts';
import { addDays } from '../../../lib/isoDate.ts';
import { addYears, birthDateForAge } from '../../kit/seed/calendar.ts';
import { municipalDivisions } from '../../kit/seed/places.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { PersonRecord } from '../records.ts';
import {
  type CouplePlan,
  type Family,
  type HouseholdTemplate,
  type PopulationBuilder,
  planChildren,
  planCouple,
  type RelationToHead,
  registrationAfter,
  type Sex,
} from './population.ts';

/** The households built in every district, in order. */
const TEMPLATES_PER_DISTRICT: readonly Exclude<HouseholdTemplate, 'scenario' | 'collective'>[] = [
  'youngCouple',
  'youngCouple',
  'youngCouple',
  'nuclear',
  'nuclear',
  'nuclear',
  'nuclear',
  'threeGeneration',
  'threeGeneration',
  'elderlyCouple',
  'single',
  'adultChild',
];

/** Builds the template households of every Chongqing district. */
export function buildTemplateHouseholds(b: PopulationBuilder): void {
  const builders = { youngCouple, nuclear, threeGeneration, elderlyCouple, single, adultChild };
  for (const { code } of municipalDivisions()) {
    for (const kind of TEMPLATES_PER_DISTRICT) builders[kind](b, code);
  }
}

/**
 * The division code in an adult's citizen ID: where they live, or for one Chongqing resident in
 * seven another district of the city (the ID keeps the place of first registration after a move).
 */
export function adultIdDivision(rng: Random, householdDivision: string): string {
  if (!isInMunicipality(householdDivision) || rng.chance(0.85)) return householdDivision;
  return rng.pick(municipalDivisions()).code;
}

/** Registers a planned couple in `family` under the given relations (the head first) and marries them. */
export function registerCouple(
  b: PopulationBuilder,
  family: Family,
  plan: CouplePlan,
  relations: { husband: RelationToHead; wife: RelationToHead },
): { husband: PersonRecord; wife: PersonRecord } {
  const division = family.household.divisionCode;
  const addHusband = () =>
    b.addMember(family, {
      sex: 'MALE',
      birthDate: plan.husbandBirth,
      relation: relations.husband,
      idDivision: adultIdDivision(b.rng, division),
    });
  const addWife = () =>
    b.addMember(family, {
      sex: 'FEMALE',
      birthDate: plan.wifeBirth,
      relation: relations.wife,
      idDivision: adultIdDivision(b.rng, division),
    });
  let husband: PersonRecord;
  let wife: PersonRecord;
  if (relations.wife === 'HEAD') {
    wife = addWife();
    husband = addHusband();
  } else {
    husband = addHusband();
    wife = addWife();
  }
  b.marry(husband, wife, plan.marriedOn, division);
  return { husband, wife };
}

/** Registers the planned children of a couple. */
export function registerChildren(
  b: PopulationBuilder,
  family: Family,
  parents: { husband: PersonRecord; wife: PersonRecord },
  births: readonly string[],
  relation: RelationToHead = 'CHILD',
): PersonRecord[] {
  return births.map((birthDate) =>
    b.addMember(family, {
      sex: b.rng.pick<Sex>(['MALE', 'FEMALE']),
      birthDate,
      relation,
      father: parents.husband,
      mother: parents.wife,
    }),
  );
}

/** Plans a couple and their children until at least one child fits the timeline. */
function planFamily(rng: Random, wifeAge: readonly [number, number], count: number) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const plan = planCouple(rng, { wifeAge, marriageAge: [22, 29] });
    const births = planChildren(rng, plan.marriedOn, plan.wifeBirth, count);
    if (births.length > 0) return { plan, births };
  }
  throw new Error(`no family with children fits a wife aged ${wifeAge.join('–')}`);
}

/** A married couple with no child or a toddler, sometimes with a widowed parent living in. */
function youngCouple(b: PopulationBuilder, division: string): void {
  const plan = planCouple(b.rng, { wifeAge: [25, 34], marriageAge: [22, 31] });
  const births = b.rng.chance(0.4) ? planChildren(b.rng, plan.marriedOn, plan.wifeBirth, 1) : [];
  const family = b.openHousehold('youngCouple', division, registrationAfter(b.rng, plan.marriedOn));
  const wifeIsHead = b.rng.chance(0.2);
  const couple = registerCouple(b, family, plan, {
    husband: wifeIsHead ? 'SPOUSE' : 'HEAD',
    wife: wifeIsHead ? 'HEAD' : 'SPOUSE',
  });
  if (b.rng.chance(0.3)) {
    const sex = b.rng.pick<Sex>(['MALE', 'FEMALE']);
    b.addMember(family, {
      sex,
      birthDate: addDays(plan.husbandBirth, -b.rng.int(24 * 365, 32 * 365)),
      relation: 'PARENT',
      ...(sex === 'MALE' ? { surname: b.surnameOf(couple.husband) } : {}),
    });
  }
  registerChildren(b, family, couple, births);
}

/** Parents in their thirties or forties with one to three children. */
function nuclear(b: PopulationBuilder, division: string): void {
  const count = b.rng.weighted([
    [1, 5],
    [2, 4],
    [3, 1],
  ]);
  const { plan, births } = planFamily(b.rng, [30, 46], count);
  const family = b.openHousehold('nuclear', division, registrationAfter(b.rng, plan.marriedOn));
  const wifeIsHead = b.rng.chance(0.15);
  const couple = registerCouple(b, family, plan, {
    husband: wifeIsHead ? 'SPOUSE' : 'HEAD',
    wife: wifeIsHead ? 'HEAD' : 'SPOUSE',
  });
  registerChildren(b, family, couple, births);
}

/**
 * Grandparents, their grown child with spouse, and grandchildren. The register's head is either a
 * grandparent (the young couple are CHILD and OTHER, the children GRANDCHILD) or the grown child
 * (the grandparents are PARENT).
 */
function threeGeneration(b: PopulationBuilder, division: string): void {
  const rng = b.rng;
  const elders = planCouple(rng, { wifeAge: [58, 78], marriageAge: [20, 26], marriedBy: '1999-12-31' });
  const grownChildBirth = addDays(elders.marriedOn, rng.int(300, 5 * 365));
  const grownChildIsSon = rng.chance(0.8);
  const count = rng.int(1, 2);
  let young: CouplePlan | undefined;
  let births: string[] = [];
  for (let attempt = 0; attempt < 50 && births.length === 0; attempt++) {
    young = planCouple(
      rng,
      grownChildIsSon ? { husbandBirth: grownChildBirth } : { wifeBirth: grownChildBirth },
    );
    births = planChildren(rng, young.marriedOn, young.wifeBirth, count);
  }
  if (!young || births.length === 0) throw new Error('no three-generation family fits the timeline');
  const grandmotherAlone = rng.chance(0.25);
  const grownChildIsHead = grownChildIsSon && rng.chance(0.5);
  const family = b.openHousehold('threeGeneration', division, registrationAfter(rng, elders.marriedOn));
  const addElders = (relation: RelationToHead) => {
    if (grandmotherAlone) {
      b.addMember(family, { sex: 'FEMALE', birthDate: elders.wifeBirth, relation });
      return;
    }
    registerCouple(b, family, elders, { husband: relation, wife: relation === 'HEAD' ? 'SPOUSE' : relation });
  };
  if (grownChildIsHead) {
    const couple = registerCouple(b, family, young, { husband: 'HEAD', wife: 'SPOUSE' });
    addElders('PARENT');
    registerChildren(b, family, couple, births, 'CHILD');
  } else {
    addElders('HEAD');
    const couple = registerCouple(
      b,
      family,
      young,
      grownChildIsSon ? { husband: 'CHILD', wife: 'OTHER' } : { husband: 'OTHER', wife: 'CHILD' },
    );
    registerChildren(b, family, couple, births, 'GRANDCHILD');
  }
}

/** A retired couple whose children have households of their own. */
function elderlyCouple(b: PopulationBuilder, division: string): void {
  const plan = planCouple(b.rng, { wifeAge: [62, 85], marriageAge: [20, 27], marriedBy: '1994-12-31' });
  const family = b.openHousehold('elderlyCouple', division, registrationAfter(b.rng, plan.marriedOn));
  registerCouple(b, family, plan, { husband: 'HEAD', wife: 'SPOUSE' });
}

/** Someone living alone: a young single adult or an elderly widow or widower. */
function single(b: PopulationBuilder, division: string): void {
  const young = b.rng.chance(0.5);
  const birthDate = birthDateForAge(b.rng, young ? b.rng.int(23, 35) : b.rng.int(70, 88));
  const family = b.openHousehold(
    'single',
    division,
    registrationAfter(b.rng, addYears(birthDate, young ? 22 : 30)),
  );
  b.addMember(family, {
    sex: b.rng.pick<Sex>(['MALE', 'FEMALE']),
    birthDate,
    relation: 'HEAD',
    idDivision: adultIdDivision(b.rng, division),
  });
}

/** Parents in their fifties with a grown-up, unmarried child still living at home. */
function adultChild(b: PopulationBuilder, division: string): void {
  const { plan, births } = planFamily(b.rng, [48, 60], b.rng.int(1, 2));
  const family = b.openHousehold('adultChild', division, registrationAfter(b.rng, plan.marriedOn));
  const couple = registerCouple(b, family, plan, { husband: 'HEAD', wife: 'SPOUSE' });
  registerChildren(b, family, couple, births);
}
