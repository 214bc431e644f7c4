import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import {
  buildDepartmentSystem,
  type PublicSecurityDepartmentSystem,
} from '../mocks/public-security/server.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import {
  allApplied,
  bearer,
  changeHouseholdAddress,
  departmentSystem,
  GUANYINQIAO,
  rowCount,
  syncOf,
  until,
  useFastRelay,
  waitForChange,
} from './support/addressChange.ts';
import { asOwnSubgraph, graphql, scenarios, startTestSystem } from './support/system.ts';

// The profile household: its head, and two children with vaccination records at CL500103-01 whose
// district is XQ500103-01; the elder is ENROLLED there.
const HOUSEHOLD = scenarios.households.profile;
const HEAD = scenarios.citizens.profile;
const CHILD = scenarios.citizens.child;
const YOUNGER = '500103202209060046';
const SPOUSE = '500103199103162322';
const EVENTS = 'POST /v1/events';
const RECEIVERS = ['health', 'education', 'civil-affairs'];

useFastRelay();

let system: RunningSystem | undefined;
afterEach(async () => {
  await system?.stop();
  system = undefined;
});

async function start(): Promise<RunningSystem> {
  system = await startTestSystem();
  return system;
}

/** Registers the younger child for school at the household's present address, as the newborn errand did. */
async function registerYoungerForSchool(running: RunningSystem) {
  const response = await departmentSystem(running, 'education').app.inject({
    method: 'POST',
    url: '/v1/school-age-registrations',
    headers: {
      'idempotency-key': 'newborn/registerSchoolAge',
      ...(await asOwnSubgraph(running, 'education')),
    },
    payload: { citizenId: YOUNGER, birthDate: '2022-09-06', divisionCode: '500103', street: '七星岗街道' },
  });
  expect(response.json().districtId).toBe('XQ500103-01');
}

const CHILDREN = `query($elder: CitizenId!, $younger: CitizenId!) {
  elder: person(citizenId: $elder) {
    vaccinationRecord { clinic { id } }
    household { address { divisionCode street } schoolDistrict { id } addressChanges { id sequence } }
    enrolments { status school { id } }
  }
  younger: person(citizenId: $younger) {
    vaccinationRecord { clinic { id } }
    schoolAgeRegistration { district { id } }
  }
}`;

