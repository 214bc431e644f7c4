import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DrainagePermitView,
  EnterpriseRecords,
  SignboardView,
} from '../../schema/urban-management/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { marketRegulationSeed } from '../market-regulation/records.ts';
import { urbanManagementSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The interesting records are picked from the seeds themselves, so the test follows them as they change.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, urbanManagementSeed);
const register = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const held = new Set(seed.signboards.map((s) => s.creditCode));
const newcomer = register.enterprises.find((e) => e.industry === 'CATERING' && !held.has(e.creditCode));
const signboarded = seed.signboards[0];
if (!newcomer || !signboarded) throw new Error('the urban-management seed lacks a scenario');
const permitOfSignboarded = seed['drainage-permits'].find((p) => p.creditCode === signboarded.creditCode);

const TODAY = '2026-11-20';
const callers = await createTestCallers('urban-management');
const applicant = newcomer.legalRepresentativeCitizenId;
const SERVICE_CENTER = serviceCenterFor(applicant);

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

async function recordsOf(creditCode: string): Promise<EnterpriseRecords | undefined> {
  const answer = await post('/v1/enterprise-records/batch-get', { ids: [creditCode] }, undefined, null);
  return (answer.json() as { items: EnterpriseRecords[] }).items[0];
}

const address = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};
const signboard = (width: number, height: number, frontageWidth = 8) => ({
  creditCode: newcomer.creditCode,
  address,
  text: '山城小面',
  size: { width, height, frontageWidth },
  applicantCitizenId: applicant,
});
const permit = (dailyVolume: number) => ({
  creditCode: newcomer.creditCode,
  address,
  dailyVolume,
  applicantCitizenId: applicant,
});

describe('an enterprise’s records', () => {
  it('answers the seeded signboard and permit of a licensed restaurant, and nothing for an enterprise without', async () => {
    const records = await recordsOf(signboarded.creditCode);
    expect(records?.signboards.map((s) => s.id)).toContain(signboarded.id);
    expect(records?.drainagePermits.map((p) => p.number)).toContain(permitOfSignboarded?.number);
    expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
  });
});

describe('the restaurant errand’s acts', () => {
  it('registers a signboard within the rules once per key, and refuses a second on the same premises', async () => {
    const registered = await post('/v1/signboards', signboard(6, 1.2), 'k-1');
    expect(registered.statusCode).toBe(201);
    const view = registered.json() as SignboardView;
    expect(view).toMatchObject({
      id: expect.stringMatching(/^ZP500105-\d{6}$/),
      area: 7.2,
      registeredOn: TODAY,
    });
    const again = await post('/v1/signboards', signboard(6, 1.2), 'k-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(view);
    const second = await post('/v1/signboards', signboard(5, 1), 'k-2');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      error: { code: 'SIGNBOARD_EXISTS', details: { signboardId: view.id } },
    });
    expect((await recordsOf(newcomer.creditCode))?.signboards).toEqual([view]);
  });

  it.each([
    ['wider than its frontage', signboard(9, 1.2, 8), ['WIDER_THAN_FRONTAGE']],
    ['taller than 1.5 m', signboard(4, 1.8, 8), ['TALLER_THAN_LIMIT']],
    ['larger than 20 m²', signboard(16, 1.5, 18), ['AREA_OVER_LIMIT']],
  ])('refuses a signboard %s, naming the rule, writing nothing', async (_, request, rules) => {
    const refused = await post('/v1/signboards', request, 'k-3');
    expect(refused.statusCode).toBe(422);
    const { error } = refused.json() as {
      error: { code: string; details: { violations: Array<{ rule: string }> } };
    };
    expect(error.code).toBe('SIGNBOARD_OVERSIZE');
    expect(error.details.violations.map((v) => v.rule)).toEqual(rules);
    expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
  });

  it('assesses a signboard’s size for anyone before any act, every broken rule named', async () => {
    const answer = await post(
      '/v1/signboards/assess',
      { width: 20, height: 2, frontageWidth: 12 },
      undefined,
      null,
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      allowed: false,
      violations: [
        { rule: 'WIDER_THAN_FRONTAGE', limit: 12, actual: 20 },
        { rule: 'TALLER_THAN_LIMIT', limit: 1.5, actual: 2 },
        { rule: 'AREA_OVER_LIMIT', limit: 20, actual: 40 },
      ],
    });
  });

  it('issues a drainage permit for five years, refuses a second one valid on the same premises', async () => {
    const issued = await post('/v1/drainage-permits', permit(4.5), 'k-4');
    expect(issued.statusCode).toBe(201);
    const view = issued.json() as DrainagePermitView;
    expect(view).toMatchObject({
      number: expect.stringMatching(/^PS500105-2026-\d{4}$/),
      issuedOn: TODAY,
      validUntil: '2031-11-19',
      dailyVolume: 4.5,
    });
    const second = await post('/v1/drainage-permits', permit(6), 'k-5');
    expect(second.json()).toMatchObject({
      error: { code: 'DRAINAGE_PERMIT_EXISTS', details: { permitNumber: view.number } },
    });
  });

  it.each([0, -3])(
    'refuses a daily volume of %s m³ (DAILY_VOLUME_NOT_POSITIVE), writing nothing',
    async (volume) => {
      const refused = await post('/v1/drainage-permits', permit(volume), 'k-6');
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'DAILY_VOLUME_NOT_POSITIVE' } });
      expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
    },
  );

  it.each([
    ['a citizen', applicant],
    ['a clerk without the write scope', 'staff:urban-management:urban-management:read'],
  ])('refuses %s the acts (403 FORBIDDEN), nothing written', async (_, caller) => {
    expect((await post('/v1/signboards', signboard(6, 1.2), 'k-7', caller)).statusCode).toBe(403);
    expect((await post('/v1/drainage-permits', permit(4.5), 'k-8', caller)).statusCode).toBe(403);
    expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
  });

  it('lets a clerk with urban-management:write act', async () => {
    const done = await post(
      '/v1/drainage-permits',
      permit(2),
      'k-9',
      'staff:urban-management:urban-management:write',
    );
    expect(done.statusCode).toBe(201);
  });
});
