/**
 * Households built by hand for the situations the tests and the newborn errand need: an unmarried
 * mother, parents who are not married, couples whose hukou lies (partly) outside Chongqing, divorced
 * people, an elderly resident supported as 特困, and Uyghur residents whose names contain "·".
 */

import { addDays } from '../../../lib/isoDate.ts';
import { addYears, birthDateForAge } from '../../kit/seed/calendar.ts';
import type { PersonRecord } from '../records.ts';
import { adultIdDivision, registerChildren, registerCouple } from './households.ts';
import { drawUyghurGivenName, UYGHUR, uyghurName } from './names.ts';
import {
  type Family,
  type PopulationBuilder,
  planChildren,
  planCouple,
  registrationAfter,
  type Sex,
} from './population.ts';

/** A mother and father, as the birth records name them. */
export interface Parents {
  father: PersonRecord;
  mother: PersonRecord;
}

/** The residents the scenario households were built for. */
export interface ScenarioResidents {
  /** A young woman living with her parents, never married. */
  unmarriedMother: PersonRecord;
  /** A man and a woman in different Chongqing households, neither of them married. */
  unmarriedPair: Parents;
  /** A married couple: the husband's hukou in Chongqing, the wife's in Guiyang (520102). */
  crossProvinceCouple: Parents;
  /** A married couple whose household is in Chengdu (510107). */
  outOfProvinceCouple: Parents;
  /** A divorced mother living with her child (their father lives elsewhere). */
  singleMotherFamily: Family;
  /** An elderly resident living alone with no one to support them (特困). */
  extremePoverty: PersonRecord;
  /** A Uyghur woman whose hukou moved to Chongqing on marriage. */
  withDotName: PersonRecord;
}

/** Builds every scenario household. */
export function buildScenarioHouseholds(b: PopulationBuilder): ScenarioResidents {
  const unmarriedMother = parentsWithGrownDaughter(b, '500107', [23, 28]);
  const unmarriedPair = {
    mother: parentsWithGrownDaughter(b, '500108', [25, 30]),
    father: livingAlone(b, '500108', 'MALE', birthDateForAge(b.rng, b.rng.int(27, 33))),
  };
  const crossProvinceCouple = buildCrossProvinceCouple(b);
  const outOfProvinceCouple = buildOutOfProvinceCouple(b);
  const singleMotherFamily = buildDivorcedMother(b);
  buildRemarriedFather(b);
  const extremePoverty = livingAlone(b, '500108', 'MALE', birthDateForAge(b.rng, b.rng.int(78, 88)));
  buildUyghurFamily(b);
  const withDotName = buildMixedFamily(b);
  buildWuhanFamily(b);
  return {
    unmarriedMother,
    unmarriedPair,
    crossProvinceCouple,
    outOfProvinceCouple,
    singleMotherFamily,
    extremePoverty,
    withDotName,
  };
}

/** A couple and their grown daughter aged within `daughterAge`, living together in `division`. */
function parentsWithGrownDaughter(
  b: PopulationBuilder,
  division: string,
  daughterAge: readonly [number, number],
): PersonRecord {
  const daughterBirth = birthDateForAge(b.rng, b.rng.int(daughterAge[0], daughterAge[1]));
  const parents = planCouple(b.rng, {
    wifeBirth: addYears(daughterBirth, -b.rng.int(25, 30)),
    marriageAge: [21, 23],
    marriedBy: addDays(daughterBirth, -300),
  });
  const family = b.openHousehold('scenario', division, registrationAfter(b.rng, parents.marriedOn));
  const couple = registerCouple(b, family, parents, { husband: 'HEAD', wife: 'SPOUSE' });
  return b.addMember(family, {
    sex: 'FEMALE',
    birthDate: daughterBirth,
    relation: 'CHILD',
    father: couple.husband,
    mother: couple.wife,
  });
}

/** Someone living alone, head of their own household. */
function livingAlone(b: PopulationBuilder, division: string, sex: Sex, birthDate: string): PersonRecord {
  const family = b.openHousehold('scenario', division, registrationAfter(b.rng, addYears(birthDate, 22)));
  return b.addMember(family, {
    sex,
    birthDate,
    relation: 'HEAD',
    idDivision: adultIdDivision(b.rng, division),
  });
}

/** The husband alone in his Chongqing household, the wife still in her parents' household in Guiyang. */
function buildCrossProvinceCouple(b: PopulationBuilder): Parents {
  const mother = parentsWithGrownDaughter(b, '520102', [26, 31]);
  const plan = planCouple(b.rng, {
    wifeBirth: mother.birthDate,
    husbandBirth: addDays(mother.birthDate, -b.rng.int(365, 4 * 365)),
    marriageAge: [23, 26],
  });
  const father = livingAlone(b, '500105', 'MALE', plan.husbandBirth);
  b.marry(father, mother, plan.marriedOn, '500105');
  return { father, mother };
}

/** A young couple from Chengdu working in Chongqing, their hukou still at home. */
function buildOutOfProvinceCouple(b: PopulationBuilder): Parents {
  const plan = planCouple(b.rng, { wifeAge: [26, 32], marriageAge: [23, 28] });
  const family = b.openHousehold('scenario', '510107', registrationAfter(b.rng, plan.marriedOn));
  const { husband, wife } = registerCouple(b, family, plan, { husband: 'HEAD', wife: 'SPOUSE' });
  return { father: husband, mother: wife };
}

