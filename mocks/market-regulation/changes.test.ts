import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  EnterpriseRegistrationChanges,
  EnterpriseView,
  RegistrationChangeView,
} from '../../schema/market-regulation/contract.ts';
import { ENTERPRISE_REGISTRATION_CHANGED } from '../../schema/market-regulation/events.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { marketRegulationSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT, type MarketRegulationDepartmentSystem } from './server.ts';

// The records are picked from the seed itself, so the test follows the seed as it changes.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, marketRegulationSeed);
const listed = seed.enterprises.find((e) => e.creditCode === seed['dishonesty-list'][0]?.creditCode);
const TODAY = '2026-11-20';
const licenceAtHome = seed['food-licences'].find((licence) => {
  const holder = seed.enterprises.find((e) => e.creditCode === licence.creditCode);
  return (
    licence.validUntil >= TODAY &&
    holder?.status === 'ACTIVE' &&
    JSON.stringify(holder.registeredAddress) === JSON.stringify(licence.premises.address)
  );
});
const restaurant = seed.enterprises.find((e) => e.creditCode === licenceAtHome?.creditCode);
const other = seed.enterprises.find(
  (e) =>
    e.status === 'ACTIVE' && e.creditCode !== restaurant?.creditCode && e.creditCode !== listed?.creditCode,
);
const revoked = seed.enterprises.find((e) => e.status === 'REVOKED');
if (!listed || !licenceAtHome || !restaurant || !other || !revoked)
  throw new Error('the market-regulation seed lacks a scenario');

const NEW_ADDRESS = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};
const callers = await createTestCallers('market-regulation');
const SERVICE_CENTER = serviceCenterFor(restaurant.legalRepresentativeCitizenId);

let system: MarketRegulationDepartmentSystem;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  system = buildDepartmentSystem({
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    today: () => TODAY,
    trust: callers.trust,
    // Subscribers that never answer: deliveries stay pending, as while a department is down.
    departmentSystemUrls: {
      'fire-rescue': 'http://fire-rescue-system.invalid',
      'urban-management': 'http://urban-management-system.invalid',
    },
    relay: { pollIntervalMs: 60_000, baseDelayMs: 60_000, maxDelayMs: 60_000 },
  });
});
afterEach(async () => {
  await system.app.close();
  nock.cleanAll();
});

async function post(url: string, payload: unknown, key?: string, caller: TestCaller | null = SERVICE_CENTER) {
  return system.app.inject({
    method: 'POST',
    url,
    headers: { ...(await callers.headersFor(caller)), ...(key ? { 'idempotency-key': key } : {}) },
    payload: payload as Record<string, unknown>,
  });
}

const changeOf = (code: string, body: unknown, key: string, caller?: TestCaller | null) =>
  post(`/v1/enterprises/${code}/changes`, body, key, caller);

async function enterprise(code: string): Promise<EnterpriseView | undefined> {
  const answer = await post('/v1/enterprises/batch-get', { ids: [code] });
  return (answer.json() as { items: EnterpriseView[] }).items[0];
}

const outboxRows = () =>
  (system.db.prepare('SELECT COUNT(*) AS n FROM outbox_events').get() as { n: number }).n;

