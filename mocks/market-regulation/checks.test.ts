import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  EnterpriseView,
  RegistrationCheckRequest,
  RegistrationCheckView,
} from '../../schema/market-regulation/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor } from '../kit/testing.ts';
import { marketRegulationSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The records are picked from the seed itself, so the test follows the seed as it changes.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, marketRegulationSeed);
const listed = seed.enterprises.find((e) => e.creditCode === seed['dishonesty-list'][0]?.creditCode);
const [restaurant, other] = seed.enterprises.filter(
  (e) => e.industry === 'CATERING' && e.status === 'ACTIVE' && e.creditCode !== listed?.creditCode,
);
const revoked = seed.enterprises.find((e) => e.status === 'REVOKED');
if (!listed || !restaurant || !other || !revoked)
  throw new Error('the market-regulation seed lacks a scenario');
const UNKNOWN = '91500103MA0000000Q';
const inTown = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};

const TODAY = '2026-11-20';
const callers = await createTestCallers('market-regulation');
const SERVICE_CENTER = serviceCenterFor(restaurant.legalRepresentativeCitizenId);

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

async function post(url: string, payload: unknown, key?: string) {
  return system.app.inject({
    method: 'POST',
    url,
    headers: { ...(await callers.headersFor(SERVICE_CENTER)), ...(key ? { 'idempotency-key': key } : {}) },
    payload: payload as Record<string, unknown>,
  });
}

async function check(request: RegistrationCheckRequest): Promise<RegistrationCheckView> {
  const response = await post('/v1/registration-checks', request);
  expect(response.statusCode).toBe(200);
  return response.json() as RegistrationCheckView;
}

describe('a registration check', () => {
  it('finds nothing wrong with a change the register allows', async () => {
    expect(
      await check({
        creditCode: restaurant.creditCode,
        name: '重庆核验无碍餐饮有限公司',
        registeredAddress: inTown,
        legalRepresentativeCitizenId: other.legalRepresentativeCitizenId,
      }),
    ).toEqual({ violations: [] });
  });

  it('names every rule a proposal breaks at once, with the enterprise each concerns', async () => {
    const { violations } = await check({
      creditCode: restaurant.creditCode,
      name: other.name,
      registeredAddress: { ...inTown, divisionCode: '510107' },
      legalRepresentativeCitizenId: listed.legalRepresentativeCitizenId,
    });
    expect(violations).toEqual([
      { rule: 'NAME_TAKEN', creditCode: other.creditCode, enterpriseName: other.name },
      { rule: 'ADDRESS_OUTSIDE_MUNICIPALITY', creditCode: null, enterpriseName: null },
      { rule: 'REPRESENTATIVE_RESTRICTED', creditCode: listed.creditCode, enterpriseName: listed.name },
    ]);
  });

  it('does not hold an enterprise’s own name, or its own listing, against its own change', async () => {
    expect(await check({ creditCode: restaurant.creditCode, name: restaurant.name })).toEqual({
      violations: [],
    });
    expect(
      await check({
        creditCode: listed.creditCode,
        legalRepresentativeCitizenId: listed.legalRepresentativeCitizenId,
      }),
    ).toEqual({ violations: [] });
    // A new registration under a taken name is refused, the holder named.
    expect((await check({ name: restaurant.name })).violations).toEqual([
      { rule: 'NAME_TAKEN', creditCode: restaurant.creditCode, enterpriseName: restaurant.name },
    ]);
  });

  it('holds a name another applicant’s declaration reserves, but not the proposed representative’s own', async () => {
    const name = '重庆核验预留餐饮有限公司';
    const declared = await post(
      '/v1/name-declarations',
      { name, divisionCode: '500105', applicantCitizenId: other.legalRepresentativeCitizenId },
      'declare-1',
    );
    expect(declared.statusCode).toBe(201);
    expect((await check({ creditCode: restaurant.creditCode, name })).violations).toEqual([
      { rule: 'NAME_TAKEN', creditCode: null, enterpriseName: null },
    ]);
    expect(await check({ name, legalRepresentativeCitizenId: other.legalRepresentativeCitizenId })).toEqual({
      violations: [],
    });
  });

  it('names an enterprise the register lacks, or one no longer in business', async () => {
    expect((await check({ creditCode: UNKNOWN, name: '重庆核验未知餐饮有限公司' })).violations).toEqual([
      { rule: 'ENTERPRISE_NOT_FOUND', creditCode: UNKNOWN, enterpriseName: null },
    ]);
    expect((await check({ creditCode: revoked.creditCode })).violations).toEqual([
      { rule: 'ENTERPRISE_NOT_ACTIVE', creditCode: revoked.creditCode, enterpriseName: revoked.name },
    ]);
  });

  it('changes nothing: the enterprise checked stays as it was', async () => {
    await check({
      creditCode: restaurant.creditCode,
      name: '重庆核验不变餐饮有限公司',
      registeredAddress: inTown,
    });
    const answer = await post('/v1/enterprises/batch-get', { ids: [restaurant.creditCode] });
    const [stored] = (answer.json() as { items: EnterpriseView[] }).items;
    expect(stored).toMatchObject({ name: restaurant.name, registeredAddress: restaurant.registeredAddress });
  });

  it('refuses a bad credit code as an invalid request', async () => {
    const response = await post('/v1/registration-checks', { creditCode: '91500103MA3RXQW46X' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });
});
