import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { type Scenarios, scenariosSchema } from '../../scripts/seed/scenarios.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { publicSecuritySeed } from '../public-security/records.ts';
import scenariosJson from '../scenarios.json' with { type: 'json' };
import { educationSeed } from './records.ts';
import { expectedEntryYear } from './schoolAge.ts';
import { buildDepartmentSystem } from './server.ts';

const scenarios: Scenarios = scenariosSchema.parse(scenariosJson);
const seed = readSeed(DEFAULT_SEED_DIR, 'education', educationSeed);
const register = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);

const UNKNOWN_ID = composeCitizenId({
  divisionCode: '500112',
  birthDate: '1970-01-01',
  sequence: 997,
  sex: 'MALE',
});
const newborn = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2026-09-01',
  sequence: 2,
  sex: 'FEMALE',
});
const [district, otherDistrict] = seed['school-districts'] as [
  (typeof seed)['school-districts'][0],
  (typeof seed)['school-districts'][0],
];

const callers = await createTestCallers('education');
/** Who registers a newborn for school in the newborn errand: the service-center, for the applicant. */
const SERVICE_CENTER = serviceCenterFor(scenarios.citizens.child);

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => scenarios.referenceDate,
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

async function post(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
  caller: TestCaller | null = SERVICE_CENTER,
) {
  const response = await system.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...(await callers.headersFor(caller)), ...headers },
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

function registration(key: string | null, body: Record<string, unknown>, caller?: TestCaller | null) {
  return post('/v1/school-age-registrations', body, key === null ? {} : { 'idempotency-key': key }, caller);
}

const newbornRequest = {
  citizenId: newborn,
  birthDate: '2026-09-01',
  divisionCode: district.divisionCode,
  street: district.streets[0],
};

