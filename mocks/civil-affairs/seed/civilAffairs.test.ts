/**
 * The civil-affairs records the generator builds (`civilAffairs.ts`), as committed in
 * `mocks/civil-affairs/data/`, against the register and the birth records they were drawn for.
 */
import { describe, expect, it } from 'vitest';
import { DIVISIONS, isInMunicipality } from '../../../lib/divisions.ts';
import { healthSeed } from '../../health/records.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../../public-security/records.ts';
import { civilAffairsSeed } from '../records.ts';

const { marriages, 'assistance-cases': cases } = readSeed(
  DEFAULT_SEED_DIR,
  'civil-affairs',
  civilAffairsSeed,
);
const { households, persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const { 'birth-records': reports } = readSeed(DEFAULT_SEED_DIR, 'health', healthSeed);
const personById = new Map(persons.map((p) => [p.citizenId, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const membersOf = (householdId: string) => persons.filter((p) => p.householdId === householdId);

describe('civil affairs', () => {
  it('registers at least 60 marriages and 2–3 divorces between registered people', () => {
    expect(marriages.filter((m) => m.status === 'MARRIED').length).toBeGreaterThanOrEqual(60);
    const divorced = marriages.filter((m) => m.status === 'DIVORCED').length;
    expect(divorced).toBeGreaterThanOrEqual(2);
    expect(divorced).toBeLessThanOrEqual(3);
    for (const marriage of marriages) {
      expect(personById.get(marriage.husbandCitizenId)?.sex).toBe('MALE');
      expect(personById.get(marriage.wifeCitizenId)?.sex).toBe('FEMALE');
      expect(DIVISIONS.has(marriage.registryDivisionCode)).toBe(true);
    }
  });

  it('marries people once, mostly within one household, of legal age and before their children are born', () => {
    const married = marriages.filter((m) => m.status === 'MARRIED');
    const spouses = married.flatMap((m) => [m.husbandCitizenId, m.wifeCitizenId]);
    expect(new Set(spouses).size).toBe(spouses.length);
    const together = married.filter(
      (m) => personById.get(m.husbandCitizenId)?.householdId === personById.get(m.wifeCitizenId)?.householdId,
    );
    expect(together.length / married.length).toBeGreaterThan(0.9);
    for (const marriage of marriages) {
      const husband = personById.get(marriage.husbandCitizenId);
      const wife = personById.get(marriage.wifeCitizenId);
      expect(ageOn(husband?.birthDate ?? '', marriage.registeredOn)).toBeGreaterThanOrEqual(22);
      expect(ageOn(wife?.birthDate ?? '', marriage.registeredOn)).toBeGreaterThanOrEqual(20);
      const births = [
        ...persons.filter(
          (p) => p.fatherCitizenId === husband?.citizenId && p.motherCitizenId === wife?.citizenId,
        ),
        ...reports
          .filter((r) => r.fatherCitizenId === husband?.citizenId && r.motherCitizenId === wife?.citizenId)
          .map((r) => ({ birthDate: r.bornAt.slice(0, 10) })),
      ].map((child) => child.birthDate);
      for (const birth of births) expect(marriage.registeredOn < birth, marriage.id).toBe(true);
    }
  });

  it('runs 低保 and one 特困 case, each covering a whole Chongqing household in its jurisdiction', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    const extreme = cases.filter((c) => c.kind === 'EXTREME_POVERTY');
    expect(extreme.length).toBe(1);
    expect(cases.filter((c) => c.kind === 'MINIMUM_LIVING').length).toBeGreaterThan(cases.length / 2);
    for (const assistance of cases) {
      expect(assistance.id.startsWith(assistance.kind === 'MINIMUM_LIVING' ? 'DB' : 'TK')).toBe(true);
      const household = householdById.get(assistance.householdId);
      expect(household && isInMunicipality(household.divisionCode)).toBe(true);
      expect(assistance.divisionCode).toBe(household?.divisionCode);
      expect([...assistance.memberCitizenIds].sort()).toEqual(
        membersOf(assistance.householdId)
          .map((p) => p.citizenId)
          .sort(),
      );
    }
  });
});
