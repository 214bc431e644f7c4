import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { openDepartmentDatabase } from '../kit/database.ts';
import { readSeed } from '../kit/seed.ts';
import { createTestCallers, serviceCenterFor, type TestCaller } from '../kit/testing.ts';
import { publicSecuritySeed } from './records.ts';
import { buildDepartmentSystem, type PublicSecurityDepartmentSystem } from './server.ts';
import { loadPublicSecuritySeed, PUBLIC_SECURITY_SCHEMA } from './store.ts';

// Subscribers at hosts that never resolve, and a relay too slow to matter: these tests are about the
// change and its outbox rows, not their delivery (relay.test.ts).
const NOWHERE = { health: 'http://health.invalid', education: 'http://education.invalid' };
const HOUSEHOLD = '500103-396901';
const HEAD = '500103198910149170';
const SPOUSE = '500103199103162322';
const MOVE = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新社区',
  detail: '建新北路1号3-1',
};

/** A public-security clerk who may move households. */
const CLERK = 'staff:public-security:public-security:read,public-security:write';
const callers = await createTestCallers('public-security');

let system: PublicSecurityDepartmentSystem;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

beforeEach(() => {
  system = callers.asksAnonymouslyByDefault(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      departmentSystemUrls: NOWHERE,
      subscriptions: { health: ['household.address-changed'], education: ['household.address-changed'] },
      relay: { pollIntervalMs: 60_000, baseDelayMs: 60_000 },
      trust: callers.trust,
    }),
  );
});

afterEach(async () => {
  await system.app.close();
});

/** Asks for a move, by default as the household's head. */
const change = async (body: unknown, key = 'k1', householdId = HOUSEHOLD, caller: TestCaller | null = HEAD) =>
  system.app.inject({
    method: 'POST',
    url: `/v1/households/${householdId}/address-changes`,
    payload: body as object,
    headers: { ...(await callers.headersFor(caller)), 'idempotency-key': key },
  });

