import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { buildDepartmentSystem } from './server.ts';

/** A primary school of the seed with a junior secondary school beside it in the same district. */
const SCHOOL = 'SCH500103-01';
const OTHER_SCHOOL = 'SCH500103-03';
const JUNIOR_SECONDARY = 'SCH500103-02';
const ENTRY_YEAR = 2027;

const child = (sequence: number) =>
  composeCitizenId({ divisionCode: '500103', birthDate: '2021-03-01', sequence, sex: 'MALE' });

const callers = await createTestCallers('education');
/** Who enrols a child in the school-enrolment errand: the service-center, for the applying parent. */
const SERVICE_CENTER = serviceCenterFor('500103198910149170', 'EN-20261120-000001');

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => '2026-11-20',
      trust: callers.trust,
    }),
  );
  // Two places in the entry class, so the third child waits.
  system.db.prepare('UPDATE schools SET capacity = 2 WHERE id = ?').run(SCHOOL);
});

afterEach(async () => {
  await system.app.close();
});

async function enrol(key: string, body: Record<string, unknown>, caller: TestCaller = SERVICE_CENTER) {
  const response = await system.app.inject({
    method: 'POST',
    url: '/v1/enrolments',
    payload: { schoolId: SCHOOL, entryYear: ENTRY_YEAR, ...body },
    headers: { ...(await callers.headersFor(caller)), 'idempotency-key': key },
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}

describe('education department system: enrolments', () => {
  it('enrols while the entry class has room, then waitlists in order of request', async () => {
    const first = await enrol('a', { citizenId: child(1) });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^EN2027-\d{6}$/),
      citizenId: child(1),
      schoolId: SCHOOL,
      entryYear: ENTRY_YEAR,
      status: 'ENROLLED',
      priorities: [],
      waitlistPosition: null,
    });
    expect((await enrol('b', { citizenId: child(3) })).body.status).toBe('ENROLLED');
    const third = await enrol('c', { citizenId: child(5) });
    const fourth = await enrol('d', { citizenId: child(7) });
    expect([third.body.status, third.body.waitlistPosition]).toEqual(['WAITLISTED', 1]);
    expect([fourth.body.status, fourth.body.waitlistPosition]).toEqual(['WAITLISTED', 2]);

    const school = await system.app.inject({
      method: 'POST',
      url: '/v1/schools/batch-get',
      payload: { ids: [SCHOOL] },
    });
    expect(school.json().items[0].entryClasses).toContainEqual({
      entryYear: ENTRY_YEAR,
      enrolled: 2,
      waitlisted: 2,
    });
  });

  it('puts a child with a priority category ahead of those without on the waiting list', async () => {
    await enrol('a', { citizenId: child(1) });
    await enrol('b', { citizenId: child(3) });
    await enrol('c', { citizenId: child(5) });
    const priority = await enrol('d', { citizenId: child(7), priorities: ['MINIMUM_LIVING_ASSISTANCE'] });
    expect(priority.body).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
      priorities: ['MINIMUM_LIVING_ASSISTANCE'],
    });
    // Asked again under a new key, the earlier child's place is answered as it stands now.
    expect((await enrol('c-again', { citizenId: child(5) })).body.waitlistPosition).toBe(2);
  });

  it('answers a repeat under the same key with the first decision, once', async () => {
    const first = await enrol('same', { citizenId: child(1) });
    const again = await enrol('same', { citizenId: child(1) });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const people = await system.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      payload: { ids: [child(1)] },
    });
    expect(people.json().items[0].enrolments).toEqual([
      { id: first.body.id, schoolId: SCHOOL, entryYear: ENTRY_YEAR, status: 'ENROLLED' },
    ]);
  });

  it.each<[string, TestCaller]>([
    ['the parent, straight to the department', '500103198910149170'],
    ['a clerk who may only read', 'staff:education:education:read'],
  ])('refuses %s with 403 FORBIDDEN, taking no place', async (_, caller) => {
    const refused = await enrol('a', { citizenId: child(1) }, caller);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const people = await system.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      payload: { ids: [child(1)] },
    });
    expect(people.json().items).toEqual([]);
    // The two places are still free: the next two children are admitted.
    expect((await enrol('b', { citizenId: child(3) })).body.status).toBe('ENROLLED');
    expect((await enrol('c', { citizenId: child(5) })).body.status).toBe('ENROLLED');
  });

  it('keeps one enrolment per child and school year', async () => {
    const first = await enrol('a', { citizenId: child(1) });
    expect((await enrol('b', { citizenId: child(1) })).body).toEqual(first.body);
    const elsewhere = await enrol('c', { citizenId: child(1), schoolId: OTHER_SCHOOL });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error).toMatchObject({
      code: 'ENROLMENT_EXISTS',
      details: { enrolmentId: first.body.id, schoolId: SCHOOL, status: 'ENROLLED' },
    });
    expect((await enrol('d', { citizenId: child(1), entryYear: 2028 })).body.status).toBe('ENROLLED');
  });

  it.each([
    [{ schoolId: 'SCH500199-99' }, 404, 'SCHOOL_NOT_FOUND'],
    [{ schoolId: JUNIOR_SECONDARY }, 422, 'NOT_A_PRIMARY_SCHOOL'],
    [{ priorities: ['FRIEND_OF_THE_HEADMASTER'] }, 400, 'INVALID_REQUEST'],
  ])('refuses %j with %i %s, writing nothing', async (change, status, code) => {
    const response = await enrol('x', { citizenId: child(1), ...change });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    const people = await system.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      payload: { ids: [child(1)] },
    });
    expect(people.json().items).toEqual([]);
  });
});
