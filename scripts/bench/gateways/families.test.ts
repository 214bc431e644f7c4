import { describe, expect, it } from 'vitest';
import { parseCitizenId } from '../../../lib/citizenId.ts';
import { civilAffairsSeed } from '../../../mocks/civil-affairs/records.ts';
import { birthRecordRecord, healthSeed } from '../../../mocks/health/records.ts';
import { DEFAULT_SEED_DIR } from '../../../mocks/kit/config.ts';
import { readSeed } from '../../../mocks/kit/seed.ts';
import { householdRecord, personRecord, publicSecuritySeed } from '../../../mocks/public-security/records.ts';
import scenarios from '../../../mocks/scenarios.json' with { type: 'json' };
import { healthViolations } from '../../../subgraphs/service-center/newborn/eligibility.ts';
import { meetsExpectation } from './answers.ts';
import { REGISTER_NEWBORN } from './errands.ts';
import {
  BIRTH_WINDOW_DAYS,
  errandsNeeded,
  familyTemplates,
  makeFamilies,
  newCitizenId,
  takenIdsOf,
} from './families.ts';
import { errandSlot, MIX } from './workload.ts';

const health = readSeed(DEFAULT_SEED_DIR, 'health', healthSeed);
const publicSecurity = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const seed = {
  eligibleReportIds: scenarios.birthRecords.eligible,
  reports: health['birth-records'],
  hospitals: health.hospitals,
  persons: publicSecurity.persons,
  households: publicSecurity.households,
  marriages: readSeed(DEFAULT_SEED_DIR, 'civil-affairs', civilAffairsSeed).marriages,
};
const TODAY = '2026-11-27';

describe('families made up for the registerNewborn errands', () => {
  const templates = familyTemplates(seed);
  const taken = takenIdsOf(seed);
  const families = makeFamilies(templates, 2 * BIRTH_WINDOW_DAYS, TODAY, taken);

  it('copies the seed’s eligible families whose mother lives in Chongqing, married to the father', () => {
    // Of the 24 eligible reports, one has the mother's hukou in another province.
    expect(templates.length).toBe(scenarios.birthRecords.eligible.length - 1);
    expect(templates.map((t) => t.report.id)).not.toContain(scenarios.birthRecords.parentInOtherProvince);
  });

  it('gives every family new identifiers of their departments’ formats, none taken before', () => {
    const ids = (pick: (f: (typeof families)[number]) => string[]) => families.flatMap(pick);
    const citizenIds = ids((f) => [f.mother.citizenId, f.father.citizenId]);
    expect(new Set(citizenIds).size).toBe(2 * families.length);
    expect(new Set(ids((f) => [f.household.id])).size).toBe(families.length);
    expect(new Set(ids((f) => [f.marriage.id])).size).toBe(families.length);
    expect(new Set(ids((f) => [f.report.id])).size).toBe(families.length);
    const seedIds = takenIdsOf(seed);
    for (const id of citizenIds) expect(seedIds.citizenIds.has(id)).toBe(false);
    for (const family of families) {
      expect(() => householdRecord.parse(family.household)).not.toThrow();
      expect(() => personRecord.parse(family.mother)).not.toThrow();
      expect(() => birthRecordRecord.parse(family.report)).not.toThrow();
      const parsed = parseCitizenId(family.mother.citizenId);
      expect(parsed.ok && parsed.parts.birthDate).toBe(family.mother.birthDate);
    }
  });

  it('makes families the errand accepts: married parents in one new household, a recent birth', () => {
    for (const family of families) {
      expect(family.mother.householdId).toBe(family.household.id);
      expect(family.father.householdId).toBe(family.household.id);
      expect(family.household.headCitizenId).toBe(family.father.citizenId);
      expect([family.marriage.wifeCitizenId, family.marriage.husbandCitizenId]).toEqual([
        family.mother.citizenId,
        family.father.citizenId,
      ]);
      expect(family.marriage.status).toBe('MARRIED');
      const birthDate = family.report.bornAt.slice(0, 10);
      expect(birthDate < TODAY).toBe(true);
      const facts = {
        birthRecordId: family.report.id,
        bornAt: family.report.bornAt,
        birthDate,
        sex: family.report.sex,
        motherCitizenId: family.mother.citizenId,
        fatherCitizenId: family.father.citizenId,
        hospitalName: 'copied',
        hospitalDivisionCode: family.household.divisionCode,
        maternityUnit: true,
        status: family.report.status,
        certificateNumber: null,
        childCitizenId: null,
      };
      expect(healthViolations(facts, TODAY)).toEqual([]);
    }
  });

  it('spreads the births over the window, so no day runs out of citizen ID sequence numbers', () => {
    const days = new Set(families.map((f) => f.report.bornAt.slice(0, 10)));
    expect(days.size).toBe(BIRTH_WINDOW_DAYS);
  });

  it('goes on where the last batch ended, with identifiers still new', () => {
    const more = makeFamilies(templates, 10, TODAY, taken, families.length);
    const before = new Set(families.map((f) => f.report.id));
    expect(more.some((f) => before.has(f.report.id))).toBe(false);
  });

  it('moves to the next day when a day’s sequence numbers are all taken', () => {
    const taken = new Set<string>();
    // A woman's sequence numbers are the even ones, 002 to 998: 499 a day.
    const ids = Array.from({ length: 500 }, () => newCitizenId(taken, '500103', '1990-01-01', 'FEMALE'));
    expect(ids[498]?.citizenId.slice(6, 17)).toBe('19900101998');
    expect(ids[499]).toMatchObject({ birthDate: '1990-01-02' });
    expect(ids[499]?.citizenId.slice(6, 17)).toBe('19900102002');
  });
});