const count = (table: string) =>
  (system.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

const addressOf = (id: string) =>
  system.db
    .prepare('SELECT division_code AS divisionCode, street, community, detail FROM households WHERE id = ?')
    .get(id);

describe('household address change', () => {
  it('moves the household and writes one event with a pending delivery per subscriber, in one go', async () => {
    const before = addressOf(HOUSEHOLD);
    const response = await change({ address: MOVE });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      householdId: HOUSEHOLD,
      sequence: 1,
      from: before,
      to: MOVE,
      requestedBy: HEAD,
      deliveries: [
        { department: 'health', status: 'PENDING', attempts: 0, actions: [] },
        { department: 'education', status: 'PENDING', attempts: 0, actions: [] },
      ],
    });
    expect(addressOf(HOUSEHOLD)).toEqual(MOVE);
    const event = system.db.prepare('SELECT * FROM outbox_events').get() as Record<string, string | number>;
    expect(event).toMatchObject({
      id: body.id,
      type: 'household.address-changed',
      stream: HOUSEHOLD,
      sequence: 1,
    });
    expect(JSON.parse(event.payload as string)).toEqual({
      householdId: HOUSEHOLD,
      sequence: 1,
      from: before,
      to: MOVE,
      memberCitizenIds: [HEAD, SPOUSE, '500103201910094952', '500103202209060046'],
      occurredAt: body.requestedAt,
    });
    expect(count('event_deliveries')).toBe(2);
    // The members' hukou division follows the household.
    const [head] = (
      await system.app.inject({ method: 'POST', url: '/v1/people/batch-get', payload: { ids: [HEAD] } })
    ).json().items;
    expect(head.hukouDivisionCode).toBe('500105');
  });

  it('names every member of the moved household as a subject of its audit entry, so each sees it', async () => {
    expect((await change({ address: MOVE })).statusCode).toBe(201);
    const members = [HEAD, SPOUSE, '500103201910094952', '500103202209060046'];
    const [entry] = system.audit.entriesAbout(SPOUSE);
    expect(entry).toMatchObject({
      action: 'POST /v1/households/:householdId/address-changes',
      outcome: 201,
      subjects: [...members].sort(),
    });
    for (const member of members)
      expect(system.audit.entriesAbout(member)[0]?.requestId).toBe(entry?.requestId);
  });

  it('numbers a household’s changes in order and lists them newest first', async () => {
    await change({ address: MOVE }, 'a');
    const second = await change({ address: { ...MOVE, detail: '建新北路2号' } }, 'b', HOUSEHOLD, CLERK);
    expect(second.json()).toMatchObject({ sequence: 2, from: MOVE, requestedBy: 'staff' });
    const listed = await system.app.inject({
      method: 'POST',
      url: '/v1/address-changes/by-household',
      payload: { ids: [HOUSEHOLD, '500103-999999'] },
    });
    const items = listed.json().items;
    expect(items).toHaveLength(1);
    expect(items[0].changes.map((c: { sequence: number }) => c.sequence)).toEqual([2, 1]);
    const byId = await system.app.inject({
      method: 'POST',
      url: '/v1/address-changes/batch-get',
      payload: { ids: [second.json().id] },
    });
    expect(byId.json().items[0].id).toBe(second.json().id);
  });

  it('answers a repeat with the same key with the same change, as it stands now, changing once', async () => {
    const first = await change({ address: MOVE });
    system.db.prepare("UPDATE event_deliveries SET status = 'APPLIED', attempts = 1").run();
    const again = await change({ address: MOVE });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().deliveries.map((d: { status: string }) => d.status)).toEqual(['APPLIED', 'APPLIED']);
    expect(count('outbox_events')).toBe(1);
    const reused = await change({ address: { ...MOVE, detail: '别处' } });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each<[string, unknown, string, TestCaller | null, number, string]>([
    ['an unknown household', { address: MOVE }, '500103-999999', CLERK, 404, 'HOUSEHOLD_NOT_FOUND'],
    ['a member who is not the head', { address: MOVE }, HOUSEHOLD, SPOUSE, 403, 'NOT_HOUSEHOLD_HEAD'],
    [
      'a member who is not the head, whatever the body says',
      { address: MOVE, requestedBy: HEAD },
      HOUSEHOLD,
      SPOUSE,
      403,
      'NOT_HOUSEHOLD_HEAD',
    ],
    ['a clerk who may only read', { address: MOVE }, HOUSEHOLD, 'staff:public-security', 403, 'FORBIDDEN'],
    [
      'a clerk who may only read, whatever the body says',
      { address: MOVE, requestedBy: 'staff' },
      HOUSEHOLD,
      'staff:public-security',
      403,
      'FORBIDDEN',
    ],
    [
      'the service-center on an application',
      { address: MOVE },
      HOUSEHOLD,
      serviceCenterFor(HEAD),
      403,
      'FORBIDDEN',
    ],
    ['a hospital', { address: MOVE }, HOUSEHOLD, 'hospital:H500103-01', 403, 'FORBIDDEN'],
    ['an anonymous caller', { address: MOVE, requestedBy: 'staff' }, HOUSEHOLD, null, 403, 'FORBIDDEN'],
    [
      'an unknown division',
      { address: { ...MOVE, divisionCode: '500199' } },
      HOUSEHOLD,
      HEAD,
      422,
      'UNKNOWN_DIVISION',
    ],
    [
      'a division outside the municipality',
      { address: { ...MOVE, divisionCode: '510107' } },
      HOUSEHOLD,
      HEAD,
      422,
      'MOVE_OUTSIDE_MUNICIPALITY',
    ],
    [
      'a street of another division',
      { address: { ...MOVE, street: '解放碑街道' } },
      HOUSEHOLD,
      HEAD,
      422,
      'UNKNOWN_STREET',
    ],
    [
      'the same address',
      {
        address: {
          divisionCode: '500103',
          street: '七星岗街道',
          community: '金汤街社区',
          detail: ' 金汤街62号30-2 ',
        },
      },
      HOUSEHOLD,
      HEAD,
      422,
      'SAME_ADDRESS',
    ],
    ['an empty detail', { address: { ...MOVE, detail: ' ' } }, HOUSEHOLD, HEAD, 400, 'INVALID_REQUEST'],
    ['a malformed household number', { address: MOVE }, '500103', HEAD, 400, 'INVALID_REQUEST'],
  ])('refuses %s and writes nothing', async (_, body, householdId, caller, status, code) => {
    const before = addressOf(HOUSEHOLD);
    const response = await change(body, 'k', householdId, caller);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message).toBeTruthy();
    expect(addressOf(HOUSEHOLD)).toEqual(before);
    expect([count('outbox_events'), count('event_deliveries'), count('address_changes')]).toEqual([0, 0, 0]);
    expect(count('idempotent_writes')).toBe(0);
  });

  it('records the requester from the token, whatever the body names', async () => {
    const byHead = await change({ address: MOVE, requestedBy: SPOUSE });
    expect(byHead.json().requestedBy).toBe(HEAD);
    const byClerk = await change(
      { address: { ...MOVE, detail: '建新北路2号' }, requestedBy: HEAD },
      'k2',
      HOUSEHOLD,
      CLERK,
    );
    expect(byClerk.json().requestedBy).toBe('staff');
    const stored = system.db.prepare('SELECT requested_by FROM address_changes ORDER BY sequence').all();
    expect(stored).toEqual([{ requested_by: HEAD }, { requested_by: 'staff' }]);
  });

  it('answers a key another requester used with IDEMPOTENCY_KEY_REUSED, never with their change', async () => {
    const first = await change({ address: MOVE }, 'k');
    const other = await change({ address: MOVE }, 'k', HOUSEHOLD, CLERK);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(other.json())).not.toContain(first.json().id);
    expect(count('address_changes')).toBe(1);
  });

  it('adds its tables to a store made before address changes existed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-ps-'));
    try {
      const old = openDepartmentDatabase('public-security', { dataDir }, PUBLIC_SECURITY_SCHEMA, (db) =>
        loadPublicSecuritySeed(db, readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed)),
      );
      old.close();
      const reopened = callers.asksAnonymouslyByDefault(
        buildDepartmentSystem({
          seedDir: DEFAULT_SEED_DIR,
          dataDir,
          departmentSystemUrls: NOWHERE,
          relay: { pollIntervalMs: 60_000, baseDelayMs: 60_000 },
          trust: callers.trust,
        }),
      );
      const response = await reopened.app.inject({
        method: 'POST',
        url: `/v1/households/${HOUSEHOLD}/address-changes`,
        payload: { address: MOVE },
        headers: { ...(await callers.headersFor(HEAD)), 'idempotency-key': 'k' },
      });
      await reopened.app.close();
      expect(response.statusCode).toBe(201);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
