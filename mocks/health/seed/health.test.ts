/**
 * The health records the generator builds (`health.ts`, `immunisation.ts`, `birthRecords.ts`), as
 * committed in `mocks/health/data/`, against the register they were drawn for.
 */
import { describe, expect, it } from 'vitest';
import { DIVISIONS, isInMunicipality } from '../../../lib/divisions.ts';
import { addDays, addMonths } from '../../../lib/isoDate.ts';
import { scenariosSchema } from '../../../scripts/seed/scenarios.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn, REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../../public-security/records.ts';
import scenariosJson from '../../scenarios.json' with { type: 'json' };
import { healthSeed } from '../records.ts';
import { IMMUNISATION_SCHEDULE, MIN_DOSE_INTERVAL_DAYS } from './immunisation.ts';

const health = readSeed(DEFAULT_SEED_DIR, 'health', healthSeed);
const { hospitals, clinics, 'birth-records': reports } = health;
const { 'birth-certificates': certificates, 'vaccination-records': vaccinations } = health;
const { households, persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const scenarios = scenariosSchema.parse(scenariosJson);
const personById = new Map(persons.map((p) => [p.citizenId, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const hospitalById = new Map(hospitals.map((h) => [h.id, h]));
const chongqingStreets = [...DIVISIONS.values()].flatMap((d) => d.streets.map((s) => `${d.code} ${s}`));
const chongqingMaternity = (hospitalId: string) => {
  const hospital = hospitalById.get(hospitalId);
  return hospital?.maternityUnit === true && isInMunicipality(hospital.divisionCode);
};

describe('health', () => {
  it('lists Chongqing maternity units, one Chongqing hospital without obstetrics and one outside Chongqing', () => {
    expect(hospitals.length).toBeGreaterThanOrEqual(6);
    expect(hospitals.length).toBeLessThanOrEqual(8);
    const local = hospitals.filter((h) => isInMunicipality(h.divisionCode));
    expect(local.filter((h) => !h.maternityUnit).length).toBe(1);
    expect(
      hospitals
        .filter((h) => !isInMunicipality(h.divisionCode))
        .map((h) => [h.divisionCode, h.maternityUnit]),
    ).toEqual([['510107', true]]);
  });

  it('serves every Chongqing street by exactly one vaccination clinic', () => {
    const served = clinics.flatMap((c) => c.streets.map((s) => `${c.divisionCode} ${s}`));
    expect(served.sort()).toEqual([...chongqingStreets].sort());
  });

  it('keeps a birth certificate and a vaccination record for every registered Chongqing child up to 14', () => {
    const children = persons.filter((p) => ageOn(p.birthDate) <= 14 && isInMunicipality(p.citizenId));
    expect(certificates.map((c) => c.childCitizenId).sort()).toEqual(children.map((c) => c.citizenId).sort());
    expect(vaccinations.map((v) => v.citizenId).sort()).toEqual(children.map((c) => c.citizenId).sort());
    for (const certificate of certificates) {
      expect(certificate.birthRecordId).toBeNull();
      expect(chongqingMaternity(certificate.hospitalId)).toBe(true);
      expect(certificate.childName).toBe(personById.get(certificate.childCitizenId ?? '')?.name);
    }
  });

  it('records the doses of the national schedule due for each child, in a valid order', () => {
    for (const record of vaccinations) {
      const child = personById.get(record.citizenId ?? '');
      const household = householdById.get(child?.householdId ?? '');
      expect(record.birthDate).toBe(child?.birthDate);
      expect(clinics.find((c) => c.id === record.clinicId)?.streets).toContain(household?.street);
      for (const scheduled of IMMUNISATION_SCHEDULE) {
        const due = addMonths(record.birthDate, scheduled.ageMonths);
        const dose = record.doses.find(
          (d) => d.vaccine === scheduled.vaccine && d.doseNumber === scheduled.doseNumber,
        );
        if (due <= addDays(REFERENCE_DATE, -30))
          expect(dose, `${record.id} ${scheduled.vaccine}`).toBeDefined();
        if (dose) expect(dose.givenOn >= due && dose.givenOn < REFERENCE_DATE).toBe(true);
      }
      for (const dose of record.doses.filter((d) => d.doseNumber > 1)) {
        const previous = record.doses.find(
          (d) => d.vaccine === dose.vaccine && d.doseNumber === dose.doseNumber - 1,
        );
        expect(previous && addDays(previous.givenOn, MIN_DOSE_INTERVAL_DAYS) <= dose.givenOn).toBe(true);
      }
    }
  });

  it('has exactly 30 reported births of unregistered children to registered parents', () => {
    expect(reports.length).toBe(30);
    expect(new Set(reports.map((r) => r.id)).size).toBe(30);
    for (const birth of reports) {
      expect(birth.status).toBe('REPORTED');
      expect(hospitalById.has(birth.hospitalId)).toBe(true);
      expect(personById.get(birth.motherCitizenId)?.sex).toBe('FEMALE');
      if (birth.fatherCitizenId) expect(personById.get(birth.fatherCitizenId)?.sex).toBe('MALE');
      const born = birth.bornAt.slice(0, 10);
      expect(persons.some((p) => p.motherCitizenId === birth.motherCitizenId && p.birthDate === born)).toBe(
        false,
      );
      if (birth.id !== scenarios.birthRecords.bornOverAYearAgo) {
        expect(born >= '2026-09-01' && born <= '2026-11-19', birth.id).toBe(true);
      }
    }
  });
});
