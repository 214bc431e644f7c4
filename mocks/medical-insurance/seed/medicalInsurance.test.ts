/**
 * The medical-insurance enrolments the generator builds (`medicalInsurance.ts`), as committed in
 * `mocks/medical-insurance/data/`, against the register and the assistance cases they were drawn for.
 */
import { describe, expect, it } from 'vitest';
import { civilAffairsSeed } from '../../civil-affairs/records.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn, REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../../public-security/records.ts';
import { medicalInsuranceSeed } from '../records.ts';

const { enrolments: insured } = readSeed(DEFAULT_SEED_DIR, 'medical-insurance', medicalInsuranceSeed);
const { persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const { 'assistance-cases': cases } = readSeed(DEFAULT_SEED_DIR, 'civil-affairs', civilAffairsSeed);
const personById = new Map(persons.map((p) => [p.citizenId, p]));

describe('medical insurance', () => {
  const assisted = new Set(cases.filter((c) => c.status === 'ACTIVE').flatMap((c) => c.memberCitizenIds));
  const thisYear = Number(REFERENCE_DATE.slice(0, 4));

  it('enrols every registered resident once, insured where their hukou is, and no unregistered newborn', () => {
    expect(insured.map((e) => e.citizenId).sort()).toEqual(persons.map((p) => p.citizenId).sort());
    expect(new Set(insured.map((e) => e.id)).size).toBe(insured.length);
    for (const enrolment of insured) {
      const division = personById.get(enrolment.citizenId)?.householdId.slice(0, 6);
      expect(enrolment.insuredDivisionCode, enrolment.id).toBe(division);
      expect(enrolment.id.startsWith(`YB${division}-`)).toBe(true);
    }
  });

  it('covers people from birth at the earliest, and those born since 2008 from birth, by the reference date', () => {
    for (const enrolment of insured) {
      const birthDate = personById.get(enrolment.citizenId)?.birthDate ?? '';
      expect(enrolment.coveredFrom >= birthDate, enrolment.id).toBe(true);
      expect(enrolment.enrolledOn >= enrolment.coveredFrom, enrolment.id).toBe(true);
      expect(enrolment.enrolledOn <= REFERENCE_DATE, enrolment.id).toBe(true);
      if (birthDate >= '2008-01-01') expect(enrolment.coveredFrom, enrolment.id).toBe(birthDate);
    }
  });

  it('insures minors and the assisted as residents, with the assisted’s contributions waived', () => {
    for (const enrolment of insured) {
      const person = personById.get(enrolment.citizenId);
      if (ageOn(person?.birthDate ?? '') < 18) expect(enrolment.scheme, enrolment.id).toBe('RESIDENT');
      const waived = enrolment.contributions.every((c) => c.status === 'WAIVED');
      expect(waived, enrolment.id).toBe(assisted.has(enrolment.citizenId));
      if (assisted.has(enrolment.citizenId)) expect(enrolment.scheme).toBe('RESIDENT');
    }
    expect(insured.filter((e) => e.scheme === 'EMPLOYEE').length).toBeGreaterThan(insured.length / 5);
  });

  it("lists this year's contribution first, and suspends exactly those who have not paid it", () => {
    for (const enrolment of insured) {
      const [latest] = enrolment.contributions;
      expect(latest?.year, enrolment.id).toBe(thisYear);
      expect(enrolment.status === 'SUSPENDED', enrolment.id).toBe(latest?.status === 'UNPAID');
    }
    const suspended = insured.filter((e) => e.status === 'SUSPENDED').length;
    expect(suspended).toBeGreaterThanOrEqual(1);
    expect(suspended).toBeLessThan(insured.length / 10);
  });
});
