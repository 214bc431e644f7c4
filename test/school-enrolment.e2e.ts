import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId, maskCitizenId } from '../lib/citizenId.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import {
  type ApplySchoolEnrolmentPayload,
  applySchoolEnrolment,
  childrenEnteringSchoolIn,
  type SeedChild,
} from './support/enrolment.ts';
import { registerNewborn } from './support/newborn.ts';
import { authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

/** "Today" for every department; tests move it forward, never the clock. */
let today = scenarios.referenceDate;
let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  system = await startTestSystem({ today: () => today, errandRetry: { attempts: 2, baseDelayMs: 5 } });
  gateway = system.gatewayUrl as string;
});

afterAll(async () => {
  await system?.stop();
});

beforeEach(() => {
  today = scenarios.referenceDate;
  for (const { server } of system.departmentSystems.values()) server.calls.reset();
});

const ENROLMENTS = 'POST /v1/enrolments';
const education = () => {
  const api = system.departmentSystems.get('education')?.server;
  if (!api) throw new Error('the education department system is not running');
  return api;
};

/** The outcome of a payload, failing the test when there is none. */
function outcomeOf(payload: ApplySchoolEnrolmentPayload | undefined) {
  const outcome = payload?.application.enrolment;
  if (!outcome) throw new Error(`no enrolment outcome in ${JSON.stringify(payload)}`);
  return outcome;
}

const statusByStep = (payload: ApplySchoolEnrolmentPayload | undefined) =>
  Object.fromEntries((payload?.application.items ?? []).map((item) => [item.step, item.status]));

/** The primary schools of a district, as the graph publishes them. */
async function primarySchoolsOf(districtId: string): Promise<Array<{ id: string; capacity: number }>> {
  const response = await graphql<{
    schoolDistrict: { schools: Array<{ id: string; stage: string; capacity: number }> };
  }>(gateway, 'query($id: ID!) { schoolDistrict(id: $id) { schools { id stage capacity } } }', {
    id: districtId,
  });
  return (response.data?.schoolDistrict.schools ?? []).filter((school) => school.stage === 'PRIMARY');
}

/** Fills every place of a school's entry class with pupils admitted by the office, not by the errand. */
function fillEntryClass(schoolId: string, entryYear: number, capacity: number): void {
  const insert = education().db.prepare(
    "INSERT INTO enrolments (id, citizen_id, school_id, entry_year, status) VALUES (?, ?, ?, ?, 'ENROLLED')",
  );
  education().db.transaction(() => {
    for (let n = 0; n < capacity; n++) {
      const citizenId = composeCitizenId({
        divisionCode: '500103',
        birthDate: `${entryYear - 6}-03-01`,
        sequence: n + 1,
        sex: n % 2 ? 'FEMALE' : 'MALE',
      });
      insert.run(`FULL-${schoolId}-${n}`, citizenId, schoolId, entryYear);
    }
  })();
}

// The seed's children who enter primary school in September 2027 — the school year an application
// made at the reference date is for — grouped so that two share a school district.
const entering2027 = childrenEnteringSchoolIn(2027);
const [sharedDivision] = [...new Set(entering2027.map((c) => c.divisionCode))].filter(
  (division) => entering2027.filter((c) => c.divisionCode === division).length >= 2,
);
const [firstInFullDistrict, secondInFullDistrict] = entering2027.filter(
  (c) => c.divisionCode === sharedDivision,
) as [SeedChild, SeedChild];
const placedChild = entering2027.find((c) => c.divisionCode !== sharedDivision) as SeedChild;
const [livingElsewhere] = childrenEnteringSchoolIn(2027, false) as [SeedChild];

/** A staff member who may read what these checks look up: households, applications. */
const LOOKUP_STAFF = 'staff:audit:public-security:read,education:read,service-center:read';
const lookupHeaders = () => authorization(system, LOOKUP_STAFF);

