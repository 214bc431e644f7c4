/**
 * The events public security publishes to the departments that subscribe to them, and what a
 * subscriber answers. This is a published contract, like `api.ts`: every receiver parses what it is
 * sent with these schemas, and the relay parses every answer with `eventReceipt`.
 *
 * A subscriber receives `POST <its department API>/v1/events` with an {@link EventEnvelope}. The
 * same event may arrive more than once (delivery is at least once), so a receiver acts once per
 * `eventId` and answers a repeat with its first answer. Events of one household arrive in the order
 * of their `sequence`.
 */
import { z } from 'zod';
import { citizenId, isoDateTime } from '../kit/fields.ts';
import { addressView } from './api.ts';

/** A household moved within the municipality (`payload`: {@link HouseholdAddressChanged}). */
export const HOUSEHOLD_ADDRESS_CHANGED = 'household.address-changed';

/** What a receiver is sent. */
export const eventEnvelope = z.object({
  /** A UUID, the same on every delivery of the event: receivers act once per id. */
  eventId: z.uuid(),
  /** What happened, e.g. `household.address-changed`. */
  type: z.string().min(1).max(100),
  occurredAt: isoDateTime,
  /** The facts of the event; its shape depends on `type`. */
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelope>;

/** The payload of `household.address-changed`. */
export const householdAddressChanged = z.object({
  householdId: z.string().regex(/^\d{6}-\d{6}$/),
  /** The change's place among the household's changes, from 1: events of a household arrive in this order. */
  sequence: z.number().int().min(1),
  from: addressView,
  to: addressView,
  /** Everyone registered in the household when it moved, head first. */
  memberCitizenIds: z.array(citizenId),
  occurredAt: isoDateTime,
});
export type HouseholdAddressChanged = z.infer<typeof householdAddressChanged>;

/**
 * A receiver's 2xx answer: `APPLIED` when it has acted on the event, `ACCEPTED` when it took the
 * event and will act later. `actions` says what it did, one sentence each, for the citizen and staff
 * following the change. A refusal is an error body with a 4xx status instead (not retried).
 */
export const eventReceipt = z.object({
  status: z.enum(['APPLIED', 'ACCEPTED']),
  actions: z.array(z.string()),
});
export type EventReceipt = z.infer<typeof eventReceipt>;
