/**
 * Household address changes as the end-to-end tests send and follow them through the gateway.
 */

import { afterAll, beforeAll } from 'vitest';
import type { Identity } from '../../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../../lib/auth/purpose.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import type { RunningSystem } from '../../system/startSystem.ts';
import { eventually } from './eventually.ts';
import { type GraphQLResponse, graphql, TEST_CASE } from './system.ts';

/** The changeHouseholdAddress mutation with its progress. */
export const CHANGE_HOUSEHOLD_ADDRESS = `mutation ChangeHouseholdAddress($input: ChangeHouseholdAddressInput!) {
  changeHouseholdAddress(input: $input) {
    id sequence status requestedAt
    household { id }
    from { divisionCode street }
    to { divisionCode street formatted }
    requester { citizenId }
    deliveries { department status attempts lastError deliveredAt appliedAt actions }
  }
}`;

/** One change's progress by id. */
export const ADDRESS_CHANGE = `query AddressChange($id: ID!) {
  addressChange(id: $id) {
    id status
    deliveries { department status attempts lastError nextAttemptAt deliveredAt appliedAt actions }
  }
}`;

/** A delivery as the tests read it. */
export interface Sync {
  department: string;
  status: 'PENDING' | 'DELIVERED' | 'APPLIED' | 'FAILED';
  attempts: number;
  lastError: string | null;
  nextAttemptAt?: string | null;
  deliveredAt: string | null;
  appliedAt: string | null;
  actions: string[];
}

/** A change as the tests read it. */
export interface Change {
  id: string;
  status: 'SYNCING' | 'SYNCED' | 'NEEDS_ATTENTION';
  deliveries: Sync[];
}

/** A new address in 江北区 观音桥街道, whose clinic is CL500105-01 and school district XQ500105-01. */
export const GUANYINQIAO = {
  divisionCode: '500105',
  street: '观音桥街道',
  community: '建新社区',
  detail: '建新北路8号2-1',
};

/** The bearer header of a token the system's development issuer mints for `identity`; for staff, their purpose too. */
export async function bearer(
  system: RunningSystem,
  identity: Exclude<Identity, { kind: 'anonymous' }>,
): Promise<Record<string, string>> {
  const token = `Bearer ${await system.authentication.issuer.mint(identity)}`;
  // Staff read for a case, as every staff read must.
  return identity.kind === 'staff'
    ? { authorization: token, [PURPOSE_HEADER]: TEST_CASE }
    : { authorization: token };
}

/** Sends changeHouseholdAddress through the gateway. */
export function changeHouseholdAddress(
  system: RunningSystem,
  input: { householdId: string; address: typeof GUANYINQIAO; idempotencyKey: string },
  headers: Record<string, string>,
): Promise<GraphQLResponse<{ changeHouseholdAddress: Change }>> {
  return graphql(system.gatewayUrl as string, CHANGE_HOUSEHOLD_ADDRESS, { input }, headers);
}

/** Asks for a change through the gateway until `done` holds, failing after `timeoutMs`. */
export async function waitForChange(
  system: RunningSystem,
  id: string,
  headers: Record<string, string>,
  done: (change: Change) => boolean,
  timeoutMs = 15_000,
): Promise<Change> {
  const deadline = Date.now() + timeoutMs;
  let last: Change | null | undefined;
  for (;;) {
    const response = await graphql<{ addressChange: Change | null }>(
      system.gatewayUrl as string,
      ADDRESS_CHANGE,
      { id },
      headers,
    );
    last = response.data?.addressChange;
    if (last && done(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `address change ${id} did not get there within ${timeoutMs} ms: ${JSON.stringify(last ?? response)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The delivery of a change to one department. */
export function syncOf(change: Change, department: string): Sync {
  const sync = change.deliveries.find((delivery) => delivery.department === department);
  if (!sync) throw new Error(`change ${change.id} has no delivery to ${department}`);
  return sync;
}

/** Every delivery applied. */
export const allApplied = (change: Change) =>
  change.deliveries.every((delivery) => delivery.status === 'APPLIED');

/**
 * The relay's pace in the tests, through the environment the public-security API reads when it is
 * built: short delays, and a timeout well under the fault that holds an answer back.
 */
const FAST_RELAY = {
  EVENT_RELAY_POLL_INTERVAL_MS: '50',
  EVENT_RELAY_BASE_DELAY_MS: '50',
  EVENT_RELAY_MAX_DELAY_MS: '300',
  EVENT_RELAY_TIMEOUT_MS: '2000',
};

/** Sets {@link FAST_RELAY} for the test file's systems, and restores the environment after it. */
export function useFastRelay(): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(FAST_RELAY)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** A running department system, to inject faults, count calls and read its store. */
export function departmentSystem(system: RunningSystem, department: string): DepartmentSystem {
  const api = system.departmentSystems.get(department)?.server;
  if (!api) throw new Error(`no ${department} API is running`);
  return api;
}

/** The `n` a `SELECT COUNT(*) AS n …` over a department's store answers. */
export function rowCount(
  system: RunningSystem,
  department: string,
  sql: string,
  ...params: unknown[]
): number {
  return (
    departmentSystem(system, department)
      .db.prepare(sql)
      .get(...params) as { n: number }
  ).n;
}

/** Polls until `check` holds, failing after `timeoutMs` with what `describe` says of the state. */
export async function until(
  check: () => boolean,
  describe: () => unknown,
  timeoutMs = 10_000,
): Promise<void> {
  await eventually(() => (check() ? true : undefined), { timeoutMs, intervalMs: 20 }, describe);
}
