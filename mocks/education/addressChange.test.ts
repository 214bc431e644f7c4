import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor } from '../kit/testing.ts';
import { addressChangedEvent, deliverEvent } from '../public-security/testing.ts';
import { buildDepartmentSystem } from './server.ts';

// The profile household of the seed: the elder child is ENROLLED at SCH500103-01 (district
// XQ500103-01); the younger one, born 2022-09-06, is registered for school here.
const HOUSEHOLD = '500103-396901';
const ELDER = '500103201910094952';
const YOUNGER = '500103202209060046';
const MEMBERS = ['500103198910149170', '500103199103162322', ELDER, YOUNGER];
const FROM = {
  divisionCode: '500103',
  street: '七星岗街道',
  community: '金汤街社区',
  detail: '金汤街62号30-2',
};
const TO = { divisionCode: '500105', street: '观音桥街道', community: '建新社区', detail: '建新北路1号' };

const callers = await createTestCallers('education');

let system: DepartmentSystem;

beforeEach(async () => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => '2026-11-20',
      trust: callers.trust,
    }),
  );
  // As the newborn errand did, for the younger child's mother.
  const registered = await system.app.inject({
    method: 'POST',
    url: '/v1/school-age-registrations',
    headers: {
      ...(await callers.headersFor(serviceCenterFor('500103199103162322'))),
      'idempotency-key': 'register-younger',
    },
    payload: { citizenId: YOUNGER, birthDate: '2022-09-06', divisionCode: '500103', street: '七星岗街道' },
  });
  expect(registered.json().districtId).toBe('XQ500103-01');
});

afterEach(async () => {
  await system.app.close();
});

const registration = () =>
  system.db
    .prepare(
      'SELECT division_code AS divisionCode, street, district_id AS districtId FROM school_age_registrations WHERE citizen_id = ?',
    )
    .get(YOUNGER);
const enrolments = () =>
  system.db
    .prepare('SELECT id, status FROM enrolments WHERE citizen_id IN (?, ?) ORDER BY id')
    .all(ELDER, YOUNGER);
const rechecks = () =>
  system.db
    .prepare('SELECT enrolment_id AS enrolmentId, new_district_id AS newDistrictId FROM enrolment_rechecks')
    .all();
const waitlist = () =>
  system.db
    .prepare("INSERT INTO enrolments VALUES ('EN2029-000001', ?, 'SCH500103-01', 2029, 'WAITLISTED')")
    .run(YOUNGER);

describe('education: household address changed', () => {
  it('moves school-age registrations to the new district, keeps enrolments and flags pending ones for re-check', async () => {
    waitlist();
    const event = addressChangedEvent({
      householdId: HOUSEHOLD,
      memberCitizenIds: MEMBERS,
      from: FROM,
      to: TO,
    });
    const answer = await deliverEvent(system, event);
    expect(answer.status).toBe(200);
    expect(registration()).toEqual({
      divisionCode: '500105',
      street: '观音桥街道',
      districtId: 'XQ500105-01',
    });
    expect(enrolments()).toEqual([
      { id: 'EN2026-718748', status: 'ENROLLED' },
      { id: 'EN2029-000001', status: 'WAITLISTED' },
    ]);
    expect(rechecks()).toEqual([{ enrolmentId: 'EN2029-000001', newDistrictId: 'XQ500105-01' }]);
    expect(answer.body.actions).toEqual([
      expect.stringContaining('moved from district XQ500103-01 to'),
      expect.stringContaining('Enrolment EN2026-718748'),
      expect.stringContaining('EN2029-000001 at 重庆市人民小学 is flagged for re-check'),
    ]);
  });

  it('leaves a pending enrolment alone when the school is in the new district too', async () => {
    waitlist();
    const within = { ...TO, divisionCode: '500103', street: '解放碑街道' };
    const answer = await deliverEvent(
      system,
      addressChangedEvent({ householdId: HOUSEHOLD, memberCitizenIds: MEMBERS, from: FROM, to: within }),
    );
    expect(answer.body.actions).toContainEqual(
      expect.stringContaining('EN2029-000001 at 重庆市人民小学 stays'),
    );
    expect(registration()).toEqual({
      divisionCode: '500103',
      street: '解放碑街道',
      districtId: 'XQ500103-01',
    });
    expect(rechecks()).toEqual([]);
  });

  it('acts once per event', async () => {
    waitlist();
    const event = addressChangedEvent({
      householdId: HOUSEHOLD,
      memberCitizenIds: MEMBERS,
      from: FROM,
      to: TO,
    });
    const first = await deliverEvent(system, event);
    system.db.prepare('DELETE FROM enrolment_rechecks').run();
    const again = await deliverEvent(system, event);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(rechecks()).toEqual([]);
  });

  it('refuses an address no district covers, changing nothing', async () => {
    const answer = await deliverEvent(
      system,
      addressChangedEvent({
        householdId: HOUSEHOLD,
        memberCitizenIds: MEMBERS,
        from: FROM,
        to: { ...TO, street: '不存在街道' },
      }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('NO_SCHOOL_DISTRICT_FOR_ADDRESS');
    expect(registration()).toMatchObject({ districtId: 'XQ500103-01' });
  });
});
