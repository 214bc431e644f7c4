/**
 * The events market regulation publishes to the departments that subscribe to them
 * (`mocks/market-regulation/subscriptions.json`): a published contract, like the system's own. Every
 * receiver parses the payload of what it is sent with these schemas. Delivery is at least once, in
 * the order of `sequence` per enterprise; see `EVENTS_PATH` and `eventEnvelope` in the protocol.
 */
import { z } from 'zod';
import { citizenId, isoDateTime } from '../../lib/contract/fields.ts';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { creditCode, registeredAddress } from './views.ts';

/** An enterprise changed its registration (`payload`: {@link EnterpriseRegistrationChanged}). */
export const ENTERPRISE_REGISTRATION_CHANGED = 'enterprise.registration-changed';

/**
 * An enterprise as a following department's record names it, as market regulation last announced a
 * change of it; a part never announced is null. Each department's view gives it its own name.
 */
export const announcedRegistration = z.object({
  name: z.string().nullable().describe('Its registered name, as last announced; null if never announced.'),
  legalRepresentativeCitizenId: citizenId
    .nullable()
    .describe('Its legal representative, as last announced; null if never announced.'),
  changedAt: isoDateTime.describe(
    'When market regulation registered the last change the department applied.',
  ),
});
export type AnnouncedRegistration = z.infer<typeof announcedRegistration>;

/** A part of a registration as it was and as it is now. */
function fromTo<T extends z.ZodType>(part: T, what: string) {
  return z
    .object({ from: part, to: part })
    .nullable()
    .describe(`The ${what} before and after; null when it did not change.`);
}

/** The payload of `enterprise.registration-changed`: what changed, each part from and to. */
export const enterpriseRegistrationChanged = z
  .object({
    creditCode,
    sequence: z
      .number()
      .int()
      .min(1)
      .describe(
        "The change's place among the enterprise's changes, from 1: events of an enterprise arrive in this order.",
      ),
    name: fromTo(z.string().min(1), 'name'),
    registeredAddress: fromTo(registeredAddress, 'registered address (住所)'),
    legalRepresentative: fromTo(citizenId, 'legal representative'),
    occurredAt: isoDateTime,
  })
  .meta({
    id: 'EnterpriseRegistrationChanged',
    description: 'The payload of `enterprise.registration-changed`.',
  });
export type EnterpriseRegistrationChanged = z.infer<typeof enterpriseRegistrationChanged>;

/**
 * An `enterprise.registration-changed` event of the published seed's restaurant 重庆两江烤鱼餐饮有限公司
 * (91500106MA5YXQT57W), renamed and moved within 沙坪坝区, for contract tests.
 */
export const enterpriseRegistrationChangedExample: EventEnvelope = {
  eventId: '3b7e0c52-1f4d-4c1a-9d2e-5a6b7c8d9e0f',
  type: ENTERPRISE_REGISTRATION_CHANGED,
  occurredAt: '2026-11-20T09:00:00+08:00',
  payload: {
    creditCode: '91500106MA5YXQT57W',
    sequence: 1,
    name: { from: '重庆两江烤鱼餐饮有限公司', to: '重庆两江江湖烤鱼餐饮有限公司' },
    registeredAddress: null,
    legalRepresentative: null,
    occurredAt: '2026-11-20T09:00:00+08:00',
  } satisfies EnterpriseRegistrationChanged,
};
