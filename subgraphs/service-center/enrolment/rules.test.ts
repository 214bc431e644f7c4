import { describe, expect, it } from 'vitest';
import { type ChildFacts, entryYearOn, schoolEntryYearOf } from './application.ts';
import {
  alreadyInSchoolViolations,
  assistancePriorities,
  chooseSchool,
  type DistrictSchool,
  districtReviews,
  type EnrolmentFacts,
  householdViolations,
  schoolAgeViolations,
  siblingSchool,
  vaccinationFollowUps,
} from './rules.ts';

const child: ChildFacts = {
  citizenId: '500106202011306118',
  name: '王宇轩',
  birthDate: '2020-11-30',
  hukouInMunicipality: true,
  householdId: '500106-874429',
  divisionCode: '500106',
  street: '沙坪坝街道',
  address: '重庆市沙坪坝区沙坪坝街道三峡广场社区汉渝路245号25-7',
  fatherCitizenId: '500106199201228697',
  motherCitizenId: '650102199202020289',
  siblingCitizenIds: [],
};

const school = (id: string, placesLeft: number, stage = 'PRIMARY'): DistrictSchool => ({
  id,
  name: `school ${id}`,
  stage,
  placesLeft,
});

const enrolment = (
  schoolId: string,
  entryYear: number,
  status = 'ENROLLED',
  districtId = 'XQ1',
): EnrolmentFacts => ({
  entryYear,
  status,
  school: { id: schoolId, name: `school ${schoolId}`, stage: 'PRIMARY', district: { id: districtId } },
});

describe('the school year', () => {
  it.each([
    ['2026-08-31', 2026],
    ['2026-09-01', 2027],
    ['2026-11-20', 2027],
    ['2027-03-01', 2027],
  ])('an application made on %s is for the class entering in %i', (today, year) => {
    expect(entryYearOn(today)).toBe(year);
  });

  it.each([
    ['2020-08-31', 2026],
    ['2020-09-01', 2027],
    ['2021-08-31', 2027],
    ['2026-09-06', 2033],
  ])('a child born on %s enters primary school in %i', (birthDate, year) => {
    expect(schoolEntryYearOf(birthDate)).toBe(year);
  });

  it('rejects a child too old or too young for the year, naming education', () => {
    expect(schoolAgeViolations('2021-08-31', 2027)).toEqual([]);
    for (const [birthDate, expected] of [
      ['2020-08-31', '2026'],
      ['2021-09-01', '2028'],
    ] as const) {
      expect(schoolAgeViolations(birthDate, 2027)).toEqual([
        {
          rule: 'SCHOOL_ENTRY_AGE',
          department: 'education',
          message: expect.stringContaining(birthDate),
          text: { key: 'rule.schoolEntryAge', params: { birthDate, expected, entryYear: '2027' } },
        },
      ]);
    }
  });
});

describe('who may enrol', () => {
  it('rejects a hukou outside the municipality, naming where it is and public security', () => {
    expect(householdViolations(child)).toEqual([]);
    const elsewhere = { ...child, hukouInMunicipality: false, divisionCode: '650102', street: '' };
    expect(householdViolations(elsewhere)).toMatchObject([
      {
        rule: 'HUKOU_IN_MUNICIPALITY',
        department: 'public-security',
        message: expect.stringContaining('新疆维吾尔自治区天山区'),
      },
    ]);
  });

  it('rejects a child who already entered primary school, not one waiting or new', () => {
    expect(alreadyInSchoolViolations([enrolment('S1', 2026)], 2027)).toEqual([
      expect.objectContaining({ rule: 'NOT_YET_AT_PRIMARY_SCHOOL', department: 'education' }),
    ]);
    expect(
      alreadyInSchoolViolations([enrolment('S1', 2027), enrolment('S2', 2026, 'WAITLISTED')], 2027),
    ).toEqual([]);
  });

  it('asks a person about an address in the municipality no district covers, not about one outside', () => {
    expect(districtReviews(child, { id: 'XQ1' })).toEqual([]);
    expect(districtReviews(child, null)).toEqual([
      expect.objectContaining({ rule: 'ADDRESS_IN_SCHOOL_DISTRICT', department: 'education' }),
    ]);
    expect(districtReviews({ ...child, divisionCode: '650102' }, null)).toEqual([]);
  });
});