describe('a household address change', () => {
  it('made once by the head, reaches health, education and civil affairs; the next query shows the new clinic and district', async () => {
    const running = await start();
    await registerYoungerForSchool(running);
    const head = await bearer(running, { kind: 'citizen', citizenId: HEAD });

    const answer = await changeHouseholdAddress(
      running,
      { householdId: HOUSEHOLD, address: GUANYINQIAO, idempotencyKey: 'move-1' },
      head,
    );
    expect(answer.errors).toBeUndefined();
    const change = answer.data?.changeHouseholdAddress;
    expect(change).toMatchObject({
      sequence: 1,
      status: 'SYNCING',
      household: { id: HOUSEHOLD },
      from: { divisionCode: '500103', street: '七星岗街道' },
      to: {
        divisionCode: '500105',
        street: '观音桥街道',
        formatted: '重庆市江北区观音桥街道建新社区建新北路8号2-1',
      },
      requester: { citizenId: HEAD },
    });
    expect(change?.deliveries.map((d) => d.department)).toEqual(RECEIVERS);

    const synced = await waitForChange(running, change?.id as string, head, allApplied);
    expect(synced.status).toBe('SYNCED');
    expect(syncOf(synced, 'health').actions).toEqual([
      expect.stringContaining('to 江北区观音桥社区卫生服务中心预防接种门诊 (CL500105-01)'),
      expect.stringContaining('(CL500105-01)'),
    ]);
    expect(syncOf(synced, 'education').actions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('moved from district XQ500103-01'),
        expect.stringContaining('EN2026-718748 at 重庆市人民小学 stays'),
      ]),
    );
    expect(syncOf(synced, 'civil-affairs').actions).toEqual([
      expect.stringContaining('no social assistance'),
    ]);
    for (const sync of synced.deliveries) expect(sync).toMatchObject({ attempts: 1, lastError: null });

    const after = await graphql(
      running.gatewayUrl as string,
      CHILDREN,
      { elder: CHILD, younger: YOUNGER },
      head,
    );
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({
      elder: {
        vaccinationRecord: { clinic: { id: 'CL500105-01' } },
        household: {
          address: { divisionCode: '500105', street: '观音桥街道' },
          schoolDistrict: { id: 'XQ500105-01' },
          addressChanges: [{ id: change?.id, sequence: 1 }],
        },
        // An existing enrolment stays.
        enrolments: [{ status: 'ENROLLED', school: { id: 'SCH500103-01' } }],
      },
      younger: {
        vaccinationRecord: { clinic: { id: 'CL500105-01' } },
        schoolAgeRegistration: { district: { id: 'XQ500105-01' } },
      },
    });

    // The same request again answers the same change, as it stands now; nothing moves twice.
    const again = await changeHouseholdAddress(
      running,
      { householdId: HOUSEHOLD, address: GUANYINQIAO, idempotencyKey: 'move-1' },
      head,
    );
    expect(again.data?.changeHouseholdAddress).toMatchObject({ id: change?.id, status: 'SYNCED' });
    expect(rowCount(running, 'public-security', 'SELECT COUNT(*) AS n FROM outbox_events')).toBe(1);
    for (const department of RECEIVERS)
      expect(departmentSystem(running, department).calls.count(EVENTS)).toBe(1);
  });

  it('moves an assistance household’s case to the new jurisdiction, made by public-security staff', async () => {
    const running = await start();
    const staff = await bearer(running, {
      kind: 'staff',
      department: 'public-security',
      scopes: ['public-security:read', 'public-security:write', 'civil-affairs:read'],
    });
    const household = '500108-678801';
    const answer = await changeHouseholdAddress(
      running,
      { householdId: household, address: GUANYINQIAO, idempotencyKey: 'staff-move-1' },
      staff,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.changeHouseholdAddress).toMatchObject({ requester: null });
    const synced = await waitForChange(
      running,
      answer.data?.changeHouseholdAddress.id as string,
      staff,
      allApplied,
    );
    expect(syncOf(synced, 'civil-affairs').actions).toEqual([
      'Assistance case DB500108-0281 transferred from the civil-affairs office of 南岸区 (500108) to that of 江北区 (500105).',
    ]);
    const after = await graphql(
      running.gatewayUrl as string,
      'query($id: ID!) { household(id: $id) { assistanceCase { id jurisdiction { code name } } } }',
      { id: household },
      staff,
    );
    expect(after.data).toEqual({
      household: {
        assistanceCase: { id: 'DB500108-0281', jurisdiction: { code: '500105', name: '江北区' } },
      },
    });
  });

  it('reaches a department that was down when it comes back; the others apply it meanwhile', async () => {
    const running = await start();
    await registerYoungerForSchool(running);
    const head = await bearer(running, { kind: 'citizen', citizenId: HEAD });
    departmentSystem(running, 'education').faults.inject(EVENTS, { kind: 'status', status: 503 });

    const answer = await changeHouseholdAddress(
      running,
      { householdId: HOUSEHOLD, address: GUANYINQIAO, idempotencyKey: 'move-while-down' },
      head,
    );
    const id = answer.data?.changeHouseholdAddress.id as string;
    const waiting = await waitForChange(
      running,
      id,
      head,
      (c) =>
        syncOf(c, 'health').status === 'APPLIED' &&
        syncOf(c, 'civil-affairs').status === 'APPLIED' &&
        syncOf(c, 'education').attempts >= 2,
    );
    expect(waiting.status).toBe('SYNCING');
    expect(syncOf(waiting, 'education')).toMatchObject({
      status: 'PENDING',
      lastError: 'education answered HTTP 503 INJECTED_FAULT: injected 503',
      appliedAt: null,
    });
    expect(syncOf(waiting, 'education').nextAttemptAt).toBeTruthy();

    departmentSystem(running, 'education').faults.clear();
    const synced = await waitForChange(running, id, head, allApplied);
    expect(syncOf(synced, 'education')).toMatchObject({ lastError: null, actions: expect.any(Array) });
    const younger = await graphql(
      running.gatewayUrl as string,
      'query($id: CitizenId!) { person(citizenId: $id) { schoolAgeRegistration { district { id } } } }',
      { id: YOUNGER },
      head,
    );
    expect(younger.data).toEqual({ person: { schoolAgeRegistration: { district: { id: 'XQ500105-01' } } } });
  });

  it('is applied once when its delivery is duplicated: an answer held past the relay timeout makes it resend', async () => {
    const running = await start();
    const head = await bearer(running, { kind: 'citizen', citizenId: HEAD });
    const health = departmentSystem(running, 'health');
    health.faults.inject(EVENTS, { kind: 'delayAnswer', ms: 3000 }, 1);

    const answer = await changeHouseholdAddress(
      running,
      { householdId: HOUSEHOLD, address: GUANYINQIAO, idempotencyKey: 'move-duplicated' },
      head,
    );
    const id = answer.data?.changeHouseholdAddress.id as string;
    const synced = await waitForChange(running, id, head, allApplied);
    expect(syncOf(synced, 'health').attempts).toBe(2);
    expect(health.calls.count(EVENTS)).toBe(2);
    expect(
      rowCount(running, 'health', 'SELECT COUNT(*) AS n FROM processed_events WHERE event_id = ?', id),
    ).toBe(1);
    // The resent event was answered with the first answer: the records moved once.
    expect(syncOf(synced, 'health').actions).toEqual([
      expect.stringContaining('moved from clinic CL500103-01'),
      expect.stringContaining('moved from clinic CL500103-01'),
    ]);
    const moved =
      "SELECT COUNT(*) AS n FROM vaccination_records WHERE clinic_id = 'CL500105-01' AND citizen_id IN (?, ?)";
    expect(rowCount(running, 'health', moved, CHILD, YOUNGER)).toBe(2);
  });
});