describe('applySchoolEnrolment for a seeded child of school age', () => {
  it('places the child at a school of its district from the citizen ID alone', async () => {
    const response = await applySchoolEnrolment(system, placedChild.motherCitizenId, {
      childCitizenId: placedChild.citizenId,
    });
    expect(response.errors).toBeUndefined();
    const payload = response.data?.applySchoolEnrolment;
    expect(payload?.application).toMatchObject({
      kind: 'SCHOOL_ENROLMENT',
      status: 'COMPLETED',
      applicant: { citizenId: placedChild.motherCitizenId },
      id: expect.stringMatching(/^SE-\d{8}-[A-Z0-9]{6}$/),
      tickets: [],
      rejections: [],
    });
    expect(payload?.application.items.map((item) => [item.step, item.department, item.status])).toEqual([
      ['checkHousehold', 'public-security', 'DONE'],
      ['checkVaccination', 'health', 'DONE'],
      ['checkPriority', 'civil-affairs', 'DONE'],
      ['checkSchoolPlaces', 'education', 'DONE'],
      ['enrol', 'education', 'DONE'],
    ]);
    const outcome = outcomeOf(payload);
    const household = await graphql<{ person: { household: { schoolDistrict: { id: string } } } }>(
      gateway,
      'query($id: CitizenId!) { person(citizenId: $id) { household { schoolDistrict { id } } } }',
      { id: placedChild.citizenId },
      await lookupHeaders(),
    );
    const districtId = household.data?.person.household.schoolDistrict.id;
    expect(outcome).toMatchObject({
      decision: 'PLACED',
      entryYear: 2027,
      waitlistPosition: null,
      schoolDistrict: { id: districtId },
      school: { district: { id: districtId } },
      reasons: [],
    });
    expect(payload?.child.enrolments).toContainEqual({
      entryYear: 2027,
      status: 'ENROLLED',
      school: { id: outcome.school?.id },
    });
    expect(education().calls.count(ENROLMENTS)).toBe(1);
  });

  it('answers a repeat — the same key, or the other parent — with the same application, enrolling once', async () => {
    const child = placedChild.citizenId;
    const first = await applySchoolEnrolment(system, placedChild.fatherCitizenId, {
      childCitizenId: child,
      idempotencyKey: 'enrol-1',
    });
    const sameKey = await applySchoolEnrolment(system, placedChild.fatherCitizenId, {
      childCitizenId: child,
      idempotencyKey: 'enrol-1',
    });
    const otherParent = await applySchoolEnrolment(system, placedChild.motherCitizenId, {
      childCitizenId: child,
    });
    const ids = [first, sameKey, otherParent].map((r) => r.data?.applySchoolEnrolment.application.id);
    expect(ids[0]).toBeDefined();
    expect(new Set(ids).size).toBe(1);
    expect(education().calls.count(ENROLMENTS)).toBe(0);
  });

  it('puts children on the waiting list, in order, when every school of the district is full', async () => {
    const districtResponse = await graphql<{ person: { household: { schoolDistrict: { id: string } } } }>(
      gateway,
      'query($id: CitizenId!) { person(citizenId: $id) { household { schoolDistrict { id } } } }',
      { id: firstInFullDistrict.citizenId },
      await lookupHeaders(),
    );
    const districtId = districtResponse.data?.person.household.schoolDistrict.id as string;
    const schools = await primarySchoolsOf(districtId);
    expect(schools.length).toBeGreaterThan(0);
    for (const school of schools) fillEntryClass(school.id, 2027, school.capacity);

    const first = outcomeOf(
      (
        await applySchoolEnrolment(system, firstInFullDistrict.fatherCitizenId, {
          childCitizenId: firstInFullDistrict.citizenId,
        })
      ).data?.applySchoolEnrolment,
    );
    const second = outcomeOf(
      (
        await applySchoolEnrolment(system, secondInFullDistrict.motherCitizenId, {
          childCitizenId: secondInFullDistrict.citizenId,
          preferredSchoolId: first.school?.id,
        })
      ).data?.applySchoolEnrolment,
    );
    expect(first).toMatchObject({
      decision: 'WAITLISTED',
      waitlistPosition: 1,
      schoolDistrict: { id: districtId },
    });
    expect(schools.map((s) => s.id)).toContain(first.school?.id);
    expect(first.reasons).toContainEqual(
      expect.objectContaining({ rule: 'SCHOOL_HAS_PLACES', department: 'education' }),
    );
    expect(second).toMatchObject({
      decision: 'WAITLISTED',
      waitlistPosition: 2,
      school: { id: first.school?.id },
    });
  });

  it('rejects a child of the wrong age for the school year, naming the rule and education', async () => {
    // The profile's child started school in 2026; an application made now is for 2027.
    const response = await applySchoolEnrolment(system, scenarios.citizens.profile, {
      childCitizenId: scenarios.citizens.child,
    });
    const payload = response.data?.applySchoolEnrolment;
    expect(payload?.application.status).toBe('REJECTED');
    const rules = payload?.application.rejections.map(({ rule, department }) => [rule, department]);
    expect(rules).toContainEqual(['SCHOOL_ENTRY_AGE', 'education']);
    expect(outcomeOf(payload)).toMatchObject({
      decision: 'REJECTED',
      school: null,
      reasons: payload?.application.rejections,
    });
    expect(statusByStep(payload).enrol).toBe('SKIPPED');
    expect(education().calls.count(ENROLMENTS)).toBe(0);
  });

  it('rejects a child whose hukou is outside the municipality, naming public security; staff may apply for the family', async () => {
    const staff = await applySchoolEnrolment(system, 'staff:education:education:write', {
      childCitizenId: livingElsewhere.citizenId,
    });
    const payload = staff.data?.applySchoolEnrolment;
    // The mother is the applicant, masked to staff without service-center:read.
    expect(payload?.application).toMatchObject({
      status: 'REJECTED',
      applicant: { citizenId: maskCitizenId(livingElsewhere.motherCitizenId) },
      rejections: [expect.objectContaining({ rule: 'HUKOU_IN_MUNICIPALITY', department: 'public-security' })],
      tickets: [],
    });
    // Where the hukou is, is public security's record: education staff are told whom to ask.
    expect(payload?.application.rejections[0]?.message).toMatch(/^公安在此有相关原因/);
    const parent = await applySchoolEnrolment(system, livingElsewhere.motherCitizenId, {
      childCitizenId: livingElsewhere.citizenId,
    });
    expect(parent.data?.applySchoolEnrolment.application.rejections[0]?.message).toMatch(/^孩子户籍登记在/);
    expect(education().calls.count(ENROLMENTS)).toBe(0);
  });

  it('refuses anyone but a guardian — FORBIDDEN, UNAUTHENTICATED without a token — and creates nothing', async () => {
    const child = secondInFullDistrict.citizenId;
    const stranger = scenarios.citizens.assistanceHead;
    const cases: Array<[string | null, string]> = [
      [stranger, 'FORBIDDEN'],
      ['staff:education:education:read', 'FORBIDDEN'],
      ['staff:health:health:write', 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ];
    for (const [identity, code] of cases) {
      const response = await applySchoolEnrolment(system, identity, { childCitizenId: child });
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code, department: 'service-center' });
    }
    // A child nobody has: the same answer as someone else's child.
    const unknown = composeCitizenId({
      divisionCode: '500103',
      birthDate: '2021-01-01',
      sequence: 999,
      sex: 'MALE',
    });
    const response = await applySchoolEnrolment(system, stranger, { childCitizenId: unknown });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const applications = await graphql<{ person: { applications: Array<{ kind: string }> } }>(
      gateway,
      'query($id: CitizenId!) { person(citizenId: $id) { applications { kind } } }',
      { id: stranger },
      await lookupHeaders(),
    );
    expect(applications.data?.person.applications.filter((a) => a.kind === 'SCHOOL_ENROLMENT')).toEqual([]);
    expect(education().calls.count()).toBe(0);
  });
});