/** A divorced mother and her school-age child; the child's father lives alone in another district. */
function buildDivorcedMother(b: PopulationBuilder): Family {
  for (;;) {
    const plan = planCouple(b.rng, { wifeAge: [34, 42], marriageAge: [23, 27] });
    const [childBirth] = planChildren(b.rng, plan.marriedOn, plan.wifeBirth, 1);
    if (!childBirth || childBirth > '2019-01-01' || childBirth < '2012-01-01') continue;
    const family = b.openHousehold('scenario', '500106', registrationAfter(b.rng, addDays(childBirth, 900)));
    const mother = b.addMember(family, {
      sex: 'FEMALE',
      birthDate: plan.wifeBirth,
      relation: 'HEAD',
      idDivision: adultIdDivision(b.rng, '500106'),
    });
    const father = livingAlone(b, '500112', 'MALE', plan.husbandBirth);
    registerChildren(b, family, { husband: father, wife: mother }, [childBirth]);
    b.marry(father, mother, plan.marriedOn, '500106', 'DIVORCED');
    return family;
  }
}

/** A man who divorced and married again, with a child of the second marriage; his first wife lives alone. */
function buildRemarriedFather(b: PopulationBuilder): void {
  const first = planCouple(b.rng, { wifeAge: [40, 48], marriageAge: [22, 25], marriedBy: '2010-12-31' });
  let second = planCouple(b.rng, { husbandBirth: first.husbandBirth, marriageAge: [27, 33] });
  for (let attempt = 0; second.marriedOn < addYears(first.marriedOn, 4); attempt++) {
    if (attempt > 50) throw new Error('no second marriage fits after the first');
    second = planCouple(b.rng, {
      husbandBirth: first.husbandBirth,
      wifeBirth: addDays(first.husbandBirth, b.rng.int(4 * 365, 9 * 365)),
      marriageAge: [25, 33],
    });
  }
  const family = b.openHousehold('scenario', '500103', registrationAfter(b.rng, second.marriedOn));
  const couple = registerCouple(b, family, second, { husband: 'HEAD', wife: 'SPOUSE' });
  registerChildren(b, family, couple, planChildren(b.rng, second.marriedOn, second.wifeBirth, 1));
  const firstWife = livingAlone(b, '500105', 'FEMALE', first.wifeBirth);
  b.marry(couple.husband, firstWife, first.marriedOn, '500103', 'DIVORCED');
}

/** A Uyghur family in Ürümqi (650102): a child's name is its own name, "·", its father's name. */
function buildUyghurFamily(b: PopulationBuilder): void {
  const plan = planCouple(b.rng, { wifeAge: [30, 38], marriageAge: [21, 26] });
  const family = b.openHousehold('scenario', '650102', registrationAfter(b.rng, plan.marriedOn));
  const fatherGiven = drawUyghurGivenName(b.rng, 'MALE');
  const father = b.addMember(family, {
    sex: 'MALE',
    birthDate: plan.husbandBirth,
    relation: 'HEAD',
    ethnicity: UYGHUR,
    name: uyghurName(fatherGiven, drawUyghurGivenName(b.rng, 'MALE')),
  });
  const mother = b.addMember(family, {
    sex: 'FEMALE',
    birthDate: plan.wifeBirth,
    relation: 'SPOUSE',
    ethnicity: UYGHUR,
    name: uyghurName(drawUyghurGivenName(b.rng, 'FEMALE'), drawUyghurGivenName(b.rng, 'MALE')),
  });
  b.marry(father, mother, plan.marriedOn, '650102');
  for (const birthDate of planChildren(b.rng, plan.marriedOn, plan.wifeBirth, 2)) {
    const sex = b.rng.pick<Sex>(['MALE', 'FEMALE']);
    b.addMember(family, {
      sex,
      birthDate,
      relation: 'CHILD',
      ethnicity: UYGHUR,
      name: uyghurName(drawUyghurGivenName(b.rng, sex), fatherGiven),
      father,
      mother,
    });
  }
}

/** A Chongqing family whose mother is Uyghur, her citizen ID still from Ürümqi. */
function buildMixedFamily(b: PopulationBuilder): PersonRecord {
  const plan = planCouple(b.rng, { wifeAge: [32, 40], marriageAge: [23, 28] });
  const family = b.openHousehold('scenario', '500106', registrationAfter(b.rng, plan.marriedOn));
  const father = b.addMember(family, { sex: 'MALE', birthDate: plan.husbandBirth, relation: 'HEAD' });
  const mother = b.addMember(family, {
    sex: 'FEMALE',
    birthDate: plan.wifeBirth,
    relation: 'SPOUSE',
    ethnicity: UYGHUR,
    idDivision: '650102',
    name: uyghurName(drawUyghurGivenName(b.rng, 'FEMALE'), drawUyghurGivenName(b.rng, 'MALE')),
  });
  b.marry(father, mother, plan.marriedOn, '500106');
  registerChildren(
    b,
    family,
    { husband: father, wife: mother },
    planChildren(b.rng, plan.marriedOn, plan.wifeBirth, 1),
  );
  return mother;
}

/** A family from Wuhan (420103) with a teenager, registered at home. */
function buildWuhanFamily(b: PopulationBuilder): void {
  for (;;) {
    const plan = planCouple(b.rng, { wifeAge: [38, 45], marriageAge: [23, 27] });
    const births = planChildren(b.rng, plan.marriedOn, plan.wifeBirth, 1);
    if (births.length === 0) continue;
    const family = b.openHousehold('scenario', '420103', registrationAfter(b.rng, plan.marriedOn));
    const couple = registerCouple(b, family, plan, { husband: 'HEAD', wife: 'SPOUSE' });
    registerChildren(b, family, couple, births);
    return;
  }
}
