import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseFireRecords } from '../../schema/fire-rescue/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, deliverEvent } from '../kit/testing.ts';
import { marketRegulationSeed } from '../market-regulation/records.ts';
import { registrationChangedEvent } from '../market-regulation/testing.ts';
import { fireRescueSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// Fire rescue following market regulation's registration changes: its record takes the new name and
// representative; a move supersedes the old premises' check and books an inspection of the new ones.

const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, fireRescueSeed);
const market = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const accepted = seed['fire-safety-checks'].find((c) => c.kind === 'COMMITMENT' && c.status === 'ACCEPTED');
const premises = seed.premises.find((p) => p.id === accepted?.premisesId);
const enterprise = market.enterprises.find((e) => e.creditCode === premises?.creditCode);
const withPremises = new Set(seed.premises.map((p) => p.creditCode));
const unsupervised = market.enterprises.find((e) => !withPremises.has(e.creditCode));
if (!accepted || !premises || !enterprise || !unsupervised)
  throw new Error('the fire-rescue seed lacks a scenario');

const TODAY = '2026-11-20';
const NEW_ADDRESS = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};
const NEW_REPRESENTATIVE = '500112198702182917';
const callers = await createTestCallers('fire-rescue');

let system: DepartmentSystem;
beforeEach(() => {
  system = buildDepartmentSystem({
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    today: () => TODAY,
    trust: callers.trust,
  });
});
afterEach(async () => {
  await system.app.close();
});

async function recordsOf(creditCode: string): Promise<EnterpriseFireRecords | undefined> {
  const response = await system.app.inject({
    method: 'POST',
    url: '/v1/enterprises/fire-records/batch-get',
    headers: await callers.headersFor('staff:fire-rescue:fire-rescue:read'),
    payload: { ids: [creditCode] },
  });
  return (response.json() as { items: EnterpriseFireRecords[] }).items[0];
}

const move = () =>
  registrationChangedEvent({
    creditCode: enterprise.creditCode,
    registeredAddress: { from: enterprise.registeredAddress, to: NEW_ADDRESS },
  });

describe('fire rescue following a registration change', () => {
  it('names the enterprise and its representative anew on its supervision record, touching no check', async () => {
    const event = registrationChangedEvent({
      creditCode: enterprise.creditCode,
      name: { from: enterprise.name, to: '重庆测试新名餐饮有限公司' },
      legalRepresentative: { from: enterprise.legalRepresentativeCitizenId, to: NEW_REPRESENTATIVE },
    });
    const answer = await deliverEvent(system, event);
    expect(answer.status).toBe(200);
    expect(answer.body.actions).toEqual([
      `Supervision record of premises ${premises.id} now names the enterprise 重庆测试新名餐饮有限公司.`,
      `Supervision record of premises ${premises.id} now names the new legal representative.`,
    ]);
    const records = await recordsOf(enterprise.creditCode);
    expect(records?.registration).toMatchObject({
      name: '重庆测试新名餐饮有限公司',
      legalRepresentativeCitizenId: NEW_REPRESENTATIVE,
    });
    expect(records?.checks.every((check) => check.supersededAt === null)).toBe(true);
  });

  it('on a move, supersedes the old premises’ check and books an on-site inspection of the new premises, due in 14 days', async () => {
    const answer = await deliverEvent(system, move());
    expect(answer.status).toBe(200);
    const records = await recordsOf(enterprise.creditCode);
    const [inspection] = records?.checks ?? [];
    expect(inspection).toMatchObject({
      kind: 'ON_SITE_INSPECTION',
      status: 'BOOKED',
      dueAt: '2026-12-04T18:00:00+08:00',
      applicantCitizenId: accepted.applicantCitizenId,
      supersededAt: null,
    });
    const newPremises = records?.premises.find((p) => p.id === inspection?.premisesId);
    expect(newPremises).toMatchObject({ address: NEW_ADDRESS, floorArea: premises.floorArea });
    expect(records?.checks.find((c) => c.id === accepted.id)).toMatchObject({
      status: 'ACCEPTED',
      supersededAt: expect.stringMatching(/^2026-11-20T/),
      supersededBy: inspection?.id,
    });
    expect(answer.body.actions).toEqual([
      `Booked on-site inspection ${inspection?.id} of the premises at the new registered address, due 2026-12-04T18:00:00+08:00: fire rescue has not seen them.`,
      `Fire safety check ${accepted.id} of premises ${premises.id} no longer covers the registered premises: the enterprise moved away.`,
    ]);
  });

  it('acts once per event: a repeat is answered as before and books nothing more', async () => {
    const event = move();
    const first = await deliverEvent(system, event);
    const again = await deliverEvent(system, event);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const records = await recordsOf(enterprise.creditCode);
    expect(records?.checks.filter((c) => c.status === 'BOOKED' && c.premisesId !== premises.id)).toHaveLength(
      1,
    );
  });

  it('notes an enterprise it supervises no premises of, changing nothing', async () => {
    const answer = await deliverEvent(
      system,
      registrationChangedEvent({
        creditCode: unsupervised.creditCode,
        name: { from: unsupervised.name, to: '重庆测试无场所有限公司' },
      }),
    );
    expect(answer.body.actions).toEqual([
      `Fire rescue supervises no premises of ${unsupervised.creditCode}; nothing to change.`,
    ]);
    expect(await recordsOf(unsupervised.creditCode)).toBeUndefined();
  });

  it('refuses the event signed by public security, whose events it does not take, changing nothing', async () => {
    const answer = await deliverEvent(system, move(), 'public-security');
    expect(answer.status).toBe(403);
    expect((await recordsOf(enterprise.creditCode))?.checks.every((c) => c.supersededAt === null)).toBe(true);
  });

  it('refuses a payload that is not a registration change for good (400)', async () => {
    const event = { ...move(), payload: { creditCode: enterprise.creditCode } };
    expect((await deliverEvent(system, event)).status).toBe(400);
  });
});