describe('a restart of the sender with undelivered changes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers them once it is built again over the same data', async () => {
    const running = await start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-sender-'));
    dirs.push(dataDir);
    const departmentSystemUrls = Object.fromEntries(
      [...running.departmentSystems.values()].map((server) => [server.name, server.url]),
    );
    // A public-security API of its own, over a file store, delivering to the running departments.
    const build = () =>
      buildDepartmentSystem({
        seedDir: DEFAULT_SEED_DIR,
        dataDir,
        departmentSystemUrls,
        trust: running.authentication.trustFor('public-security-system'),
      });
    const civilAffairs = departmentSystem(running, 'civil-affairs');
    civilAffairs.faults.inject(EVENTS, { kind: 'status', status: 503 });

    const before = build();
    const household = '500108-678801';
    const made = await before.app.inject({
      method: 'POST',
      url: `/v1/households/${household}/address-changes`,
      headers: {
        'idempotency-key': 'move-before-restart',
        ...(await asOwnSubgraph(running, 'public-security', {
          kind: 'staff',
          department: 'public-security',
          scopes: ['public-security:write'],
        })),
      },
      payload: { address: GUANYINQIAO },
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as string;
    const progress = (sender: PublicSecurityDepartmentSystem) =>
      Object.fromEntries(
        sender.addressChanges.byIds([id])[0]?.deliveries.map((d) => [d.department, d]) ?? [],
      );
    await until(
      () =>
        (progress(before)['civil-affairs']?.attempts ?? 0) >= 2 &&
        progress(before).health?.status === 'APPLIED',
      () => progress(before),
    );
    await before.app.close();
    civilAffairs.faults.clear();

    const after = build();
    try {
      await until(
        () => progress(after)['civil-affairs']?.status === 'APPLIED',
        () => progress(after),
      );
    } finally {
      await after.app.close();
    }
    const staff = await bearer(running, {
      kind: 'staff',
      department: 'civil-affairs',
      scopes: ['civil-affairs:read', 'public-security:read'],
    });
    const caseNow = await graphql(
      running.gatewayUrl as string,
      'query($id: ID!) { household(id: $id) { assistanceCase { jurisdiction { code } } } }',
      { id: household },
      staff,
    );
    expect(caseNow.data).toEqual({ household: { assistanceCase: { jurisdiction: { code: '500105' } } } });
    // Health and education were not sent the change again after the restart: they had applied it.
    expect(departmentSystem(running, 'health').calls.count(EVENTS)).toBe(1);
    expect(departmentSystem(running, 'education').calls.count(EVENTS)).toBe(1);
  });
});

