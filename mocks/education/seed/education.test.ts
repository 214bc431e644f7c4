/**
 * The education records the generator builds (`education.ts`), as committed in
 * `mocks/education/data/`, against the register they were drawn for.
 */
import { describe, expect, it } from 'vitest';
import { DIVISIONS, isInMunicipality } from '../../../lib/divisions.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn, schoolPlacement } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../../public-security/records.ts';
import { educationSeed } from '../records.ts';

const {
  'school-districts': districts,
  schools,
  enrolments,
} = readSeed(DEFAULT_SEED_DIR, 'education', educationSeed);
const { households, persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const personById = new Map(persons.map((p) => [p.citizenId, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const chongqingStreets = [...DIVISIONS.values()].flatMap((d) => d.streets.map((s) => `${d.code} ${s}`));

describe('education', () => {
  it('has 20 schools, mostly primary and at least 4 junior secondary, with capacities of 40–360', () => {
    expect(schools.length).toBe(20);
    const junior = schools.filter((s) => s.stage === 'JUNIOR_SECONDARY').length;
    expect(junior).toBeGreaterThanOrEqual(4);
    expect(junior).toBeLessThan(10);
    expect(new Set(schools.map((s) => s.divisionCode)).size).toBe(6);
    for (const school of schools) expect(school.capacity >= 40 && school.capacity <= 360).toBe(true);
  });

  it('covers every Chongqing street by exactly one school district, each with a primary school', () => {
    const covered = districts.flatMap((d) => d.streets.map((s) => `${d.divisionCode} ${s}`));
    expect(covered.sort()).toEqual([...chongqingStreets].sort());
    for (const district of districts) {
      expect(district.id.startsWith(`XQ${district.divisionCode}-`)).toBe(true);
      expect(schools.some((s) => s.districtId === district.id && s.stage === 'PRIMARY')).toBe(true);
    }
    for (const school of schools) {
      expect(districts.find((d) => d.id === school.districtId)?.divisionCode).toBe(school.divisionCode);
    }
  });

  it("enrols every Chongqing resident aged 6–15 once, at a school of the household's district", () => {
    const pupils = persons.filter(
      (p) => isInMunicipality(p.householdId) && ageOn(p.birthDate) >= 6 && ageOn(p.birthDate) <= 15,
    );
    expect(enrolments.map((e) => e.citizenId).sort()).toEqual(pupils.map((p) => p.citizenId).sort());
    for (const enrolment of enrolments) {
      const pupil = personById.get(enrolment.citizenId);
      const household = householdById.get(pupil?.householdId ?? '');
      const school = schools.find((s) => s.id === enrolment.schoolId);
      const district = districts.find((d) => d.id === school?.districtId);
      expect(district?.divisionCode).toBe(household?.divisionCode);
      expect(district?.streets).toContain(household?.street);
      const age = ageOn(pupil?.birthDate ?? '');
      expect(school?.stage).toBe(age <= 11 ? 'PRIMARY' : 'JUNIOR_SECONDARY');
      expect(enrolment.entryYear).toBe(schoolPlacement(pupil?.birthDate ?? '')?.entryYear);
      expect(enrolment.status).toBe('ENROLLED');
    }
  });
});
