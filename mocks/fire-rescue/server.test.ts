import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseFireRecords, FireSafetyCheckView } from '../../schema/fire-rescue/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readSeed } from '../kit/seed.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { marketRegulationSeed } from '../market-regulation/records.ts';
import { LARGE_PREMISES_FLOOR_AREA } from './inspection.ts';
import { fireRescueSeed } from './records.ts';
import { buildDepartmentSystem, DEPARTMENT } from './server.ts';

// The interesting records are picked from the seed itself, so the test follows the seed as it changes.
const seed = readSeed(DEFAULT_SEED_DIR, DEPARTMENT, fireRescueSeed);
const market = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const booked = seed['fire-safety-checks'].find((c) => c.status === 'BOOKED');
const commitment = seed['fire-safety-checks'].find((c) => c.kind === 'COMMITMENT');
const withPremises = new Set(seed.premises.map((p) => p.creditCode));
const newcomer = market.enterprises.find((e) => e.industry === 'CATERING' && !withPremises.has(e.creditCode));
if (!booked || !commitment || !newcomer) throw new Error('the fire-rescue seed lacks a scenario');

const TODAY = '2026-11-20';
const callers = await createTestCallers('fire-rescue');
const operator = newcomer.legalRepresentativeCitizenId;
const SERVICE_CENTER = serviceCenterFor(operator);
const INSPECTOR = 'staff:fire-rescue:fire-rescue:write';

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

const request = (floorArea: number, detail = '建新东路3号') => ({
  creditCode: newcomer.creditCode,
  applicantCitizenId: operator,
  premises: {
    address: { divisionCode: '500105', street: '观音桥街道', community: '建新东路社区', detail },
    floorArea,
    seats: 80,
  },
});

async function recordsOf(creditCode: string): Promise<EnterpriseFireRecords | undefined> {
  const answer = await post('/v1/enterprises/fire-records/batch-get', { ids: [creditCode] }, undefined, null);
  return (answer.json() as { items: EnterpriseFireRecords[] }).items[0];
}

describe('whether premises need an on-site inspection', () => {
  it('draws the line at fire rescue’s threshold: at it a commitment, above it an inspection', async () => {
    const at = await post('/v1/inspection-requirements/resolve', { floorArea: LARGE_PREMISES_FLOOR_AREA });
    expect(at.json()).toEqual({
      floorArea: LARGE_PREMISES_FLOOR_AREA,
      kind: 'COMMITMENT',
      thresholdFloorArea: LARGE_PREMISES_FLOOR_AREA,
    });
    const above = await post('/v1/inspection-requirements/resolve', {
      floorArea: LARGE_PREMISES_FLOOR_AREA + 0.5,
    });
    expect(above.json()).toMatchObject({ kind: 'ON_SITE_INSPECTION' });
  });
});

describe('the restaurant errand’s fire safety check', () => {
  it('accepts a small restaurant’s commitment at once, registering its premises, and refuses a second check of them', async () => {
    const filed = await post('/v1/fire-safety-checks/commitments', request(120), 'k-1');
    expect(filed.statusCode).toBe(201);
    const check = filed.json() as FireSafetyCheckView;
    expect(check).toMatchObject({ kind: 'COMMITMENT', status: 'ACCEPTED', dueAt: null, findings: [] });
    expect(check.decidedAt).toBe(check.requestedAt);
    expect(check.requestedAt.slice(0, 10)).toBe(TODAY);
    const again = await post('/v1/fire-safety-checks/commitments', request(120), 'k-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(check);
    const second = await post('/v1/fire-safety-checks/inspections', request(120), 'k-2');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      error: { code: 'FIRE_SAFETY_CHECK_EXISTS', details: { checkId: check.id } },
    });
    const records = await recordsOf(newcomer.creditCode);
    expect(records?.premises).toEqual([
      expect.objectContaining({ id: check.premisesId, floorArea: 120, inspectionRequired: false }),
    ]);
    expect(records?.checks).toEqual([check]);
  });

  it('refuses a large restaurant’s commitment, books its inspection due in 14 days, and takes the inspector’s result', async () => {
    const refused = await post('/v1/fire-safety-checks/commitments', request(480), 'k-3');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'INSPECTION_REQUIRED', details: { thresholdFloorArea: LARGE_PREMISES_FLOOR_AREA } },
    });
    expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
    const bookedNow = (
      await post('/v1/fire-safety-checks/inspections', request(480), 'k-4')
    ).json() as FireSafetyCheckView;
    expect(bookedNow).toMatchObject({
      kind: 'ON_SITE_INSPECTION',
      status: 'BOOKED',
      dueAt: '2026-12-04T18:00:00+08:00',
      decidedAt: null,
    });
    // The service-center books; only the inspector decides.
    const bySelf = await post(
      `/v1/fire-safety-checks/${bookedNow.id}/result`,
      { outcome: 'PASSED', findings: [] },
      'k-5',
    );
    expect(bySelf.statusCode).toBe(403);
    const failed = await post(
      `/v1/fire-safety-checks/${bookedNow.id}/result`,
      { outcome: 'FAILED', findings: ['安全出口处堆放杂物'] },
      'k-6',
      INSPECTOR,
    );
    expect(failed.json()).toMatchObject({ status: 'FAILED', findings: ['安全出口处堆放杂物'] });
    // After a failure the premises may be inspected again.
    const rebooked = await post('/v1/fire-safety-checks/inspections', request(480), 'k-7');
    expect(rebooked.statusCode).toBe(201);
    expect((await recordsOf(newcomer.creditCode))?.checks.map((c) => c.status)).toEqual(['BOOKED', 'FAILED']);
  });

  it('passes a seeded booked inspection, and refuses a result for a commitment or a decided inspection', async () => {
    const passed = await post(
      `/v1/fire-safety-checks/${booked.id}/result`,
      { outcome: 'PASSED', findings: [] },
      'k-8',
      INSPECTOR,
    );
    expect(passed.statusCode).toBe(200);
    expect(passed.json()).toMatchObject({
      id: booked.id,
      status: 'PASSED',
      decidedAt: expect.stringMatching(/^2026-11-20T/),
    });
    for (const id of [booked.id, commitment.id]) {
      const refused = await post(
        `/v1/fire-safety-checks/${id}/result`,
        { outcome: 'PASSED', findings: [] },
        `k-9-${id}`,
        INSPECTOR,
      );
      expect(refused.json()).toMatchObject({ error: { code: 'INSPECTION_NOT_BOOKED' } });
    }
    const noFindings = await post(
      `/v1/fire-safety-checks/${booked.id}/result`,
      { outcome: 'FAILED', findings: [] },
      'k-10',
      INSPECTOR,
    );
    expect(noFindings.json()).toMatchObject({ error: { code: 'FINDINGS_REQUIRED' } });
  });

  it.each([
    ['a citizen', operator],
    ['a clerk without the write scope', 'staff:fire-rescue:fire-rescue:read'],
  ])('refuses %s the acts (403 FORBIDDEN), nothing written', async (_, caller) => {
    const refused = await post('/v1/fire-safety-checks/commitments', request(120), 'k-11', caller);
    expect(refused.statusCode).toBe(403);
    const result = await post(
      `/v1/fire-safety-checks/${booked.id}/result`,
      { outcome: 'PASSED', findings: [] },
      'k-12',
      caller,
    );
    expect(result.statusCode).toBe(403);
    expect(await recordsOf(newcomer.creditCode)).toBeUndefined();
    const seeded = await recordsOf(booked.creditCode);
    expect(seeded?.checks.find((c) => c.id === booked.id)?.status).toBe('BOOKED');
  });
});