describe('education department system', () => {
  describe('look-ups', () => {
    it('answers each known person with enrolments and registration, leaving out unknown ids', async () => {
      const { status, body } = await post('/v1/people/batch-get', {
        ids: [UNKNOWN_ID, scenarios.citizens.child],
      });
      expect(status).toBe(200);
      const expected = seed.enrolments
        .filter((e) => e.citizenId === scenarios.citizens.child)
        .map(({ citizenId: _, ...enrolment }) => enrolment);
      expect(expected.length).toBeGreaterThan(0);
      expect(body).toEqual({
        items: [{ citizenId: scenarios.citizens.child, enrolments: expected, schoolAgeRegistration: null }],
      });
    });

    it('answers schools with their entry classes and districts with their schools', async () => {
      const school = seed.schools.find((s) => seed.enrolments.some((e) => e.schoolId === s.id));
      if (!school) throw new Error('the seed has no school with pupils');
      const schools = await post('/v1/schools/batch-get', { ids: [school.id, 'SCH500199-99'] });
      expect(schools.body.items).toHaveLength(1);
      expect(schools.body.items[0]).toMatchObject(school);
      const entryYear = seed.enrolments.find((e) => e.schoolId === school.id)?.entryYear;
      const pupils = seed.enrolments.filter((e) => e.schoolId === school.id && e.entryYear === entryYear);
      expect(schools.body.items[0].entryClasses).toContainEqual({
        entryYear,
        enrolled: pupils.length,
        waitlisted: 0,
      });

      const districts = await post('/v1/school-districts/batch-get', { ids: ['XQ500199-99', district.id] });
      expect(districts.body).toEqual({
        items: [
          {
            ...district,
            schoolIds: seed.schools.filter((s) => s.districtId === district.id).map((s) => s.id),
          },
        ],
      });
    });

    it('resolves many addresses in one call, in order, null where no district covers one', async () => {
      const profile = register.households.find((h) => h.id === scenarios.households.profile);
      if (!profile) throw new Error('the profile household is not in the public-security seed');
      const { status, body } = await post('/v1/school-districts/resolve', {
        addresses: [
          { divisionCode: profile.divisionCode, street: profile.street },
          { divisionCode: '510107', street: '' },
          { divisionCode: district.divisionCode, street: district.streets[0] },
          { divisionCode: '500103', street: '不存在街道' },
        ],
      });
      expect(status).toBe(200);
      expect(body.districts.map((d: { id: string } | null) => d?.id ?? null)).toEqual([
        scenarios.schoolDistricts.profile,
        null,
        district.id,
        null,
      ]);
      expect(body.districts[2].schoolIds.length).toBeGreaterThan(0);
    });

    it('refuses a resolution with a malformed address, naming the field', async () => {
      const { status, body } = await post('/v1/school-districts/resolve', {
        addresses: [{ divisionCode: '5001' }],
      });
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([
        'addresses.0.divisionCode',
        'addresses.0.street',
      ]);
    });

    it('searches schools by division and stage', async () => {
      const all = await post('/v1/schools/search', {});
      expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(seed.schools.map((s) => s.id).sort());
      const found = await post('/v1/schools/search', { divisionCode: '500105', stage: 'PRIMARY' });
      const expected = seed.schools.filter((s) => s.divisionCode === '500105' && s.stage === 'PRIMARY');
      expect(expected.length).toBeGreaterThan(0);
      expect(found.body.items.map((s: { id: string }) => s.id)).toEqual(expected.map((s) => s.id).sort());
      const refused = await post('/v1/schools/search', { stage: 'KINDERGARTEN' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('stage');
    });
  });

  describe('POST /v1/school-age-registrations', () => {
    it('registers a child in the district of the address, entering school the year they turn six by 31 August', async () => {
      const first = await registration('newborn-1', newbornRequest);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        citizenId: newborn,
        districtId: district.id,
        expectedEntryYear: 2033,
        registeredOn: scenarios.referenceDate,
      });
      const person = await post('/v1/people/batch-get', { ids: [newborn] });
      expect(person.body.items).toEqual([
        { citizenId: newborn, enrolments: [], schoolAgeRegistration: first.body },
      ]);
    });

    it('replays the first answer for a repeat with the same key, and refuses the key for another body', async () => {
      const first = await registration('newborn-2', newbornRequest);
      const replay = await registration('newborn-2', newbornRequest);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      const reused = await registration('newborn-2', { ...newbornRequest, street: district.streets[1] });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it.each<[string, TestCaller | null]>([
      ['a parent', scenarios.citizens.child],
      ['a health clerk holding health:write', 'staff:health:health:read,health:write'],
      ['an education clerk who may only read', 'staff:education:education:read'],
      ['an anonymous caller', null],
    ])('refuses %s with 403 FORBIDDEN and registers nothing', async (_, caller) => {
      const refused = await registration('newborn-1', newbornRequest, caller);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect((await post('/v1/people/batch-get', { ids: [newborn] })).body.items).toEqual([]);
    });

    it('registers for an education clerk holding education:write', async () => {
      const clerk = 'staff:education:education:read,education:write';
      expect((await registration('newborn-1', newbornRequest, clerk)).status).toBe(201);
    });

    it('needs an idempotency key', async () => {
      const { status, body } = await registration(null, newbornRequest);
      expect(status).toBe(400);
      expect(body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    });

    it.each([
      ['citizenId', { citizenId: `${newborn.slice(0, 17)}${newborn[17] === '0' ? '1' : '0'}` }],
      ['birthDate', { birthDate: '2026-9-1' }],
      ['divisionCode', { divisionCode: '50010' }],
      ['street', { street: '' }],
    ])('refuses an invalid %s with INVALID_REQUEST naming it', async (field, change) => {
      const { status, body } = await registration('invalid', { ...newbornRequest, ...change });
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    });

    it('refuses an address outside every district, writes nothing and leaves the key usable', async () => {
      const outside = { ...newbornRequest, divisionCode: '510107', street: '玉林街道' };
      const refused = await registration('newborn-3', outside);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('NO_SCHOOL_DISTRICT_FOR_ADDRESS');
      expect(refused.body.error.details).toEqual({ divisionCode: '510107', street: '玉林街道' });
      expect((await post('/v1/people/batch-get', { ids: [newborn] })).body.items).toEqual([]);
      const retried = await registration('newborn-3', newbornRequest);
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
    });

    it('keeps one registration per child: the same district answers it again, another is refused', async () => {
      const first = await registration('newborn-4', newbornRequest);
      const again = await registration('newborn-5', { ...newbornRequest, street: district.streets[1] });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const moved = await registration('newborn-6', {
        ...newbornRequest,
        divisionCode: otherDistrict.divisionCode,
        street: otherDistrict.streets[0],
      });
      expect(moved.status).toBe(409);
      expect(moved.body.error).toMatchObject({
        code: 'SCHOOL_AGE_REGISTRATION_EXISTS',
        details: { districtId: district.id },
      });
      const person = await post('/v1/people/batch-get', { ids: [newborn] });
      expect(person.body.items[0].schoolAgeRegistration.districtId).toBe(district.id);
    });

    it('refuses a birth date other than the citizen ID encodes', async () => {
      const { status, body } = await registration('newborn-7', {
        ...newbornRequest,
        birthDate: '2026-08-31',
      });
      expect(status).toBe(422);
      expect(body.error.code).toBe('BIRTH_DATE_MISMATCH');
    });

    it('refuses a child who has already started school', async () => {
      const child = scenarios.citizens.child;
      const birthDate = `${child.slice(6, 10)}-${child.slice(10, 12)}-${child.slice(12, 14)}`;
      const { status, body } = await registration('pupil-1', {
        ...newbornRequest,
        citizenId: child,
        birthDate,
      });
      expect(status).toBe(422);
      expect(body.error.code).toBe('PAST_SCHOOL_ENTRY');
      expect(
        (await post('/v1/people/batch-get', { ids: [child] })).body.items[0].schoolAgeRegistration,
      ).toBeNull();
    });
  });

  it.each([
    ['2020-08-31', 2026],
    ['2020-09-01', 2027],
    ['2026-01-01', 2032],
    ['2026-12-31', 2033],
  ])('a child born on %s enters primary school in %i', (birthDate, year) => {
    expect(expectedEntryYear(birthDate)).toBe(year);
  });
});
