/**
 * Helpers for tests of event receivers: a `household.address-changed` event as public security sends
 * it, and sending it to a department system in-process.
 */

import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import type { AddressView } from '../../schema/public-security/contract.ts';
import {
  HOUSEHOLD_ADDRESS_CHANGED,
  type HouseholdAddressChanged,
} from '../../schema/public-security/events.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { eventHeadersFor } from '../kit/testing.ts';

/** A move of `householdId` (with these members) from one address to another, as its event. */
export function addressChangedEvent(
  move: {
    householdId: string;
    memberCitizenIds: string[];
    from: AddressView;
    to: AddressView;
    sequence?: number;
  },
  eventId: string = randomUUID(),
): EventEnvelope {
  const occurredAt = new Date().toISOString();
  const payload: HouseholdAddressChanged = { sequence: 1, ...move, occurredAt };
  return { eventId, type: HOUSEHOLD_ADDRESS_CHANGED, occurredAt, payload };
}

/** Posts an event to `POST /v1/events` of a built department system and answers the status, headers and body. */
export async function deliverEvent(system: DepartmentSystem, event: unknown) {
  const response = await system.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: await eventHeadersFor(system, event),
    payload: event as object,
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() };
}
