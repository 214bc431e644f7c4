import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { departmentTestAccess } from '../kit/testing.ts';
import { addressChangedEvent, deliverEvent } from '../public-security/testing.ts';
import { buildDepartmentSystem } from './server.ts';

const access = await departmentTestAccess('civil-affairs');

// A 低保 household of the seed, its case administered by 南岸区 (500108).
const HOUSEHOLD = '500108-678801';
const CASE = 'DB500108-0281';
const MEMBERS = ['500108198902072304', '500108198703019295', '500108201602056198', '500108202005146384'];
const FROM = { divisionCode: '500108', street: '南坪街道', community: '南坪社区', detail: '南坪路1号' };
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

const jurisdiction = () =>
  (
    system.db.prepare('SELECT division_code AS code FROM assistance_cases WHERE id = ?').get(CASE) as {
      code: string;
    }
  ).code;
const transfers = () =>
  system.db
    .prepare(
      'SELECT case_id AS caseId, from_division_code AS fromCode, to_division_code AS toCode FROM assistance_case_transfers',
    )
    .all();

describe('civil affairs: household address changed', () => {
  it('transfers the household’s active assistance case to the new jurisdiction, once', async () => {
    const event = addressChangedEvent({
      householdId: HOUSEHOLD,
      memberCitizenIds: MEMBERS,
      from: FROM,
      to: TO,
    });
    const answer = await deliverEvent(system, event);
    expect(answer.body).toEqual({
      status: 'APPLIED',
      actions: [
        `Assistance case ${CASE} transferred from the civil-affairs office of 南岸区 (500108) to that of 江北区 (500105).`,
      ],
    });
    expect(jurisdiction()).toBe('500105');
    expect(transfers()).toEqual([{ caseId: CASE, fromCode: '500108', toCode: '500105' }]);
    const again = await deliverEvent(system, event);
    expect(again.body).toEqual(answer.body);
    expect(transfers()).toHaveLength(1);
  });

  it('keeps the case where it is for a move within the division', async () => {
    const answer = await deliverEvent(
      system,
      addressChangedEvent({
        householdId: HOUSEHOLD,
        memberCitizenIds: MEMBERS,
        from: FROM,
        to: { ...TO, divisionCode: '500108', street: '弹子石街道' },
      }),
    );
    expect(answer.body.actions).toEqual([
      expect.stringContaining('stays with the civil-affairs office of 南岸区'),
    ]);
    expect(jurisdiction()).toBe('500108');
  });

  it('has nothing to move for a household without assistance', async () => {
    const answer = await deliverEvent(
      system,
      addressChangedEvent({
        householdId: '500103-396901',
        memberCitizenIds: ['500103198910149170'],
        from: FROM,
        to: TO,
      }),
    );
    expect(answer.body.actions).toEqual([expect.stringContaining('receives no social assistance')]);
  });
});
