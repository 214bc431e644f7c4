/**
 * The public-security register under construction: households, the people registered in them and
 * the marriages between them. Household templates and scenario households (households.ts,
 * scenarioHouseholds.ts) are written in terms of this builder and the planning helpers below.
 */

import { addDays } from '../../../lib/isoDate.ts';
import {
  addYears,
  ageOn,
  birthDateForAge,
  earlier,
  later,
  REFERENCE_DATE,
  randomDate,
  schoolAgeAgrees,
  toDays,
} from '../../kit/seed/calendar.ts';
import { type Address, drawAddress } from '../../kit/seed/places.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';
import type { HouseholdRecord, PersonRecord } from '../records.ts';
import { CitizenIdIssuer, PhoneIssuer } from './identity.ts';
import { drawEthnicity, drawGivenName, drawSurname, HAN } from './names.ts';

export type Sex = PersonRecord['sex'];
export type RelationToHead = PersonRecord['relationToHead'];

/** A marriage between two registered people; civil affairs turns these into marriage records. */
export interface Union {
  husband: PersonRecord;
  wife: PersonRecord;
  registeredOn: string;
  registryDivisionCode: string;
  status: 'MARRIED' | 'DIVORCED';
}

/**
 * What a household was built as; scenario households are built by hand for one purpose, collective
 * households (集体户) register unrelated people of one unit. Every template but `collective` makes a
 * family household (家庭户).
 */
export type HouseholdTemplate =
  | 'youngCouple'
  | 'nuclear'
  | 'threeGeneration'
  | 'elderlyCouple'
  | 'single'
  | 'adultChild'
  | 'scenario'
  | 'collective';

/** A household with its members in register order (head first). */
export interface Family {
  kind: HouseholdTemplate;
  household: HouseholdRecord;
  members: PersonRecord[];
}

/** A person to register; everything not given is drawn at random. */
export interface PersonSpec {
  sex: Sex;
  birthDate: string;
  relation: RelationToHead;
  /** The full name, when it must not be drawn (e.g. a Uyghur name). */
  name?: string;
  surname?: string;
  ethnicity?: string;
  /** The division of first registration in the citizen ID; the household's division by default. */
  idDivision?: string;
  father?: PersonRecord;
  mother?: PersonRecord;
}

/** Residents from this age on have a mobile number registered. */
const PHONE_FROM_AGE = 16;

export class PopulationBuilder {
  readonly families: Family[] = [];
  readonly unions: Union[] = [];
  readonly #ids: CitizenIdIssuer;
  readonly #phones: PhoneIssuer;
  readonly #householdNumbers = new Set<string>();
  readonly #surnames = new Map<string, string>();

  constructor(readonly rng: Random) {
    this.#ids = new CitizenIdIssuer(rng);
    this.#phones = new PhoneIssuer(rng);
  }

  /** Opens a household register; its head is the first member added with relation `HEAD`. */
  openHousehold(
    kind: HouseholdTemplate,
    divisionCode: string,
    registeredOn: string,
    address?: Address,
  ): Family {
    const number = uniqueValue(
      this.#householdNumbers,
      () => `${divisionCode}-${this.rng.digits(6)}`,
      'household number',
    );
    const { street, community, detail } = address ?? drawAddress(this.rng, divisionCode);
    const household: HouseholdRecord = {
      id: number,
      divisionCode,
      street,
      community,
      detail,
      kind: kind === 'collective' ? 'COLLECTIVE' : 'FAMILY',
      headCitizenId: '',
      registeredOn,
    };
    const family: Family = { kind, household, members: [] };
    this.families.push(family);
    return family;
  }

  /** Registers a person in a household. Minors record their parents' citizen IDs; adults do not. */
  addMember(family: Family, spec: PersonSpec): PersonRecord {
    const { household } = family;
    const parent = spec.father ?? spec.mother;
    const surname = spec.surname ?? (parent ? this.surnameOf(parent) : drawSurname(this.rng));
    const taken = new Set(family.members.map((m) => m.name));
    let name = spec.name ?? '';
    for (let attempt = 0; name === '' || (taken.has(name) && attempt < 50); attempt++) {
      name = surname + drawGivenName(this.rng, spec.sex, spec.birthDate);
    }
    const minor = ageOn(spec.birthDate) < 18;
    const person: PersonRecord = {
      citizenId: this.#ids.issue(spec.idDivision ?? household.divisionCode, spec.birthDate, spec.sex),
      name,
      sex: spec.sex,
      birthDate: spec.birthDate,
      ethnicity: spec.ethnicity ?? this.#inheritedEthnicity(spec),
      householdId: household.id,
      relationToHead: spec.relation,
      phone: ageOn(spec.birthDate) >= PHONE_FROM_AGE ? this.#phones.issue() : null,
      fatherCitizenId: minor ? (spec.father?.citizenId ?? null) : null,
      motherCitizenId: minor ? (spec.mother?.citizenId ?? null) : null,
    };
    if (spec.relation === 'HEAD') {
      if (household.headCitizenId !== '') throw new Error(`household ${household.id} already has a head`);
      household.headCitizenId = person.citizenId;
    }
    this.#surnames.set(person.citizenId, surname);
    family.members.push(person);
    return person;
  }

