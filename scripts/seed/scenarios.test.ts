/**
 * The scenarios of `mocks/scenarios.json` (named by `generateSeed()`, schema in `scenarios.ts`): each
 * named record has the property it is named for, in the committed records of every department.
 */
import { describe, expect, it } from 'vitest';
import { isInMunicipality } from '../../lib/divisions.ts';
import { civilAffairsSeed } from '../../mocks/civil-affairs/records.ts';
import { educationSeed } from '../../mocks/education/records.ts';
import { healthSeed } from '../../mocks/health/records.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { addYears, ageOn } from '../../mocks/kit/seed/calendar.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import { publicSecuritySeed } from '../../mocks/public-security/records.ts';
import scenariosJson from '../../mocks/scenarios.json' with { type: 'json' };
import {
  enterpriseScenarioProperties,
  readEnterpriseSeedRecords,
  scenarioEnterprises,
} from './enterpriseScenarioProperties.ts';
import { scenariosSchema } from './scenarios.ts';

const scenarios = scenariosSchema.parse(scenariosJson);
const { households, persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const { marriages, 'assistance-cases': cases } = readSeed(
  DEFAULT_SEED_DIR,
  'civil-affairs',
  civilAffairsSeed,
);
const health = readSeed(DEFAULT_SEED_DIR, 'health', healthSeed);
const { hospitals, 'birth-records': reports } = health;
const { 'birth-certificates': certificates, 'vaccination-records': vaccinations } = health;
const { 'school-districts': districts, enrolments } = readSeed(DEFAULT_SEED_DIR, 'education', educationSeed);

const personById = new Map(persons.map((p) => [p.citizenId, p]));
const householdById = new Map(households.map((h) => [h.id, h]));
const hospitalById = new Map(hospitals.map((h) => [h.id, h]));
const membersOf = (householdId: string) => persons.filter((p) => p.householdId === householdId);
const inMunicipality = (citizenId: string) => isInMunicipality(personById.get(citizenId)?.householdId ?? '');
const marriageBetween = (husband: string, wife: string) =>
  marriages.find((m) => m.husbandCitizenId === husband && m.wifeCitizenId === wife && m.status === 'MARRIED');
const hasMarriage = (citizenId: string) =>
  marriages.some((m) => m.husbandCitizenId === citizenId || m.wifeCitizenId === citizenId);
const report = (id: string) => {
  const found = reports.find((r) => r.id === id);
  if (!found) throw new Error(`no birth record ${id}`);
  return found;
};
const chongqingMaternity = (hospitalId: string) => {
  const hospital = hospitalById.get(hospitalId);
  return hospital?.maternityUnit === true && isInMunicipality(hospital.divisionCode);
};
const withinAYear = (bornAt: string) => bornAt.slice(0, 10) > addYears(scenarios.referenceDate, -1);

describe('the birth record scenarios', () => {
  const s = scenarios.birthRecords;
  const married = (id: string) => {
    const r = report(id);
    return r.fatherCitizenId !== null && marriageBetween(r.fatherCitizenId, r.motherCitizenId) !== undefined;
  };
  const parentsInMunicipality = (id: string) => {
    const r = report(id);
    return [r.fatherCitizenId, r.motherCitizenId].map((c) => c !== null && inMunicipality(c));
  };

  it('eligible: married parents, at least one in Chongqing, a Chongqing maternity unit, born within a year', () => {
    expect(s.eligible).toEqual(
      expect.arrayContaining([...s.twins, s.parentInOtherProvince, s.assistanceFamily]),
    );
    for (const id of s.eligible) {
      expect(married(id), id).toBe(true);
      expect(parentsInMunicipality(id)).toContain(true);
      expect(chongqingMaternity(report(id).hospitalId)).toBe(true);
      expect(withinAYear(report(id).bornAt)).toBe(true);
    }
    const plain = s.eligible.filter(
      (id) => ![...s.twins, s.parentInOtherProvince, s.assistanceFamily].includes(id),
    );
    expect(plain.length).toBeGreaterThanOrEqual(18);
    for (const id of plain) expect(parentsInMunicipality(id)).toEqual([true, true]);
  });

  it('twins: same parents and time, plurality 2, birth order 1 and 2', () => {
    const [first, second] = s.twins.map(report);
    expect([first?.motherCitizenId, first?.fatherCitizenId, first?.bornAt]).toEqual([
      second?.motherCitizenId,
      second?.fatherCitizenId,
      second?.bornAt,
    ]);
    expect([first?.plurality, second?.plurality, first?.birthOrder, second?.birthOrder]).toEqual([
      2, 2, 1, 2,
    ]);
    expect(reports.filter((r) => r.plurality > 1).length).toBe(2);
  });

  it('unmarriedMother: no father named, no marriage record', () => {
    const r = report(s.unmarriedMother);
    expect(r.fatherCitizenId).toBeNull();
    expect(hasMarriage(r.motherCitizenId)).toBe(false);
  });

  it('parentInOtherProvince: married, exactly one parent registered in Chongqing', () => {
    expect(married(s.parentInOtherProvince)).toBe(true);
    expect(parentsInMunicipality(s.parentInOtherProvince).sort()).toEqual([false, true]);
  });

  it('bornOverAYearAgo: otherwise eligible, born more than a year before the reference date', () => {
    expect(married(s.bornOverAYearAgo)).toBe(true);
    expect(parentsInMunicipality(s.bornOverAYearAgo)).toEqual([true, true]);
    expect(chongqingMaternity(report(s.bornOverAYearAgo).hospitalId)).toBe(true);
    expect(withinAYear(report(s.bornOverAYearAgo).bornAt)).toBe(false);
  });

  it('notMaternityUnit and outOfProvinceHospital: married Chongqing parents, the wrong hospital', () => {
    for (const id of [s.notMaternityUnit, s.outOfProvinceHospital]) {
      expect(married(id)).toBe(true);
      expect(parentsInMunicipality(id)).toEqual([true, true]);
    }
    const notMaternity = hospitalById.get(report(s.notMaternityUnit).hospitalId);
    expect([notMaternity?.maternityUnit, isInMunicipality(notMaternity?.divisionCode ?? '')]).toEqual([
      false,
      true,
    ]);
    const away = hospitalById.get(report(s.outOfProvinceHospital).hospitalId);
    expect([away?.maternityUnit, isInMunicipality(away?.divisionCode ?? '')]).toEqual([true, false]);
  });

  it('parentsNotMarried: both registered in Chongqing, neither has a marriage record', () => {
    const r = report(s.parentsNotMarried);
    expect(r.fatherCitizenId).not.toBeNull();
    expect(parentsInMunicipality(s.parentsNotMarried)).toEqual([true, true]);
    expect([hasMarriage(r.fatherCitizenId ?? ''), hasMarriage(r.motherCitizenId)]).toEqual([false, false]);
  });

  it('neitherParentInMunicipality: married, both registered outside Chongqing', () => {
    expect(married(s.neitherParentInMunicipality)).toBe(true);
    expect(parentsInMunicipality(s.neitherParentInMunicipality)).toEqual([false, false]);
  });

  it("assistanceFamily: the mother's household has an active 低保 case", () => {
    const mother = personById.get(report(s.assistanceFamily).motherCitizenId);
    const active = cases.filter((c) => c.kind === 'MINIMUM_LIVING' && c.status === 'ACTIVE');
    expect(active.map((c) => c.householdId)).toContain(mother?.householdId);
  });
});

describe('the citizen scenarios', () => {
  const { citizens } = scenarios;

  it('profile: a married Chongqing adult in a household of three or more, with its school district', () => {
    const profile = personById.get(citizens.profile);
    expect(profile?.householdId).toBe(scenarios.households.profile);
    expect(isInMunicipality(profile?.householdId ?? '')).toBe(true);
    expect(ageOn(profile?.birthDate ?? '')).toBeGreaterThanOrEqual(18);
    expect(membersOf(scenarios.households.profile).length).toBeGreaterThanOrEqual(3);
    expect(
      marriages.some(
        (m) =>
          m.status === 'MARRIED' &&
          (m.husbandCitizenId === citizens.profile || m.wifeCitizenId === citizens.profile),
      ),
    ).toBe(true);
    const district = districts.find((d) => d.id === scenarios.schoolDistricts.profile);
    expect(district?.streets).toContain(householdById.get(scenarios.households.profile)?.street);
  });

  it("child: the profile's child, with a birth certificate, a vaccination record and an enrolment", () => {
    const child = personById.get(citizens.child);
    expect([child?.fatherCitizenId, child?.motherCitizenId]).toContain(citizens.profile);
    expect(certificates.some((c) => c.childCitizenId === citizens.child)).toBe(true);
    expect(vaccinations.some((v) => v.citizenId === citizens.child)).toBe(true);
    expect(enrolments.some((e) => e.citizenId === citizens.child)).toBe(true);
  });

  it('withDotName, assistanceHead, extremePoverty and outOfProvince have the property they are named for', () => {
    expect(personById.get(citizens.withDotName)?.name).toContain('·');
    const head = personById.get(citizens.assistanceHead);
    expect(householdById.get(head?.householdId ?? '')?.headCitizenId).toBe(citizens.assistanceHead);
    expect(
      cases.some(
        (c) => c.householdId === head?.householdId && c.kind === 'MINIMUM_LIVING' && c.status === 'ACTIVE',
      ),
    ).toBe(true);
    expect(cases.find((c) => c.kind === 'EXTREME_POVERTY')?.memberCitizenIds).toContain(
      citizens.extremePoverty,
    );
    expect(isInMunicipality(personById.get(citizens.outOfProvince)?.householdId ?? '50')).toBe(false);
  });
});

describe('the enterprise scenarios', () => {
  const set = {
    ...readEnterpriseSeedRecords(DEFAULT_SEED_DIR),
    scenarios: scenarios.enterprises,
    referenceDate: scenarios.referenceDate,
  };

  it.each(Object.entries(enterpriseScenarioProperties).map(([name, p]) => [name, p.says, p] as const))(
    '%s: %s',
    (_name, _says, property) => property.holds(set),
  );

  it('name an enterprise of their own each', () => {
    const named = scenarioEnterprises(scenarios.enterprises);
    expect(new Set(named).size).toBe(named.length);
  });
});