describe('choosing the school', () => {
  const schools = [school('S1', 3), school('S2', 10), school('J1', 50, 'JUNIOR_SECONDARY')];
  const none = { requestedId: null, found: null, siblingSchoolId: null };

  it('without a preference, asks the primary school with the most places left', () => {
    expect(chooseSchool('XQ1', schools, none)).toEqual({
      schoolId: 'S2',
      schoolName: 'school S2',
      notes: [],
    });
  });

  it('grants a preferred school of the district with places, and a sibling’s school without a preference', () => {
    expect(chooseSchool('XQ1', schools, { ...none, requestedId: 'S1' })?.schoolId).toBe('S1');
    expect(chooseSchool('XQ1', schools, { ...none, siblingSchoolId: 'S1' })?.schoolId).toBe('S1');
    expect(
      chooseSchool('XQ1', schools, { requestedId: 'S2', found: null, siblingSchoolId: 'S1' })?.schoolId,
    ).toBe('S2');
  });

  it('places elsewhere in the district, saying why, when the preference cannot be granted', () => {
    const outside = { id: 'S9', name: 'school S9', stage: 'PRIMARY', district: { id: 'XQ2' } };
    const cases = [
      [{ requestedId: 'S9', found: outside }, 'PREFERRED_SCHOOL_IN_DISTRICT'],
      [{ requestedId: 'S8', found: null }, 'PREFERRED_SCHOOL_KNOWN'],
      [
        { requestedId: 'J1', found: { ...outside, id: 'J1', stage: 'JUNIOR_SECONDARY' } },
        'PREFERRED_SCHOOL_PRIMARY',
      ],
    ] as const;
    for (const [preference, rule] of cases) {
      const choice = chooseSchool('XQ1', schools, { ...none, ...preference });
      expect(choice?.schoolId).toBe('S2');
      expect(choice?.notes).toEqual([expect.objectContaining({ rule, department: 'education' })]);
    }
    const full = chooseSchool('XQ1', [school('S1', 0), school('S2', 4)], { ...none, requestedId: 'S1' });
    expect(full).toMatchObject({
      schoolId: 'S2',
      notes: [expect.objectContaining({ rule: 'SCHOOL_HAS_PLACES' })],
    });
  });

  it('when every school is full, asks the wanted school (or the first) for its waiting list', () => {
    const full = [school('S1', 0), school('S2', 0)];
    expect(chooseSchool('XQ1', full, none)?.schoolId).toBe('S1');
    expect(chooseSchool('XQ1', full, { ...none, requestedId: 'S2' })?.schoolId).toBe('S2');
    expect(chooseSchool('XQ1', [school('J1', 9, 'JUNIOR_SECONDARY')], none)).toBeUndefined();
  });

  it('counts a sibling at a primary school of the district who will still be there', () => {
    expect(siblingSchool([enrolment('S1', 2022)], 'XQ1', 2027)).toBe('S1');
    expect(siblingSchool([enrolment('S1', 2021)], 'XQ1', 2027)).toBeNull();
    expect(siblingSchool([enrolment('S1', 2027)], 'XQ1', 2027)).toBe('S1');
    expect(siblingSchool([enrolment('S1', 2024, 'ENROLLED', 'XQ2')], 'XQ1', 2027)).toBeNull();
    expect(siblingSchool([enrolment('S1', 2024, 'WAITLISTED')], 'XQ1', 2027)).toBeNull();
  });
});

describe('priorities and follow-ups', () => {
  it('maps civil affairs’ active cases to priority categories, once each', () => {
    expect(assistancePriorities(['MINIMUM_LIVING', 'MINIMUM_LIVING', 'EXTREME_POVERTY'])).toEqual([
      'MINIMUM_LIVING_ASSISTANCE',
      'EXTREME_POVERTY_SUPPORT',
    ]);
    expect(assistancePriorities([])).toEqual([]);
  });

  it('turns an incomplete or missing vaccination record into a follow-up, never a refusal', () => {
    expect(vaccinationFollowUps({ completeForSchoolEntry: true, clinic: 'C', missingDoses: [] })).toEqual([]);
    expect(
      vaccinationFollowUps({
        completeForSchoolEntry: false,
        clinic: '沙坪坝社区卫生服务中心',
        missingDoses: ['乙脑减毒活疫苗 第2剂'],
      }),
    ).toMatchObject([
      {
        kind: 'CATCH_UP_VACCINATION',
        department: 'health',
        message: expect.stringMatching(/乙脑减毒活疫苗 第2剂.*沙坪坝社区卫生服务中心/),
      },
    ]);
    expect(vaccinationFollowUps(null)).toEqual([
      expect.objectContaining({ kind: 'VACCINATION_RECORD_MISSING' }),
    ]);
  });
});
