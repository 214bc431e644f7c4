import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseRecords } from '../../schema/urban-management/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, deliverEvent } from '../kit/testing.ts';
import { marketRegulationSeed } from '../market-regulation/records.ts';
import { registrationChangedEvent } from '../market-regulation/testing.ts';
import { urbanManagementSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// Urban management following market regulation's registration changes: its records take the new name
// and representative; a move requires the signboard at the old address to come down.

const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, urbanManagementSeed);
const market = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const signboard = seed.signboards[0];
const enterprise = market.enterprises.find((e) => e.creditCode === signboard?.creditCode);
const held = new Set([...seed.signboards, ...seed['drainage-permits']].map((r) => r.creditCode));
const unrecorded = market.enterprises.find((e) => !held.has(e.creditCode));
if (!signboard || !enterprise || !unrecorded) throw new Error('the urban-management seed lacks a scenario');

const NEW_ADDRESS = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};
const callers = await createTestCallers('urban-management');

let system: DepartmentSystem;
beforeEach(() => {
  system = buildDepartmentSystem({ seedDir: DEFAULT_SEED_DIR, inMemory: true, trust: callers.trust });
});
afterEach(async () => {
  await system.app.close();
});

async function recordsOf(creditCode: string): Promise<EnterpriseRecords | undefined> {
  const response = await system.app.inject({
    method: 'POST',
    url: '/v1/enterprise-records/batch-get',
    headers: await callers.headersFor('staff:urban-management:urban-management:read'),
    payload: { ids: [creditCode] },
  });
  return (response.json() as { items: EnterpriseRecords[] }).items[0];
}

describe('urban management following a registration change', () => {
  it('names the enterprise anew on its signboard and permit records, and requires the signboard at the old address to come down', async () => {
    const event = registrationChangedEvent({
      creditCode: enterprise.creditCode,
      name: { from: enterprise.name, to: '重庆测试搬迁餐饮有限公司' },
      registeredAddress: { from: enterprise.registeredAddress, to: NEW_ADDRESS },
    });
    const answer = await deliverEvent(system, event);
    expect(answer.status).toBe(200);
    const records = await recordsOf(enterprise.creditCode);
    expect(records?.registration).toMatchObject({
      name: '重庆测试搬迁餐饮有限公司',
      legalRepresentativeCitizenId: null,
    });
    expect(records?.signboards.find((s) => s.id === signboard.id)).toMatchObject({
      status: 'REMOVAL_REQUIRED',
      removalRequiredAt: event.occurredAt,
    });
    expect(answer.body.actions).toContain(
      `Signboard ${signboard.id} (“${signboard.text}”) at the old registered address must be removed: the enterprise moved away.`,
    );
    expect(answer.body.actions[0]).toMatch(/now name the enterprise 重庆测试搬迁餐饮有限公司\.$/);
  });

  it('keeps the signboard when only the representative changes, and acts once per event', async () => {
    const event = registrationChangedEvent({
      creditCode: enterprise.creditCode,
      legalRepresentative: { from: enterprise.legalRepresentativeCitizenId, to: '500112198702182917' },
    });
    const first = await deliverEvent(system, event);
    const again = await deliverEvent(system, event);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const records = await recordsOf(enterprise.creditCode);
    expect(records?.registration?.legalRepresentativeCitizenId).toBe('500112198702182917');
    expect(records?.signboards.every((s) => s.status === 'REGISTERED')).toBe(true);
  });

  it('notes an enterprise it holds no record of, and refuses events signed by anyone but market regulation', async () => {
    const none = await deliverEvent(
      system,
      registrationChangedEvent({
        creditCode: unrecorded.creditCode,
        name: { from: unrecorded.name, to: '重庆测试无记录有限公司' },
      }),
    );
    expect(none.body.actions).toEqual([
      `Urban management holds no signboard or drainage permit of ${unrecorded.creditCode}; nothing to change.`,
    ]);
    const forged = await deliverEvent(
      system,
      registrationChangedEvent({
        creditCode: enterprise.creditCode,
        registeredAddress: { from: enterprise.registeredAddress, to: NEW_ADDRESS },
      }),
      'public-security',
    );
    expect(forged.status).toBe(403);
    expect((await recordsOf(enterprise.creditCode))?.signboards.every((s) => s.status === 'REGISTERED')).toBe(
      true,
    );
  });
});
