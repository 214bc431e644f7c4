import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCitizenId, parseCitizenId } from '../../lib/citizenId.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { buildDepartmentSystem } from './server.ts';

const callers = await createTestCallers('public-security');
/** Who registers births in the newborn errand: the service-center, for the applicant. */
const SERVICE_CENTER = serviceCenterFor('500112199008316983');

let system: DepartmentSystem;

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => '2026-11-20',
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

const post = async (
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
  caller: TestCaller | null = SERVICE_CENTER,
) =>
  system.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...(await callers.headersFor(caller)), ...headers },
  });
const count = (table: string) =>
  (system.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A seeded household whose head has a spouse, for registering a child in it. */
async function aFamily() {
  const households = system.db.prepare('SELECT id FROM households ORDER BY id').all() as Array<{
    id: string;
  }>;
  for (const { id } of households) {
    const response = await post('/v1/households/batch-get', { ids: [id] });
    const [household] = response.json().items;
    const members = (await post('/v1/people/batch-get', { ids: household.memberCitizenIds })).json().items;
    const head = members.find((m: { relationToHead: string }) => m.relationToHead === 'HEAD');
    const spouse = members.find((m: { relationToHead: string }) => m.relationToHead === 'SPOUSE');
    if (head && spouse && household.divisionCode.startsWith('50')) {
      const [father, mother] = head.sex === 'MALE' ? [head, spouse] : [spouse, head];
      return { household, father, mother };
    }
  }
  throw new Error('the seed has no household with a head and a spouse');
}

describe('public-security department system', () => {
  it('looks up many people in one call, leaving out unknown IDs', async () => {
    const { father, mother } = await aFamily();
    const unknown = '11010519491231002X';
    const response = await post('/v1/people/batch-get', {
      ids: [father.citizenId, unknown, mother.citizenId],
    });
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((p: { citizenId: string }) => p.citizenId);
    expect(ids.sort()).toEqual([father.citizenId, mother.citizenId].sort());
    expect(response.json().items[0].hukouDivisionCode).toMatch(/^\d{6}$/);
  });

  it('answers a household with its members, head first', async () => {
    const { household } = await aFamily();
    const [answer] = (await post('/v1/households/batch-get', { ids: [household.id] })).json().items;
    expect(answer.memberCitizenIds[0]).toBe(answer.headCitizenId);
  });

  it.each([
    [{}, 'ids'],
    [{ ids: [] }, 'ids'],
    [{ ids: 'x' }, 'ids'],
  ])('refuses the batch body %j with 400 INVALID_REQUEST naming %s', async (body, field) => {
    const response = await post('/v1/people/batch-get', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_REQUEST');
    expect(response.json().error.message).toContain(field);
  });

  it('refuses malformed JSON with 400 MALFORMED_REQUEST', async () => {
    const response = await system.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      payload: '{"ids": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_REQUEST');
  });

  describe('birth registration', () => {
    async function registration(certificate = 'Q500000001') {
      const { household, father, mother } = await aFamily();
      return {
        householdId: household.id,
        name: '王小明',
        sex: 'MALE',
        birthDate: '2026-10-03',
        fatherCitizenId: father.citizenId,
        motherCitizenId: mother.citizenId,
        birthCertificateNumber: certificate,
      };
    }

    it('issues a valid citizen ID from the household division, birth date and sex', async () => {
      const body = await registration();
      const response = await post('/v1/birth-registrations', body, {
        'idempotency-key': 'app-1/registerHukou',
      });
      expect(response.statusCode).toBe(201);
      const { citizenId } = response.json();
      const parsed = parseCitizenId(citizenId);
      expect(parsed.ok && parsed.parts).toMatchObject({
        divisionCode: body.householdId.slice(0, 6),
        birthDate: '2026-10-03',
        sex: 'MALE',
      });
      const [child] = (await post('/v1/people/batch-get', { ids: [citizenId] })).json().items;
      expect(child).toMatchObject({
        name: '王小明',
        householdId: body.householdId,
        motherCitizenId: body.motherCitizenId,
      });
    });

    it('answers a repeat with the same key with the first registration, registering once', async () => {
      const body = await registration();
      const first = await post('/v1/birth-registrations', body, { 'idempotency-key': 'k' });
      const again = await post('/v1/birth-registrations', body, { 'idempotency-key': 'k' });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const count = system.db.prepare('SELECT COUNT(*) AS n FROM birth_registrations').get() as { n: number };
      expect(count.n).toBe(1);
    });

    it('gives twins distinct IDs with the right parity', async () => {
      const first = await post(
        '/v1/birth-registrations',
        { ...(await registration('Q500000001')), sex: 'FEMALE' },
        { 'idempotency-key': 'a' },
      );
      const second = await post(
        '/v1/birth-registrations',
        { ...(await registration('Q500000002')), sex: 'FEMALE' },
        { 'idempotency-key': 'b' },
      );
      const ids = [first.json().citizenId, second.json().citizenId];
      expect(new Set(ids).size).toBe(2);
      for (const id of ids) expect(Number(id.slice(14, 17)) % 2).toBe(0);
      expect(ids.every((id) => isCitizenId(id))).toBe(true);
    });

    it('refuses a key reused for another request, a missing key, and a second registration of a certificate', async () => {
      const body = await registration();
      await post('/v1/birth-registrations', body, { 'idempotency-key': 'k' });
      const reused = await post(
        '/v1/birth-registrations',
        { ...body, name: '王小红' },
        { 'idempotency-key': 'k' },
      );
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const missing = await post('/v1/birth-registrations', body);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      const twice = await post('/v1/birth-registrations', body, { 'idempotency-key': 'other' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.code).toBe('BIRTH_ALREADY_REGISTERED');
    });

    it.each<[string, (father: string) => TestCaller | null]>([
      ['the father himself', (father) => father],
      ['a clerk who may only read', () => 'staff:public-security:public-security:read'],
      ['an anonymous caller', () => null],
    ])('refuses %s with 403 FORBIDDEN, registering no one', async (_, callerOf) => {
      const body = await registration();
      const before = count('persons');
      const refused = await post(
        '/v1/birth-registrations',
        body,
        { 'idempotency-key': 'k' },
        callerOf(body.fatherCitizenId),
      );
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
      expect([count('persons'), count('birth_registrations'), count('idempotent_writes')]).toEqual([
        before,
        0,
        0,
      ]);
    });

    it('registers for a clerk holding public-security:write', async () => {
      const clerk = 'staff:public-security:public-security:read,public-security:write';
      const response = await post(
        '/v1/birth-registrations',
        await registration(),
        { 'idempotency-key': 'k' },
        clerk,
      );
      expect(response.statusCode).toBe(201);
      expect(count('birth_registrations')).toBe(1);
    });

    it('writes nothing when it refuses a registration', async () => {
      const before = (system.db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
      const body = { ...(await registration()), householdId: '500103-999999' };
      const response = await post('/v1/birth-registrations', body, { 'idempotency-key': 'k' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('HOUSEHOLD_NOT_FOUND');
      const invalid = await post(
        '/v1/birth-registrations',
        { ...body, birthDate: '2026-13-01' },
        { 'idempotency-key': 'k2' },
      );
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.message).toContain('birthDate');
      expect((system.db.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n).toBe(before);
      expect(
        (system.db.prepare('SELECT COUNT(*) AS n FROM idempotent_writes').get() as { n: number }).n,
      ).toBe(0);
    });
  });
});