  /** Records a marriage registration between two registered people. */
  marry(
    husband: PersonRecord,
    wife: PersonRecord,
    registeredOn: string,
    registryDivisionCode: string,
    status: Union['status'] = 'MARRIED',
  ): Union {
    const union: Union = { husband, wife, registeredOn, registryDivisionCode, status };
    this.unions.push(union);
    return union;
  }

  /** The surname a person was registered with (names such as 欧阳娜 have two-character surnames). */
  surnameOf(person: PersonRecord): string {
    const surname = this.#surnames.get(person.citizenId);
    if (surname === undefined) throw new Error(`${person.citizenId} was not registered by this builder`);
    return surname;
  }

  /** A child takes the father's ethnic group, or half the time a minority mother's. */
  #inheritedEthnicity(spec: PersonSpec): string {
    const { father, mother } = spec;
    if (!father && !mother) return drawEthnicity(this.rng);
    if (father && mother && father.ethnicity === HAN && mother.ethnicity !== HAN && this.rng.chance(0.5)) {
      return mother.ethnicity;
    }
    return (father ?? mother)?.ethnicity ?? HAN;
  }
}

/** The dates of a couple: both birth dates and the marriage registration. */
export interface CouplePlan {
  husbandBirth: string;
  wifeBirth: string;
  marriedOn: string;
}

/** The latest marriage date of the seed couples, well before the newborns of late 2025 and 2026. */
export const LATEST_MARRIAGE = '2024-12-31';

/** How to plan a couple; a given birth date fixes that spouse and the other is drawn around it. */
export interface CoupleOptions {
  /** The wife's age range on the reference date, when neither birth date is given. */
  wifeAge?: readonly [number, number];
  husbandBirth?: string;
  wifeBirth?: string;
  /** The wife's age range at the wedding; 22–29 by default. */
  marriageAge?: readonly [number, number];
  /** The latest possible wedding; {@link LATEST_MARRIAGE} by default. */
  marriedBy?: string;
}

/**
 * Plans a couple: the husband 0–5 years older than the wife (0–3 when one birth date is fixed),
 * married once both were of legal age (22 for men, 20 for women), at the wife's age in
 * `marriageAge` and no later than `marriedBy`.
 */
export function planCouple(rng: Random, options: CoupleOptions): CouplePlan {
  const [fromAge, toAge] = options.marriageAge ?? [22, 29];
  let wifeBirth: string;
  let husbandBirth: string;
  if (options.husbandBirth) {
    husbandBirth = options.husbandBirth;
    wifeBirth = options.wifeBirth ?? addDays(husbandBirth, rng.int(0, 3 * 365));
  } else if (options.wifeBirth) {
    wifeBirth = options.wifeBirth;
    husbandBirth = addDays(wifeBirth, -rng.int(0, 3 * 365));
  } else {
    const [youngest, oldest] = options.wifeAge ?? [25, 40];
    wifeBirth = birthDateForAge(rng, rng.int(youngest, oldest));
    husbandBirth = addDays(wifeBirth, -rng.int(0, 5 * 365));
  }
  const legal = later(addYears(wifeBirth, 20), addYears(husbandBirth, 22));
  const from = later(addYears(wifeBirth, fromAge), legal);
  const to = earlier(addYears(wifeBirth, toAge), options.marriedBy ?? LATEST_MARRIAGE);
  if (to < from) throw new Error(`planCouple: wife born ${wifeBirth} cannot marry between ${from} and ${to}`);
  return { husbandBirth, wifeBirth, marriedOn: randomDate(rng, from, to) };
}

/** The youngest a registered child is on the reference date: newborns are the birth records' job. */
const YOUNGEST_CHILD_DAYS = 90;

/**
 * Birth dates of up to `count` children of a marriage: the first 10–36 months after the wedding, the
 * next 2–6 years apart, while the mother is at most 42 and the child is at least three months old.
 * Dates where age and school grade disagree (see schoolAgeAgrees) are moved on by a few weeks.
 */
export function planChildren(rng: Random, marriedOn: string, motherBirth: string, count: number): string[] {
  const latest = addDays(REFERENCE_DATE, -YOUNGEST_CHILD_DAYS);
  const births: string[] = [];
  let next = addDays(marriedOn, rng.int(300, 1100));
  while (births.length < count) {
    while (!schoolAgeAgrees(next)) next = addDays(next, 20);
    if (next > latest || ageOn(motherBirth, next) > 42) break;
    births.push(next);
    next = addDays(next, rng.int(700, 2200));
  }
  return births;
}

/** A household registration date: soon after `from`, but not before the 1980s re-registration or after today. */
export function registrationAfter(rng: Random, from: string): string {
  const start = later(from, '1985-01-01');
  const end = earlier(addYears(start, 3), addDays(REFERENCE_DATE, -30));
  return toDays(end) < toDays(start) ? end : randomDate(rng, start, end);
}
