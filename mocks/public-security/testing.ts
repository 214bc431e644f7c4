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

/** Posts an event to `POST /v1/events` of a built department system (`mocks/kit/testing.ts`). */
export { deliverEvent } from '../kit/testing.ts';
