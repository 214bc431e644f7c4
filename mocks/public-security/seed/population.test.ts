/**
 * The register the generator builds (`population.ts`, `households.ts`, `scenarioHouseholds.ts`), as
 * committed in `mocks/public-security/data/`: every other department's records are drawn from it.
 */
import { describe, expect, it } from 'vitest';
import { parseCitizenId } from '../../../lib/citizenId.ts';
import { DIVISIONS, isInMunicipality } from '../../../lib/divisions.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../records.ts';

const { households, persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const personById = new Map(persons.map((p) => [p.citizenId, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const membersOf = (householdId: string) => persons.filter((p) => p.householdId === householdId);

describe('public security', () => {
  it('registers at least 200 residents in at least 60 households across the six Chongqing districts', () => {
    const local = households.filter((h) => isInMunicipality(h.divisionCode));
    expect(local.length).toBeGreaterThanOrEqual(60);
    expect(persons.filter((p) => isInMunicipality(p.householdId)).length).toBeGreaterThanOrEqual(200);
    expect(new Set(local.map((h) => h.divisionCode)).size).toBe(6);
  });

  it('registers collective households (a dormitory, a company) of several unrelated adults', () => {
    const collective = households.filter((household) => household.kind === 'COLLECTIVE');
    expect(collective.length).toBeGreaterThanOrEqual(2);
    for (const household of collective) {
      const members = membersOf(household.id);
      expect(members.length, household.id).toBeGreaterThanOrEqual(4);
      for (const member of members) {
        expect(member.birthDate < '2007-11-20', member.citizenId).toBe(true);
        expect(member.fatherCitizenId ?? member.motherCitizenId).toBeNull();
        if (member.citizenId !== household.headCitizenId) expect(member.relationToHead).toBe('OTHER');
      }
    }
  });

  it('gives each family household 1–6 members, each household one head and an address in its division', () => {
    for (const household of households) {
      const members = membersOf(household.id);
      const heads = members.filter((m) => m.relationToHead === 'HEAD');
      expect(members.length, household.id).toBeGreaterThanOrEqual(1);
      if (household.kind === 'FAMILY') expect(members.length, household.id).toBeLessThanOrEqual(6);
      expect(heads.map((h) => h.citizenId)).toEqual([household.headCitizenId]);
      expect(household.id.startsWith(`${household.divisionCode}-`)).toBe(true);
      const streets = DIVISIONS.get(household.divisionCode)?.streets;
      expect(streets, household.divisionCode).toBeDefined();
      if (isInMunicipality(household.divisionCode)) expect(streets).toContain(household.street);
      else expect(household.street).toBe('');
      expect(household.community).toMatch(/社区$/);
    }
  });

  it('issues unique citizen IDs that encode a known division, the birth date and the sex', () => {
    expect(personById.size).toBe(persons.length);
    for (const person of persons) {
      const parsed = parseCitizenId(person.citizenId);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(DIVISIONS.has(parsed.parts.divisionCode)).toBe(true);
      expect(parsed.parts.birthDate).toBe(person.birthDate);
      expect(parsed.parts.sex).toBe(person.sex);
      expect(householdById.has(person.householdId)).toBe(true);
    }
  });

  it("records minors' parents, who are registered, of the right sex and at least 18 years older", () => {
    for (const person of persons.filter((p) => ageOn(p.birthDate) < 18)) {
      const father = personById.get(person.fatherCitizenId ?? '');
      const mother = personById.get(person.motherCitizenId ?? '');
      expect(father?.sex, person.citizenId).toBe('MALE');
      expect(mother?.sex, person.citizenId).toBe('FEMALE');
      for (const parent of [father, mother])
        expect(ageOn(parent?.birthDate ?? '', person.birthDate)).toBeGreaterThanOrEqual(18);
    }
    const adults = persons.filter((p) => ageOn(p.birthDate) >= 18);
    expect(adults.filter((p) => p.fatherCitizenId === null).length / adults.length).toBeGreaterThan(0.9);
  });

  it('has grandparents, parents, school-age children and under-sixes', () => {
    const ages = persons.map((p) => ageOn(p.birthDate));
    expect(ages.filter((a) => a < 6).length).toBeGreaterThanOrEqual(10);
    expect(ages.filter((a) => a >= 6 && a <= 15).length).toBeGreaterThanOrEqual(20);
    expect(ages.filter((a) => a >= 60).length).toBeGreaterThanOrEqual(20);
  });

  it('gives adults unique mobile numbers and children none', () => {
    const phones = persons.flatMap((p) => (p.phone ? [p.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^1[35789]\d{9}$/);
    for (const child of persons.filter((p) => ageOn(p.birthDate) < 14)) expect(child.phone).toBeNull();
  });

  it('has mostly Han residents, some Tujia, Miao and Hui, and at least three names with "·"', () => {
    const han = persons.filter((p) => p.ethnicity === '汉族').length;
    expect(han / persons.length).toBeGreaterThan(0.75);
    for (const group of ['土家族', '苗族', '回族'])
      expect(persons.some((p) => p.ethnicity === group)).toBe(true);
    expect(persons.filter((p) => p.name.includes('·')).length).toBeGreaterThanOrEqual(3);
  });

  it('has residents whose hukou lies in another province', () => {
    const away = persons.filter((p) => !isInMunicipality(p.householdId));
    expect(away.length).toBeGreaterThanOrEqual(4);
    for (const person of away)
      expect(['510107', '420103', '520102', '650102']).toContain(person.householdId.slice(0, 6));
  });
});
