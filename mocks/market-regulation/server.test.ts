import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseView, RepresentationView } from '../../schema/market-regulation/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { marketRegulationSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The interesting records are picked from the seed itself, so the test follows the seed as it changes.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, marketRegulationSeed);
const licensedCodes = new Set(seed['food-licences'].map((l) => l.creditCode));
const unlicensed = seed.enterprises.find(
  (e) => e.industry === 'CATERING' && !licensedCodes.has(e.creditCode),
);
const listed = seed.enterprises.find((e) => e.creditCode === seed['dishonesty-list'][0]?.creditCode);
const authorisation = seed.authorisations.find((a) => a.validUntil >= '2026-11-20');
const lapsed = seed.authorisations.find((a) => a.validUntil < '2026-11-20');
if (!unlicensed || !listed || !authorisation || !lapsed)
  throw new Error('the market-regulation seed lacks a scenario');
const representativeOf = (code: string) =>
  seed.enterprises.find((e) => e.creditCode === code)?.legalRepresentativeCitizenId as string;

const TODAY = '2026-11-20';
const callers = await createTestCallers('market-regulation');
const SERVICE_CENTER = serviceCenterFor(unlicensed.legalRepresentativeCitizenId);

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => TODAY,
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

async function post(url: string, payload: unknown, key?: string, caller: TestCaller | null = SERVICE_CENTER) {
  return system.app.inject({
    method: 'POST',
    url,
    headers: { ...(await callers.headersFor(caller)), ...(key ? { 'idempotency-key': key } : {}) },
    payload: payload as Record<string, unknown>,
  });
}

const premises = {
  address: { divisionCode: '500105', street: '观音桥街道', community: '建新东路社区', detail: '建新东路3号' },
  floorArea: 360.5,
  seats: 120,
};

describe('who may act for an enterprise', () => {
  const ask = async (creditCode: string, citizenId: string) =>
    (await post('/v1/representations/resolve', { creditCode, citizenId })).json() as RepresentationView;

  it('is the legal representative of record, an agent under an authorisation valid today, and no one else', async () => {
    expect((await ask(listed.creditCode, listed.legalRepresentativeCitizenId)).role).toBe(
      'LEGAL_REPRESENTATIVE',
    );
    const agent = await ask(authorisation.creditCode, authorisation.agentCitizenId);
    expect(agent).toMatchObject({ role: 'AUTHORISED_AGENT', authorisation: { id: authorisation.id } });
    expect((await ask(lapsed.creditCode, lapsed.agentCitizenId)).role).toBe('NONE');
    expect((await ask(listed.creditCode, authorisation.agentCitizenId)).role).toBe('NONE');
  });
});

describe('the restaurant errand’s acts', () => {
  it('declares a name, registers the enterprise under it with a new valid credit code, then licenses its premises', async () => {
    const applicant = unlicensed.legalRepresentativeCitizenId;
    const name = '重庆测试山城小面餐饮有限公司';
    const declared = await post(
      '/v1/name-declarations',
      { name, divisionCode: '500105', applicantCitizenId: applicant },
      'k-1',
    );
    expect(declared.statusCode).toBe(201);
    expect(declared.json()).toMatchObject({ name, reservedUntil: '2026-12-20' });
    // Someone else may neither declare nor register it while it is reserved.
    const other = representativeOf(authorisation.creditCode);
    const taken = await post(
      '/v1/name-declarations',
      { name, divisionCode: '500105', applicantCitizenId: other },
      'k-2',
    );
    expect(taken.json()).toMatchObject({ error: { code: 'NAME_TAKEN', details: { holder: 'DECLARATION' } } });

    const registration = {
      name,
      type: 'LIMITED_COMPANY',
      industry: 'CATERING',
      registeredAddress: premises.address,
      businessScope: '餐饮服务',
      legalRepresentativeCitizenId: applicant,
    };
    const registered = await post('/v1/enterprises', registration, 'k-3');
    expect(registered.statusCode).toBe(201);
    const enterprise = registered.json() as EnterpriseView;
    expect(enterprise.creditCode).toMatch(/^91500105MB\d{7}[0-9A-Y]$/);
    const again = await post('/v1/enterprises', registration, 'k-3');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(enterprise);

    const licence = await post(
      '/v1/food-licences',
      { creditCode: enterprise.creditCode, premises, businessItems: ['HOT_FOOD'] },
      'k-4',
    );
    expect(licence.statusCode).toBe(201);
    expect(licence.json()).toMatchObject({
      number: expect.stringMatching(/^JY2500105\d{7}$/),
      validUntil: '2031-11-19',
    });
    const [stored] = (
      (await post('/v1/enterprises/batch-get', { ids: [enterprise.creditCode] }, undefined, null)).json() as {
        items: EnterpriseView[];
      }
    ).items;
    expect(stored?.foodLicences.map((l) => l.premises.floorArea)).toEqual([360.5]);
  });

  it('refuses the dishonest company’s representative as the representative of a new enterprise, writing nothing', async () => {
    const response = await post(
      '/v1/enterprises',
      {
        name: '重庆测试新开商贸有限公司',
        type: 'LIMITED_COMPANY',
        industry: 'RETAIL',
        registeredAddress: premises.address,
        businessScope: '日用百货销售',
        legalRepresentativeCitizenId: listed.legalRepresentativeCitizenId,
      },
      'k-5',
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'REPRESENTATIVE_RESTRICTED' } });
  });

  it.each([
    ['a citizen', unlicensed.legalRepresentativeCitizenId],
    ['a clerk without the write scope', 'staff:market-regulation:market-regulation:read'],
  ])('refuses %s the acts (403 FORBIDDEN), nothing written', async (_, caller) => {
    const body = { creditCode: unlicensed.creditCode, premises, businessItems: ['HOT_FOOD'] };
    const refused = await post('/v1/food-licences', body, 'k-6', caller);
    expect(refused.statusCode).toBe(403);
    const [stored] = (
      (await post('/v1/enterprises/batch-get', { ids: [unlicensed.creditCode] }, undefined, null)).json() as {
        items: EnterpriseView[];
      }
    ).items;
    expect(stored?.foodLicences).toEqual([]);
  });
});