describe('the errand in the workload', () => {
  it('sends about one errand in 20 requests of the mix, the reads in their proportions', () => {
    const count = (query: string) => MIX.filter((q) => q === query).length;
    expect(MIX).toHaveLength(21);
    expect(count(REGISTER_NEWBORN)).toBe(1);
    expect([count('SchoolDistrictLookup'), count('CitizenProfile'), count('HouseholdMembers')]).toEqual([
      8, 6, 4,
    ]);
    expect(count('PeopleList')).toBe(2);
  });

  it('counts an errand’s answer right only for an application accepted, in progress or completed', () => {
    const { expect: expectation } = errandSlot();
    if (!expectation) throw new Error('the errand slot checks its answers');
    const answer = (status: string) =>
      JSON.stringify({ data: { registerNewborn: { application: { id: 'NB-1', status } } } });
    expect(meetsExpectation(answer('COMPLETED'), expectation)).toBe(true);
    expect(meetsExpectation(answer('IN_PROGRESS'), expectation)).toBe(true);
    expect(meetsExpectation(answer('REJECTED'), expectation)).toBe(false);
    expect(meetsExpectation(answer('AWAITING_CONSENT'), expectation)).toBe(false);
    expect(
      meetsExpectation(JSON.stringify({ data: { registerNewborn: null }, errors: [{}] }), expectation),
    ).toBe(false);
    expect(meetsExpectation('not JSON', expectation)).toBe(false);
  });

  it('sizes a job’s families from the requests a second seen, with a margin, round by round of slots', () => {
    const alone = { durationSeconds: 10, connections: 16, slots: 1, errandSlots: 1 };
    // 150 answers a second for 10 s: 94 per connection, and one more each in flight at the end.
    expect(errandsNeeded({ ...alone, requestsPerSecond: 100 })).toBe(16 * 95);
    expect(errandsNeeded({ ...alone, requestsPerSecond: 100, margin: 3 })).toBe(16 * 189);
    // In the mix, a connection sends the errand once in each round of 21 slots it starts: 95 requests
    // start 5 rounds.
    expect(errandsNeeded({ ...alone, requestsPerSecond: 100, slots: 21 })).toBe(16 * 5);
    // A short job still gives every connection the errand of its first round.
    expect(errandsNeeded({ ...alone, durationSeconds: 0.5, requestsPerSecond: 10, slots: 21 })).toBe(16);
  });
});
