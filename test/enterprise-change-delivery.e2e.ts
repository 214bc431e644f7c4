import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../lib/contract/protocol.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { bearer, departmentSystem, rowCount, useFastRelay } from './support/addressChange.ts';
import { asOwnSubgraph, graphql, startTestSystem } from './support/system.ts';

// An enterprise's registration change, made once at market regulation, reaching fire rescue and urban
// management through the signed, at-least-once event relay, with each department's progress on the
// enterprise in the graph. The restaurant 重庆缙云小面餐饮有限公司 of the published seed: its premises at
// its registered address carry a food licence, a fire safety commitment and a signboard.
const RESTAURANT = '91500103MA3RXQW46F';
const REPRESENTATIVE = '500106199304172120';
const FOOD_LICENCE = 'JY25001030000001';
const OLD_CHECK = 'XF500103-000001';
const SIGNBOARD = 'ZP500103-000001';
const NEW_ADDRESS = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新东路社区',
  detail: '建新东路3号',
};
const NEW_LINE = '重庆市江北区观音桥街道建新东路社区建新东路3号';
const EVENTS = `POST ${EVENTS_PATH}`;

useFastRelay();

let system: RunningSystem | undefined;
afterEach(async () => {
  await system?.stop();
  system = undefined;
});

interface Delivery {
  department: string;
  status: 'PENDING' | 'DELIVERED' | 'APPLIED' | 'FAILED';
  attempts: number;
  actions: string[];
  lastError: string | null;
  updatedAt: string | null;
}

interface Check {
  id: string;
  kind: string;
  status: string;
  dueAt: string | null;
  supersededAt: string | null;
  supersededBy: { id: string } | null;
  premises: { address: { formatted: string } };
}

/** The restaurant as the tests read it. */
interface EnterpriseProgress {
  name: string;
  registeredAddress: { formatted: string };
  foodBusinessLicences: Array<{ number: string; premises: { address: { formatted: string } } }>;
  registrationChanges: Array<{ id: string; sequence: number; deliveries: Delivery[] }>;
  fireSafetyChecks: Check[];
  signboards: Array<{ id: string; status: string; removalRequiredAt: string | null }>;
}

const PROGRESS = `query($code: ID!) {
  enterprise(creditCode: $code) {
    name
    registeredAddress { formatted }
    foodBusinessLicences { number premises { address { formatted } } }
    registrationChanges { id sequence changes { field from to } deliveries { department status attempts actions lastError updatedAt } }
    fireSafetyChecks {
      id kind status dueAt supersededAt
      supersededBy { id }
      premises { address { formatted } }
    }
    signboards { id status removalRequiredAt }
  }
}`;

