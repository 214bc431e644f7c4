/**
 * The events public security publishes to the departments that subscribe to them
 * (`mocks/public-security/subscriptions.json`): a published contract, like the system's own. Every
 * receiver parses the payload of what it is sent with these schemas. Delivery is at least once, in
 * the order of `sequence` per household; see `EVENTS_PATH` and `eventEnvelope` in the protocol.
 */
import { z } from 'zod';
import { citizenId, householdId, isoDateTime } from '../../lib/contract/fields.ts';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { addressView } from './contract.ts';

/** A household moved within the municipality (`payload`: {@link HouseholdAddressChanged}). */
export const HOUSEHOLD_ADDRESS_CHANGED = 'household.address-changed';

/** The payload of `household.address-changed`. */
export const householdAddressChanged = z
  .object({
    householdId,
    sequence: z
      .number()
      .int()
      .min(1)
      .describe(
        "The change's place among the household's changes, from 1: events of a household arrive in this order.",
      ),
    from: addressView,
    to: addressView,
    memberCitizenIds: z
      .array(citizenId)
      .describe('Everyone registered in the household when it moved, head first.'),
    occurredAt: isoDateTime,
  })
  .meta({ id: 'HouseholdAddressChanged', description: 'The payload of `household.address-changed`.' });
export type HouseholdAddressChanged = z.infer<typeof householdAddressChanged>;

/** A `household.address-changed` event of the published seed's household `500112-341074`, for contract tests. */
export const householdAddressChangedExample: EventEnvelope = {
  eventId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  type: HOUSEHOLD_ADDRESS_CHANGED,
  occurredAt: '2026-11-20T09:00:00+08:00',
  payload: {
    householdId: '500112-341074',
    sequence: 1,
    from: {
      divisionCode: '500112',
      street: '双龙湖街道',
      community: '双龙湖社区',
      detail: '双龙大道74号11栋1单元22-6',
    },
    to: { divisionCode: '500112', street: '回兴街道', community: '回兴社区', detail: '兴科大道8号2栋3-1' },
    memberCitizenIds: ['500112198702182917', '500112199008316983', '500112201511277993'],
    occurredAt: '2026-11-20T09:00:00+08:00',
  } satisfies HouseholdAddressChanged,
};