describe('children registered by registerNewborn, six years later', () => {
  const [twinA, twinB] = scenarios.birthRecords.twins as [string, string];
  const plain = scenarios.birthRecords.eligible.filter(
    (id) => !scenarios.birthRecords.twins.includes(id) && id !== scenarios.birthRecords.assistanceFamily,
  );
  const newborns = new Map<
    string,
    { citizenId: string; mother: string; districtId: string; street: string; divisionCode: string }
  >();

  beforeAll(async () => {
    for (const [birth, name] of [
      [plain[0], '林知远'],
      [plain[1], '何语桐'],
      [plain[2], '宋嘉木'],
      [twinA, '张一诺'],
      [twinB, '张二诺'],
      [scenarios.birthRecords.assistanceFamily, '陈安康'],
    ] as Array<[string, string]>) {
      const payload = (
        await registerNewborn(gateway, system.authentication.issuer, birth, { childName: name })
      ).data?.registerNewborn;
      const child = payload?.newborn;
      if (payload?.application.status !== 'COMPLETED' || !child?.household.schoolDistrict) {
        throw new Error(`the newborn of ${birth} was not registered: ${JSON.stringify(payload)}`);
      }
      const household = await graphql<{ household: { address: { street: string } } }>(
        gateway,
        'query($id: ID!) { household(id: $id) { address { street } } }',
        { id: child.household.id },
        await lookupHeaders(),
      );
      newborns.set(birth, {
        citizenId: child.citizenId,
        mother: payload.application.applicant.citizenId,
        districtId: child.household.schoolDistrict.id,
        street: household.data?.household.address.street as string,
        divisionCode: child.household.address.divisionCode,
      });
    }
  });

  /** Six years on: the spring before the September these children enter primary school. */
  const sixYearsOn = '2033-03-01';

  it('enrols a child registered at birth, giving nothing but the citizen ID', async () => {
    const child = newborns.get(plain[0] as string);
    today = sixYearsOn;
    const response = await applySchoolEnrolment(system, child?.mother as string, {
      childCitizenId: child?.citizenId,
    });
    expect(response.errors).toBeUndefined();
    const payload = response.data?.applySchoolEnrolment;
    expect(payload?.application.status).toBe('COMPLETED');
    const outcome = outcomeOf(payload);
    expect(outcome).toMatchObject({
      decision: 'PLACED',
      entryYear: 2033,
      schoolDistrict: { id: child?.districtId },
      school: { district: { id: child?.districtId } },
      priorities: [],
    });
    // The record has only the birth doses: the place stands, and catch-up vaccination follows.
    expect(outcome.followUps).toEqual([
      { kind: 'CATCH_UP_VACCINATION', department: 'health', message: expect.stringContaining('补种') },
    ]);
    expect(payload?.child.enrolments).toEqual([
      { entryYear: 2033, status: 'ENROLLED', school: { id: outcome.school?.id } },
    ]);
  });

  it('gives priority to a child of a 低保 household and to a twin whose sibling has a place', async () => {
    today = sixYearsOn;
    const assisted = newborns.get(scenarios.birthRecords.assistanceFamily);
    const assistedOutcome = outcomeOf(
      (
        await applySchoolEnrolment(system, assisted?.mother as string, {
          childCitizenId: assisted?.citizenId,
        })
      ).data?.applySchoolEnrolment,
    );
    expect(assistedOutcome).toMatchObject({ decision: 'PLACED', priorities: ['MINIMUM_LIVING_ASSISTANCE'] });

    const [a, b] = [newborns.get(twinA), newborns.get(twinB)];
    const first = outcomeOf(
      (await applySchoolEnrolment(system, a?.mother as string, { childCitizenId: a?.citizenId })).data
        ?.applySchoolEnrolment,
    );
    const second = outcomeOf(
      (await applySchoolEnrolment(system, b?.mother as string, { childCitizenId: b?.citizenId })).data
        ?.applySchoolEnrolment,
    );
    expect(first.priorities).toEqual([]);
    expect(second).toMatchObject({
      decision: 'PLACED',
      school: { id: first.school?.id },
      priorities: ['SIBLING_AT_SCHOOL'],
    });
  });

  it('puts a child no school district covers to a person, and places it once the district is drawn', async () => {
    today = sixYearsOn;
    const child = newborns.get(plain[1] as string);
    const db = education().db;
    const street = db
      .prepare('SELECT * FROM school_district_streets WHERE division_code = ? AND street = ?')
      .get(child?.divisionCode, child?.street) as Record<string, unknown>;
    db.prepare('DELETE FROM school_district_streets WHERE division_code = ? AND street = ?').run(
      child?.divisionCode,
      child?.street,
    );
    const payload = (
      await applySchoolEnrolment(system, child?.mother as string, { childCitizenId: child?.citizenId })
    ).data?.applySchoolEnrolment;
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    expect(statusByStep(payload)).toMatchObject({ checkSchoolPlaces: 'NEEDS_REVIEW', enrol: 'BLOCKED' });
    expect(outcomeOf(payload)).toMatchObject({
      decision: 'MANUAL_REVIEW',
      school: null,
      reasons: [expect.objectContaining({ rule: 'ADDRESS_IN_SCHOOL_DISTRICT', department: 'education' })],
    });
    expect(payload?.application.tickets).toEqual([
      expect.objectContaining({ step: 'checkSchoolPlaces', department: 'education', status: 'OPEN' }),
    ]);
    expect(education().calls.count(ENROLMENTS)).toBe(0);

    db.prepare(
      'INSERT INTO school_district_streets VALUES (@division_code, @street, @district_id, @position)',
    ).run(street);
    const resumed = await graphql<{
      resumeApplication: {
        status: string;
        tickets: Array<{ status: string }>;
        enrolment: { decision: string };
      };
    }>(
      gateway,
      'mutation($id: ID!) { resumeApplication(id: $id) { status tickets { status } enrolment { decision } } }',
      { id: payload?.application.id },
      await authorization(system, 'staff:service-center:service-center:read,service-center:write'),
    );
    expect(resumed.data?.resumeApplication).toEqual({
      status: 'COMPLETED',
      tickets: [{ status: 'RESOLVED' }],
      enrolment: { decision: 'PLACED' },
    });
  });

  it('opens a ticket when the education department cannot act, and places the child on resume, once', async () => {
    today = sixYearsOn;
    const child = newborns.get(plain[2] as string);
    education().faults.inject(ENROLMENTS, { kind: 'status', status: 503 });
    const payload = (
      await applySchoolEnrolment(system, child?.mother as string, { childCitizenId: child?.citizenId })
    ).data?.applySchoolEnrolment;
    education().faults.clear();
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    expect(statusByStep(payload)).toMatchObject({ checkSchoolPlaces: 'DONE', enrol: 'FAILED' });
    expect(payload?.application.enrolment).toBeNull();
    expect(payload?.application.tickets).toEqual([
      expect.objectContaining({ step: 'enrol', department: 'education', status: 'OPEN' }),
    ]);

    const resumed = await graphql<{
      resumeApplication: {
        status: string;
        tickets: Array<{ status: string }>;
        enrolment: { decision: string };
      };
    }>(
      gateway,
      'mutation($id: ID!) { resumeApplication(id: $id) { status tickets { status } enrolment { decision } } }',
      { id: payload?.application.id },
      await authorization(system, 'staff:service-center:service-center:read,service-center:write'),
    );
    expect(resumed.data?.resumeApplication).toEqual({
      status: 'COMPLETED',
      tickets: [{ status: 'RESOLVED' }],
      enrolment: { decision: 'PLACED' },
    });
    const enrolments = await graphql<{ person: { enrolments: unknown[] } }>(
      gateway,
      'query($id: CitizenId!) { person(citizenId: $id) { enrolments { id } } }',
      { id: child?.citizenId },
      await lookupHeaders(),
    );
    expect(enrolments.data?.person.enrolments).toHaveLength(1);
  });
});
