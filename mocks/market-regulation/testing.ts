/**
 * Helpers for tests of the receivers of market regulation's events: an
 * `enterprise.registration-changed` event as market regulation sends it.
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import {
  ENTERPRISE_REGISTRATION_CHANGED,
  type EnterpriseRegistrationChanged,
} from '../../schema/market-regulation/events.ts';

/** A change of `creditCode`'s registration as its event; parts not given did not change. */
export function registrationChangedEvent(
  change: Partial<Omit<EnterpriseRegistrationChanged, 'occurredAt'>> & { creditCode: string },
  eventId: string = randomUUID(),
): EventEnvelope {
  const occurredAt = new Date().toISOString();
  const payload: EnterpriseRegistrationChanged = {
    sequence: 1,
    name: null,
    registeredAddress: null,
    legalRepresentative: null,
    ...change,
    occurredAt,
  };
  return { eventId, type: ENTERPRISE_REGISTRATION_CHANGED, occurredAt, payload };
}