describe('a change the rules refuse', () => {
  const cases = [
    {
      name: 'a move to an unknown division code',
      householdId: HOUSEHOLD,
      identity: HEAD,
      address: { ...GUANYINQIAO, divisionCode: '500199' },
      code: 'DEPARTMENT_REJECTED',
      reason: 'UNKNOWN_DIVISION',
    },
    {
      name: 'a move to the same address',
      householdId: HOUSEHOLD,
      identity: HEAD,
      address: {
        divisionCode: '500103',
        street: '七星岗街道',
        community: '金汤街社区',
        detail: '金汤街62号30-2',
      },
      code: 'DEPARTMENT_REJECTED',
      reason: 'SAME_ADDRESS',
    },
    {
      name: 'a member who is not the household head',
      householdId: HOUSEHOLD,
      identity: SPOUSE,
      address: GUANYINQIAO,
      code: 'FORBIDDEN',
      reason: 'NOT_HOUSEHOLD_HEAD',
    },
    {
      name: 'a household that does not exist',
      householdId: '500103-999999',
      identity: HEAD,
      address: GUANYINQIAO,
      code: 'DEPARTMENT_REJECTED',
      reason: 'HOUSEHOLD_NOT_FOUND',
    },
    {
      name: 'a move out of the municipality',
      householdId: HOUSEHOLD,
      identity: HEAD,
      address: { ...GUANYINQIAO, divisionCode: '510107' },
      code: 'DEPARTMENT_REJECTED',
      reason: 'MOVE_OUTSIDE_MUNICIPALITY',
    },
  ];

  it('each gets a clear error naming the department and the rule, and nothing changes anywhere', async () => {
    const running = await start();
    const gateway = running.gatewayUrl as string;
    const addressQuery = 'query($id: ID!) { household(id: $id) { address { formatted } } }';
    const before = await graphql(gateway, addressQuery, { id: HOUSEHOLD });
    for (const c of cases) {
      const headers = await bearer(running, { kind: 'citizen', citizenId: c.identity });
      const response = await changeHouseholdAddress(
        running,
        { householdId: c.householdId, address: c.address, idempotencyKey: `refused-${c.reason}` },
        headers,
      );
      expect(response.data, c.name).toBeNull();
      expect(response.errors?.[0]?.extensions, c.name).toMatchObject({
        code: c.code,
        department: 'public-security',
        reason: c.reason,
      });
      expect(response.errors?.[0]?.message, c.name).toMatch(/^公安部门拒绝了请求：.{10,}/);
    }
    const anonymous = await changeHouseholdAddress(
      running,
      { householdId: HOUSEHOLD, address: GUANYINQIAO, idempotencyKey: 'anonymous' },
      {},
    );
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(await graphql(gateway, addressQuery, { id: HOUSEHOLD })).toMatchObject({ data: before.data });
    for (const table of ['outbox_events', 'event_deliveries', 'address_changes']) {
      expect(rowCount(running, 'public-security', `SELECT COUNT(*) AS n FROM ${table}`), table).toBe(0);
    }
    // Give a relay that was wrongly woken time to send something, then check that nobody was called.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const department of RECEIVERS)
      expect(departmentSystem(running, department).calls.count(EVENTS), department).toBe(0);
  });
});