/** Changes the restaurant's registration at market regulation, as the service-center acting for its representative. */
async function changeRegistration(running: RunningSystem, body: object, key: string) {
  const response = await departmentSystem(running, 'market-regulation').app.inject({
    method: 'POST',
    url: `/v1/enterprises/${RESTAURANT}/changes`,
    headers: {
      'idempotency-key': key,
      ...(await asOwnSubgraph(running, 'market-regulation', {
        kind: 'service',
        service: 'service-center',
        actingFor: REPRESENTATIVE,
        applicationId: 'BG-20261120-000001',
      })),
    },
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
}

/** The restaurant as its representative reads it through the gateway, once `done` holds of its latest change. */
async function progressUntil(
  running: RunningSystem,
  done: (deliveries: Delivery[]) => boolean,
  timeoutMs = 15_000,
): Promise<EnterpriseProgress> {
  const headers = await bearer(running, { kind: 'citizen', citizenId: REPRESENTATIVE });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await graphql<{ enterprise: EnterpriseProgress | null }>(
      running.gatewayUrl as string,
      PROGRESS,
      { code: RESTAURANT },
      headers,
    );
    const enterprise = response.data?.enterprise;
    const latest = enterprise?.registrationChanges[0];
    if (response.errors === undefined && enterprise && latest && done(latest.deliveries)) return enterprise;
    if (Date.now() > deadline)
      throw new Error(`the change did not get there within ${timeoutMs} ms: ${JSON.stringify(response)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const deliveryTo = (deliveries: Delivery[], department: string) =>
  deliveries.find((delivery) => delivery.department === department) as Delivery;
const allApplied = (deliveries: Delivery[]) => deliveries.every((delivery) => delivery.status === 'APPLIED');

describe('an enterprise registration change', () => {
  it('made once at market regulation, reaches fire rescue and urban management signed, each department’s progress on the enterprise', async () => {
    system = await startTestSystem();
    const running = system;
    const change = await changeRegistration(
      running,
      { name: '重庆缙云新面餐饮有限公司', registeredAddress: NEW_ADDRESS },
      'change-1',
    );

    const enterprise = await progressUntil(running, allApplied);
    expect(enterprise).toMatchObject({
      name: '重庆缙云新面餐饮有限公司',
      registeredAddress: { formatted: NEW_LINE },
      foodBusinessLicences: [{ number: FOOD_LICENCE, premises: { address: { formatted: NEW_LINE } } }],
    });
    const [latest] = enterprise.registrationChanges;
    expect(latest).toMatchObject({ id: change.id, sequence: 1 });
    expect(latest?.deliveries.map((d) => d.department)).toEqual([
      'market-regulation',
      'fire-rescue',
      'urban-management',
    ]);
    for (const delivery of latest?.deliveries ?? [])
      expect(delivery).toMatchObject({ attempts: 1, lastError: null });
    expect(deliveryTo(latest?.deliveries ?? [], 'market-regulation').actions).toContain(
      `Food business licence ${FOOD_LICENCE} now covers the premises at ${NEW_LINE}.`,
    );
    expect(deliveryTo(latest?.deliveries ?? [], 'fire-rescue').actions).toEqual([
      expect.stringContaining('now names the enterprise 重庆缙云新面餐饮有限公司'),
      expect.stringMatching(
        /^Booked on-site inspection XF500105-\d{6} of the premises at the new registered address/,
      ),
      expect.stringContaining(`Fire safety check ${OLD_CHECK}`),
    ]);
    expect(deliveryTo(latest?.deliveries ?? [], 'urban-management').actions).toContain(
      `Signboard ${SIGNBOARD} (“缙云小面”) at the old registered address must be removed: the enterprise moved away.`,
    );

    // Fire rescue shows both checks with their premises: the booked one covers the new registered address.
    const checks = enterprise.fireSafetyChecks;
    const booked = checks.find((check) => check.status === 'BOOKED');
    expect(booked).toMatchObject({
      kind: 'ON_SITE_INSPECTION',
      supersededAt: null,
      dueAt: expect.any(String),
      premises: { address: { formatted: NEW_LINE } },
    });
    expect(checks.find((check) => check.id === OLD_CHECK)).toMatchObject({
      status: 'ACCEPTED',
      supersededAt: expect.any(String),
      supersededBy: { id: booked?.id },
    });
    expect(enterprise.signboards).toEqual([
      { id: SIGNBOARD, status: 'REMOVAL_REQUIRED', removalRequiredAt: expect.any(String) },
    ]);

    // Each receiver took one signed delivery and acted once; an unsigned event is refused.
    for (const department of ['fire-rescue', 'urban-management']) {
      expect(departmentSystem(running, department).calls.count(EVENTS)).toBe(1);
      expect(
        rowCount(
          running,
          department,
          'SELECT COUNT(*) AS n FROM processed_events WHERE event_id = ?',
          change.id,
        ),
      ).toBe(1);
    }
    const unsigned = await departmentSystem(running, 'fire-rescue').app.inject({
      method: 'POST',
      url: EVENTS_PATH,
      payload: {
        eventId: change.id,
        type: 'enterprise.registration-changed',
        occurredAt: new Date().toISOString(),
        payload: {},
      },
    });
    expect(unsigned.statusCode).toBe(401);

    // The same request again answers the same change; nothing moves twice.
    const again = await changeRegistration(
      running,
      { name: '重庆缙云新面餐饮有限公司', registeredAddress: NEW_ADDRESS },
      'change-1',
    );
    expect(again.id).toBe(change.id);
    expect(rowCount(running, 'market-regulation', 'SELECT COUNT(*) AS n FROM outbox_events')).toBe(1);
  });

  it('reaches fire rescue when it comes back up; urban management applies it meanwhile', async () => {
    system = await startTestSystem();
    const running = system;
    const fire = departmentSystem(running, 'fire-rescue');
    fire.faults.inject(EVENTS, { kind: 'status', status: 503 });

    await changeRegistration(running, { registeredAddress: NEW_ADDRESS }, 'move-while-down');
    const waiting = await progressUntil(
      running,
      (deliveries) =>
        deliveryTo(deliveries, 'urban-management').status === 'APPLIED' &&
        deliveryTo(deliveries, 'fire-rescue').attempts >= 2,
    );
    const [pending] = waiting.registrationChanges;
    expect(deliveryTo(pending?.deliveries ?? [], 'fire-rescue')).toMatchObject({
      status: 'PENDING',
      lastError: 'fire-rescue answered HTTP 503 INJECTED_FAULT: injected 503',
      updatedAt: null,
      actions: [],
    });
    expect(waiting.fireSafetyChecks.every((c) => c.supersededAt === null)).toBe(true);

    fire.faults.clear();
    const applied = await progressUntil(running, allApplied);
    const [done] = applied.registrationChanges;
    expect(deliveryTo(done?.deliveries ?? [], 'fire-rescue')).toMatchObject({
      status: 'APPLIED',
      lastError: null,
    });
    expect(applied.fireSafetyChecks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'BOOKED', premises: { address: { formatted: NEW_LINE } } }),
      ]),
    );
  });
});
