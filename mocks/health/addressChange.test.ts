import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { departmentTestAccess } from '../kit/testing.ts';
import { addressChangedEvent, deliverEvent } from '../public-security/testing.ts';
import { buildDepartmentSystem } from './server.ts';

const access = await departmentTestAccess('health');

// The profile household of the seed: two children with vaccination records at CL500103-01.
const HOUSEHOLD = '500103-396901';
const MEMBERS = ['500103198910149170', '500103199103162322', '500103201910094952', '500103202209060046'];
const FROM = {
  divisionCode: '500103',
  street: '七星岗街道',
  community: '金汤街社区',
  detail: '金汤街62号30-2',
};
const TO = { divisionCode: '500105', street: '观音桥街道', community: '建新社区', detail: '建新北路1号' };

let system: DepartmentSystem;

beforeEach(() => {
  system = access.calledByOwnSubgraph(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => '2026-11-20',
      trust: access.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

const clinics = () =>
  system.db
    .prepare(
      'SELECT id, clinic_id AS clinicId FROM vaccination_records WHERE citizen_id IN (?, ?) ORDER BY id',
    )
    .all(MEMBERS[2], MEMBERS[3]) as Array<{ id: string; clinicId: string }>;
const processed = () =>
  (system.db.prepare('SELECT COUNT(*) AS n FROM processed_events').get() as { n: number }).n;

describe('health: household address changed', () => {
  it('re-assigns every member’s vaccination record to the clinic serving the new street', async () => {
    expect(clinics().map((record) => record.clinicId)).toEqual(['CL500103-01', 'CL500103-01']);
    const answer = await deliverEvent(
      system,
      addressChangedEvent({ householdId: HOUSEHOLD, memberCitizenIds: MEMBERS, from: FROM, to: TO }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('APPLIED');
    expect(answer.body.actions).toHaveLength(2);
    expect(answer.body.actions[0]).toContain('CL500105-01');
    expect(clinics().map((record) => record.clinicId)).toEqual(['CL500105-01', 'CL500105-01']);
  });

  it('acts once per event: a repeat answers the first answer and changes nothing', async () => {
    const event = addressChangedEvent({
      householdId: HOUSEHOLD,
      memberCitizenIds: MEMBERS,
      from: FROM,
      to: TO,
    });
    const first = await deliverEvent(system, event);
    // A clerk moves one record by hand after the event was applied; a resent event must not undo it.
    system.db
      .prepare("UPDATE vaccination_records SET clinic_id = 'CL500105-02' WHERE citizen_id = ?")
      .run(MEMBERS[3]);
    const again = await deliverEvent(system, event);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(clinics()).toEqual([
      { id: 'VR500103-320367', clinicId: 'CL500105-02' },
      { id: 'VR500103-977550', clinicId: 'CL500105-01' },
    ]);
    expect(processed()).toBe(1);
  });

  it('says so when no member has a record', async () => {
    const answer = await deliverEvent(
      system,
      addressChangedEvent({
        householdId: HOUSEHOLD,
        memberCitizenIds: MEMBERS.slice(0, 2),
        from: FROM,
        to: TO,
      }),
    );
    expect(answer.body).toEqual({
      status: 'APPLIED',
      actions: [expect.stringContaining('nothing to re-assign')],
    });
  });

  it('refuses an address no clinic serves, changing and remembering nothing', async () => {
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
    expect(answer.body.error.code).toBe('NO_CLINIC_FOR_ADDRESS');
    expect(clinics().map((record) => record.clinicId)).toEqual(['CL500103-01', 'CL500103-01']);
    expect(processed()).toBe(0);
  });

  it('refuses an event type it does not take and a payload that is not a move', async () => {
    const event = addressChangedEvent({
      householdId: HOUSEHOLD,
      memberCitizenIds: MEMBERS,
      from: FROM,
      to: TO,
    });
    const other = await deliverEvent(system, { ...event, type: 'person.renamed' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('UNSUPPORTED_EVENT_TYPE');
    const malformed = await deliverEvent(system, { ...event, payload: { householdId: HOUSEHOLD } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_REQUEST');
    expect(processed()).toBe(0);
  });
});
