import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCitizenId } from '../../lib/citizenId.ts';
import { DIVISIONS, isInMunicipality } from '../../lib/divisions.ts';
import { IMMUNISATION_SCHEDULE, MIN_DOSE_INTERVAL_DAYS } from '../../mocks/health/seed/immunisation.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { addDays, addMonths, addYears, ageOn, schoolPlacement } from '../../mocks/kit/seed/calendar.ts';
import { collectionFile } from '../../mocks/kit/seed.ts';
import { generateSeed, seedFiles } from './generateSeed.ts';
import { scenariosSchema } from './scenarios.ts';
import {
  collectionProblems,
  SEED_SCHEMAS,
  type SeedCollections,
  SeedValidationError,
  validateSeed,
} from './validate.ts';

const read = (path: string): unknown => JSON.parse(readFileSync(join(DEFAULT_SEED_DIR, path), 'utf8'));

/**
 * The seed files of the repository's seed set (`mocks/`): every JSON file below a department's
 * `data/` folder, and those at the top (the scenarios).
 */
function committedSeedFiles(): string[] {
  return readdirSync(DEFAULT_SEED_DIR, { recursive: true, encoding: 'utf8' })
    .map((path) => path.replaceAll('\\', '/'))
    .filter((path) => path.endsWith('.json') && (/^[^/]+\/data\//.test(path) || !path.includes('/')));
}

/**
 * Every committed collection, parsed with its record schema. A file that does not parse is kept as
 * read, so that the schema test names its problems and the other tests still run.
 */
function loadCommitted(): SeedCollections {
  const loaded: Record<string, Record<string, unknown>> = {};
  for (const [department, schemas] of Object.entries(SEED_SCHEMAS)) {
    loaded[department] = {};
    for (const [collection, schema] of Object.entries(schemas)) {
      const raw = read(collectionFile(department, collection));
      const parsed = z.array(schema).safeParse(raw);
      loaded[department][collection] = parsed.success ? parsed.data : raw;
    }
  }
  return loaded as SeedCollections;
}

const data = loadCommitted();
const scenarios = scenariosSchema.parse(read('scenarios.json'));
const { households, persons } = data['public-security'];
const { marriages, 'assistance-cases': cases } = data['civil-affairs'];
const { hospitals, clinics, 'birth-reports': reports } = data.health;
const { 'birth-certificates': certificates, 'vaccination-records': vaccinations } = data.health;
const { 'school-districts': districts, schools, enrolments } = data.education;
const { enrolments: insured } = data['medical-insurance'];

const byId = <T, K>(items: readonly T[], key: (item: T) => K) =>
  new Map(items.map((item) => [key(item), item]));
const personById = byId(persons, (p) => p.citizenId);
const householdById = byId(households, (h) => h.id);
const hospitalById = byId(hospitals, (h) => h.id);
const membersOf = (householdId: string) => persons.filter((p) => p.householdId === householdId);
const inMunicipality = (citizenId: string) => isInMunicipality(personById.get(citizenId)?.householdId ?? '');
const marriageBetween = (husband: string, wife: string) =>
  marriages.find((m) => m.husbandCitizenId === husband && m.wifeCitizenId === wife && m.status === 'MARRIED');
const hasMarriage = (citizenId: string) =>
  marriages.some((m) => m.husbandCitizenId === citizenId || m.wifeCitizenId === citizenId);
const report = (id: string) => {
  const found = reports.find((r) => r.id === id);
  if (!found) throw new Error(`no birth report ${id}`);
  return found;
};
const chongqingStreets = [...DIVISIONS.values()].flatMap((d) => d.streets.map((s) => `${d.code} ${s}`));
const chongqingMaternity = (hospitalId: string) => {
  const hospital = hospitalById.get(hospitalId);
  return hospital?.maternityUnit === true && isInMunicipality(hospital.divisionCode);
};
const withinAYear = (bornAt: string) => bornAt.slice(0, 10) > addYears(scenarios.referenceDate, -1);

describe('committed seed files', () => {
  const files = [...seedFiles(generateSeed())];

  it.each(
    Object.entries(SEED_SCHEMAS).flatMap(([d, schemas]) =>
      Object.entries(schemas).map(([c, s]) => [d, c, s] as const),
    ),
  )('%s/%s.json parses with its record schema', (department, collection, schema) => {
    const file = collectionFile(department, collection);
    const records = read(file);
    expect(Array.isArray(records)).toBe(true);
    expect(collectionProblems(file, schema, records as unknown[])).toEqual([]);
  });

  it('are byte for byte what generateSeed() produces, and nothing else', () => {
    for (const [path, content] of files)
      expect(readFileSync(join(DEFAULT_SEED_DIR, path), 'utf8'), path).toBe(content);
    expect(committedSeedFiles().sort()).toEqual(files.map(([path]) => path).sort());
  });

  it('generateSeed() is deterministic', () => {
    expect([...seedFiles(generateSeed())]).toEqual(files);
  });

  it('are checked before writing: a bad record is named by file, index and field', () => {
    const { collections } = generateSeed();
    const persons = collections['public-security'].persons.map((p, i) =>
      i === 3 ? { ...p, citizenId: '500103199001011230', nickname: '小王' } : p,
    );
    const broken = { ...collections, 'public-security': { ...collections['public-security'], persons } };
    expect(() => validateSeed(broken)).toThrow(SeedValidationError);
    expect(() => validateSeed(broken)).toThrow(
      /public-security\/data\/persons\.json\[3\] citizenId: invalid citizen ID/,
    );
    expect(() => validateSeed(broken)).toThrow(/persons\.json\[3\] nickname: not a field of the schema/);
  });
});

describe('public security', () => {
  it('registers at least 200 residents in at least 60 households across the six Chongqing districts', () => {
    const local = households.filter((h) => isInMunicipality(h.divisionCode));
    expect(local.length).toBeGreaterThanOrEqual(60);
    expect(persons.filter((p) => isInMunicipality(p.householdId)).length).toBeGreaterThanOrEqual(200);
    expect(new Set(local.map((h) => h.divisionCode)).size).toBe(6);
  });

  it('gives each household 1–6 members, one head, and an address in its division', () => {
    for (const household of households) {
      const members = membersOf(household.id);
      const heads = members.filter((m) => m.relationToHead === 'HEAD');
      expect(members.length, household.id).toBeGreaterThanOrEqual(1);
      expect(members.length, household.id).toBeLessThanOrEqual(6);
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

describe('medical insurance', () => {
  const assisted = new Set(cases.filter((c) => c.status === 'ACTIVE').flatMap((c) => c.memberCitizenIds));
  const thisYear = Number(scenarios.referenceDate.slice(0, 4));

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
      expect(enrolment.enrolledOn <= scenarios.referenceDate, enrolment.id).toBe(true);
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
      expect(certificate.birthReportId).toBeNull();
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
        if (due <= addDays(scenarios.referenceDate, -30))
          expect(dose, `${record.id} ${scheduled.vaccine}`).toBeDefined();
        if (dose) expect(dose.givenOn >= due && dose.givenOn < scenarios.referenceDate).toBe(true);
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
      if (birth.id !== scenarios.birthReports.bornOverAYearAgo) {
        expect(born >= '2026-09-01' && born <= '2026-11-19', birth.id).toBe(true);
      }
    }
  });
});

describe('the birth report scenarios', () => {
  const s = scenarios.birthReports;
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
