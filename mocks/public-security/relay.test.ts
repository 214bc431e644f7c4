import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import type { DepartmentSyncView } from '../../schema/public-security/contract.ts';
import { DEFAULT_SEED_DIR } from '../kit/config.ts';
import { readRelayOptions, retryDelayMs } from '../kit/events/relay.ts';
import { departmentTestAccess } from '../kit/testing.ts';
import {
  buildDepartmentSystem,
  type PublicSecurityDepartmentSystem,
  type PublicSecuritySystemOptions,
} from './server.ts';

const access = await departmentTestAccess('public-security');

// Fake receivers, faked with nock at hosts that can never resolve.
const HEALTH = 'http://health-system.invalid';
const EDUCATION = 'http://education-system.invalid';
const APPLIED = { status: 'APPLIED', actions: ['done'] };
const A = { id: '500103-396901', head: '500103198910149170' };
const B = { id: '500108-678801', head: '500108198902072304' };
const STREETS = ['观音桥街道', '华新街街道', '五里店街道', '石马河街道'];

const apis: PublicSecurityDepartmentSystem[] = [];
const dirs: string[] = [];

beforeAll(() => nock.disableNetConnect());
afterEach(async () => {
  for (const system of apis.splice(0)) await system.app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

/**
 * A quick pace, with time enough for an answer on a loaded machine: only the tests of timeouts set a
 * short one, so that no other test sees a slow first answer as a failed attempt.
 */
const QUICK = { pollIntervalMs: 20, baseDelayMs: 20, maxDelayMs: 80, timeoutMs: 2000 };

function build(options: Partial<PublicSecuritySystemOptions> = {}): PublicSecurityDepartmentSystem {
  const system = access.calledByOwnSubgraph(
    buildDepartmentSystem({
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      departmentSystemUrls: { health: HEALTH, education: EDUCATION },
      subscriptions: { health: ['household.address-changed'], education: ['household.address-changed'] },
      relay: QUICK,
      ...options,
      trust: access.trust,
    }),
  );
  apis.push(system);
  return system;
}

let moves = 0;
/** Moves a household to the next street of 江北区 and answers the change's id. */
async function move(
  system: PublicSecurityDepartmentSystem,
  household: { id: string; head: string },
): Promise<string> {
  moves += 1;
  const response = await system.app.inject({
    method: 'POST',
    url: `/v1/households/${household.id}/address-changes`,
    headers: {
      'idempotency-key': `move-${moves}`,
      ...(await access.as({ kind: 'citizen', citizenId: household.head })),
    },
    payload: {
      address: {
        divisionCode: '500105',
        street: STREETS[moves % 4],
        community: '建新社区',
        detail: `建新北路${moves}号`,
      },
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

function delivery(
  system: PublicSecurityDepartmentSystem,
  changeId: string,
  department: string,
): DepartmentSyncView {
  const found = system.addressChanges
    .byIds([changeId])[0]
    ?.deliveries.find((d) => d.department === department);
  if (!found) throw new Error(`no delivery of ${changeId} to ${department}`);
  return found;
}

/** Polls until `check` holds, failing after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A receiver that records every event id it is sent and answers with `answer(event)`. */
function receiver(base: string, answer: (event: EventEnvelope) => [number, unknown] = () => [200, APPLIED]) {
  const received: string[] = [];
  nock(base)
    .persist()
    .post('/v1/events')
    .reply((_, body) => {
      const event = body as EventEnvelope;
      received.push(event.eventId);
      return answer(event);
    });
  return received;
}

describe('the event relay', () => {
  it('delivers a change to every subscriber and records what each did', async () => {
    const bodies: EventEnvelope[] = [];
    receiver(HEALTH, (event) => {
      bodies.push(event);
      return [200, { status: 'APPLIED', actions: ['clinic re-assigned'] }];
    });
    receiver(EDUCATION);
    const system = build();
    const id = await move(system, A);
    await until(() => ['health', 'education'].every((d) => delivery(system, id, d).status === 'APPLIED'));
    expect(delivery(system, id, 'health')).toMatchObject({
      attempts: 1,
      lastError: null,
      actions: ['clinic re-assigned'],
    });
    expect(delivery(system, id, 'health').appliedAt).toBeTruthy();
    expect(bodies[0]).toMatchObject({
      eventId: id,
      type: 'household.address-changed',
      payload: { householdId: A.id, sequence: 1, memberCitizenIds: expect.arrayContaining([A.head]) },
    });
  });

  it('wakes as soon as a change is written, without waiting for the next poll', async () => {
    receiver(HEALTH);
    receiver(EDUCATION);
    const system = build({ relay: { pollIntervalMs: 60_000 } });
    const id = await move(system, A);
    await until(() => delivery(system, id, 'health').status === 'APPLIED', 2000);
  });

  it('keeps a delivery pending with its error while the receiver fails, and delivers it when it recovers', async () => {
    let failures = 2;
    receiver(HEALTH, () =>
      failures-- > 0 ? [503, { error: { code: 'DOWN', message: 'maintenance' } }] : [200, APPLIED],
    );
    receiver(EDUCATION);
    const system = build({ relay: { pollIntervalMs: 20, baseDelayMs: 100, maxDelayMs: 400 } });
    const id = await move(system, A);
    await until(() => delivery(system, id, 'health').attempts >= 1);
    const failing = delivery(system, id, 'health');
    expect(failing).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('503 DOWN') });
    expect(Date.parse(failing.nextAttemptAt ?? '')).toBeGreaterThan(Date.now() - 50);
    // Education's delivery runs beside health's, not after it: it is applied at its first attempt.
    await until(() => delivery(system, id, 'education').status === 'APPLIED');
    expect(delivery(system, id, 'education').attempts).toBe(1);
    await until(() => delivery(system, id, 'health').status === 'APPLIED');
    expect(delivery(system, id, 'health')).toMatchObject({ attempts: 3, lastError: null });
  });

  it('records a refusal as FAILED, never retries it, and goes on with the household’s next change', async () => {
    let first: string | undefined;
    const received = receiver(HEALTH, (event) =>
      event.eventId === first
        ? [422, { error: { code: 'NO_CLINIC_FOR_ADDRESS', message: 'no clinic' } }]
        : [200, APPLIED],
    );
    receiver(EDUCATION);
    const system = build({
      relay: { ...QUICK, pollIntervalMs: 60_000 },
    });
    first = await move(system, A);
    await until(() => delivery(system, first as string, 'health').status === 'FAILED');
    const second = await move(system, A);
    await until(() => delivery(system, second, 'health').status === 'APPLIED');
    expect(delivery(system, first, 'health')).toMatchObject({
      attempts: 1,
      nextAttemptAt: null,
      lastError: expect.stringContaining('NO_CLINIC_FOR_ADDRESS: no clinic'),
    });
    expect(received.filter((id) => id === first)).toHaveLength(1);
  });

  it('delivers a household’s changes to a subscriber in order, holding back no other household or subscriber', async () => {
    let healthUp = false;
    const ids: Record<string, string> = {};
    const received = receiver(HEALTH, (event) =>
      event.eventId === ids.a1 && !healthUp
        ? [503, { error: { code: 'DOWN', message: 'down' } }]
        : [200, APPLIED],
    );
    receiver(EDUCATION);
    const system = build({ relay: { ...QUICK, maxDelayMs: 40 } });
    ids.a1 = await move(system, A);
    ids.a2 = await move(system, A);
    ids.b1 = await move(system, B);
    await until(() => delivery(system, ids.a1 as string, 'health').attempts >= 3);
    expect(delivery(system, ids.b1, 'health').status).toBe('APPLIED');
    expect(delivery(system, ids.a2, 'education').status).toBe('APPLIED');
    expect(delivery(system, ids.a2, 'health')).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(received).not.toContain(ids.a2);
    healthUp = true;
    await until(() => delivery(system, ids.a2 as string, 'health').status === 'APPLIED');
    const order = received.filter((id) => id === ids.a1 || id === ids.a2);
    expect(order.indexOf(ids.a2)).toBe(order.length - 1);
    expect(order.lastIndexOf(ids.a1)).toBe(order.length - 2);
  });

  it('sends again when an answer does not come in time, and the repeat completes the delivery', async () => {
    const received: string[] = [];
    // The first answer is held until the repeat has arrived, so it can only come after the relay gave
    // up on it, however slow the machine: no race between the relay's timeout and a fixed delay.
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    nock(HEALTH)
      .post('/v1/events')
      .reply(async (_, body) => {
        received.push((body as EventEnvelope).eventId);
        await firstHeld;
        return [200, APPLIED];
      })
      .post('/v1/events')
      .reply((_, body) => {
        received.push((body as EventEnvelope).eventId);
        releaseFirst();
        return [200, APPLIED];
      });
    receiver(EDUCATION);
    // The first attempt always times out (its answer waits for the repeat); a whole second lets the
    // repeat's answer come in time even on a loaded machine.
    const system = build({ relay: { ...QUICK, timeoutMs: 1000 } });
    const id = await move(system, A);
    await until(() => delivery(system, id, 'health').status === 'APPLIED');
    expect(delivery(system, id, 'health').attempts).toBe(2);
    expect(received).toEqual([id, id]);
  });

  it('records why a delivery waits without the receiver’s URL, which is the deployment’s', async () => {
    nock(HEALTH).post('/v1/events').replyWithError('connect ECONNREFUSED').persist();
    receiver(EDUCATION);
    const system = build();
    const id = await move(system, A);
    await until(() => delivery(system, id, 'health').attempts >= 1);
    const { lastError } = delivery(system, id, 'health');
    expect(lastError).toBe('could not reach the health system');
  });

  it('records that a receiver did not answer in time, naming its system and not its URL', async () => {
    nock(HEALTH).post('/v1/events').delay(2000).reply(200, APPLIED).persist();
    receiver(EDUCATION);
    const system = build({ relay: { ...QUICK, timeoutMs: 200 } });
    const id = await move(system, A);
    await until(() => delivery(system, id, 'health').attempts >= 1);
    expect(delivery(system, id, 'health')).toMatchObject({
      status: 'PENDING',
      lastError: 'no answer within 200 ms from the health system',
    });
  });

  it('goes on after a restart with the changes it had not delivered', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-relay-'));
    dirs.push(dataDir);
    receiver(HEALTH, () => [503, { error: { code: 'DOWN', message: 'down' } }]);
    receiver(EDUCATION);
    const before = build({ inMemory: false, dataDir });
    const id = await move(before, A);
    await until(() => delivery(before, id, 'health').attempts >= 2);
    await before.app.close();
    apis.splice(apis.indexOf(before), 1);
    nock.cleanAll();

    const received = receiver(HEALTH);
    receiver(EDUCATION);
    const after = build({ inMemory: false, dataDir });
    await until(() => delivery(after, id, 'health').status === 'APPLIED');
    expect(received).toEqual([id]);
    expect(delivery(after, id, 'health').attempts).toBeGreaterThanOrEqual(3);
  });

  it('keeps a delivery pending, saying why, when no URL is known for the subscriber', async () => {
    receiver(HEALTH);
    const system = build({
      subscriptions: { health: ['household.address-changed'], archives: ['household.address-changed'] },
    });
    const id = await move(system, A);
    await until(() => delivery(system, id, 'archives').attempts >= 1);
    expect(delivery(system, id, 'archives')).toMatchObject({
      status: 'PENDING',
      lastError: expect.stringContaining('DEPARTMENT_SYSTEM_URL_ARCHIVES'),
    });
  });
});

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles with each failure, half of it jitter, up to the maximum', () => {
    expect([retryDelayMs(1, policy, () => 0), retryDelayMs(1, policy, () => 1)]).toEqual([50, 100]);
    expect([retryDelayMs(3, policy, () => 0), retryDelayMs(3, policy, () => 1)]).toEqual([200, 400]);
    expect([retryDelayMs(30, policy, () => 0), retryDelayMs(30, policy, () => 1)]).toEqual([500, 1000]);
  });
});

describe('readRelayOptions', () => {
  it('reads the pace from the environment and names a bad variable', () => {
    expect(readRelayOptions({ EVENT_RELAY_TIMEOUT_MS: '300' })).toEqual({ timeoutMs: 300 });
    expect(() => readRelayOptions({ EVENT_RELAY_MAX_DELAY_MS: 'soon' })).toThrow('EVENT_RELAY_MAX_DELAY_MS');
  });
});