describe('a registration change at market regulation', () => {
  it('moves the register and the licence at the old address together, and announces it to fire rescue and urban management', async () => {
    const response = await changeOf(
      restaurant.creditCode,
      { name: '重庆测试变更后餐饮有限公司', registeredAddress: NEW_ADDRESS },
      'change-1',
    );
    expect(response.statusCode).toBe(201);
    const change = response.json() as RegistrationChangeView;
    expect(change).toMatchObject({ creditCode: restaurant.creditCode, sequence: 1 });
    expect(change.changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['NAME', restaurant.name, '重庆测试变更后餐饮有限公司'],
      [
        'REGISTERED_ADDRESS',
        expect.stringContaining(restaurant.registeredAddress.detail),
        '重庆市江北区观音桥街道建新东路社区建新东路3号',
      ],
    ]);
    const [own, ...subscribers] = change.deliveries;
    expect(own).toMatchObject({ department: 'market-regulation', status: 'APPLIED' });
    expect(own?.actions).toContain(
      `Food business licence ${licenceAtHome.number} now covers the premises at 重庆市江北区观音桥街道建新东路社区建新东路3号.`,
    );
    expect(subscribers.map((d) => [d.department, d.status])).toEqual([
      ['fire-rescue', 'PENDING'],
      ['urban-management', 'PENDING'],
    ]);

    const stored = await enterprise(restaurant.creditCode);
    expect(stored).toMatchObject({ name: '重庆测试变更后餐饮有限公司', registeredAddress: NEW_ADDRESS });
    expect(stored?.foodLicences.find((l) => l.number === licenceAtHome.number)?.premises.address).toEqual(
      NEW_ADDRESS,
    );
    const envelope = system.db
      .prepare('SELECT type, payload FROM outbox_events WHERE id = ?')
      .get(change.id) as { type: string; payload: string };
    expect(envelope.type).toBe(ENTERPRISE_REGISTRATION_CHANGED);
    expect(JSON.parse(envelope.payload)).toMatchObject({
      creditCode: restaurant.creditCode,
      sequence: 1,
      name: { from: restaurant.name, to: '重庆测试变更后餐饮有限公司' },
      registeredAddress: { from: restaurant.registeredAddress, to: NEW_ADDRESS },
      legalRepresentative: null,
    });
  });

  it('answers a repeat with the change as it stands, numbers the next change 2, and lists them newest first', async () => {
    const first = (await changeOf(restaurant.creditCode, { name: '重庆测试一次餐饮有限公司' }, 'k-1')).json();
    const again = await changeOf(restaurant.creditCode, { name: '重庆测试一次餐饮有限公司' }, 'k-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ id: first.id, sequence: 1 });
    const second = await changeOf(
      restaurant.creditCode,
      { legalRepresentativeCitizenId: other.legalRepresentativeCitizenId },
      'k-2',
    );
    expect(second.json()).toMatchObject({
      sequence: 2,
      changes: [
        {
          field: 'LEGAL_REPRESENTATIVE',
          from: restaurant.legalRepresentativeCitizenId,
          to: other.legalRepresentativeCitizenId,
        },
      ],
    });
    const listed = (
      await post('/v1/registration-changes/by-enterprise', { ids: [restaurant.creditCode, other.creditCode] })
    ).json() as { items: EnterpriseRegistrationChanges[] };
    expect(listed.items.map((item) => [item.creditCode, item.changes.map((c) => c.sequence)])).toEqual([
      [restaurant.creditCode, [2, 1]],
      [other.creditCode, []],
    ]);
  });

  it.each([
    [
      'an enterprise the register lacks',
      '91500103MA0000000Q',
      { name: '重庆测试无名有限公司' },
      404,
      'ENTERPRISE_NOT_FOUND',
    ],
    [
      'a revoked enterprise',
      revoked.creditCode,
      { name: '重庆测试吊销后有限公司' },
      422,
      'ENTERPRISE_NOT_ACTIVE',
    ],
    ['another enterprise’s name', restaurant.creditCode, { name: other.name }, 409, 'NAME_TAKEN'],
    [
      'an address outside the municipality',
      restaurant.creditCode,
      { registeredAddress: { ...NEW_ADDRESS, divisionCode: '510107' } },
      422,
      'ADDRESS_OUTSIDE_MUNICIPALITY',
    ],
    [
      'a representative of a listed enterprise',
      restaurant.creditCode,
      { legalRepresentativeCitizenId: listed.legalRepresentativeCitizenId },
      422,
      'REPRESENTATIVE_RESTRICTED',
    ],
    [
      'nothing but what the register says',
      restaurant.creditCode,
      { name: restaurant.name, registeredAddress: restaurant.registeredAddress },
      422,
      'NOTHING_TO_CHANGE',
    ],
    ['nothing at all', restaurant.creditCode, {}, 422, 'NOTHING_TO_CHANGE'],
  ])('refuses %s, writing nothing', async (_, code, body, status, errorCode) => {
    const response = await changeOf(code, body, 'refused');
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code: errorCode } });
    expect(outboxRows()).toBe(0);
    expect(await enterprise(restaurant.creditCode)).toMatchObject({
      name: restaurant.name,
      registeredAddress: restaurant.registeredAddress,
      legalRepresentativeCitizenId: restaurant.legalRepresentativeCitizenId,
    });
  });

  it('refuses a citizen, even the legal representative, who is not the service-center (403), writing nothing', async () => {
    const response = await changeOf(
      restaurant.creditCode,
      { name: '重庆测试自改餐饮有限公司' },
      'self',
      restaurant.legalRepresentativeCitizenId,
    );
    expect(response.statusCode).toBe(403);
    expect(outboxRows()).toBe(0);
  });

  it('lets an enterprise take a name its own representative reserved', async () => {
    const name = '重庆测试预留变更餐饮有限公司';
    await post(
      '/v1/name-declarations',
      { name, divisionCode: '500105', applicantCitizenId: restaurant.legalRepresentativeCitizenId },
      'declare',
    );
    expect((await changeOf(restaurant.creditCode, { name }, 'take-own')).statusCode).toBe(201);
    expect(
      (await changeOf(other.creditCode, { name: '重庆测试预留变更二号有限公司' }, 'other')).statusCode,
    ).toBe(201);
  });
});
