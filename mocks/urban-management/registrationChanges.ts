/**
 * Urban management following market regulation's registration changes (`enterprise.registration-changed`,
 * 一处变更、多处联动): its signboard and drainage-permit records of the enterprise take the new name and
 * legal representative; on a move of the registered address, the signboards hanging at the old address
 * must come down (REMOVAL_REQUIRED): a signboard is registered for the premises it hangs on, and the
 * enterprise left them. Runs inside the receiver's transaction, once per event.
 */
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { enterpriseRegistrationChanged } from '../../schema/market-regulation/events.ts';
import { parseRequest } from '../kit/errors.ts';
import type { UrbanManagementStore } from './store.ts';

/**
 * Applies one `enterprise.registration-changed` event to urban management's records and answers what
 * it did, one sentence each. An enterprise with no signboard or permit is noted, not refused.
 *
 * @throws ApiError 400 `INVALID_REQUEST` for a payload that is not the event's (refused for good)
 */
export function followRegistrationChange(store: UrbanManagementStore, event: EventEnvelope): string[] {
  const change = parseRequest(enterpriseRegistrationChanged, event.payload);
  const [records] = store.recordsOf([change.creditCode]);
  if (!records) {
    return [
      `Urban management holds no signboard or drainage permit of ${change.creditCode}; nothing to change.`,
    ];
  }
  const actions: string[] = [];
  const held = [
    ...records.signboards.map((signboard) => `signboard ${signboard.id}`),
    ...records.drainagePermits.map((permit) => `drainage permit ${permit.number}`),
  ].join(', ');
  if (change.name || change.legalRepresentative) {
    store.saveRegistration(change.creditCode, {
      name: change.name?.to ?? null,
      legalRepresentativeCitizenId: change.legalRepresentative?.to ?? null,
      changedAt: change.occurredAt,
    });
    if (change.name) actions.push(`The records of ${held} now name the enterprise ${change.name.to}.`);
    if (change.legalRepresentative)
      actions.push(`The records of ${held} now name the new legal representative.`);
  }
  const move = change.registeredAddress;
  if (move) {
    const left = store.registeredSignboardsAt(change.creditCode, move.from);
    for (const signboard of left) {
      store.requireRemoval(signboard.id, change.occurredAt);
      actions.push(
        `Signboard ${signboard.id} (“${signboard.text}”) at the old registered address must be removed: the enterprise moved away.`,
      );
    }
    if (left.length === 0) actions.push('No registered signboard hangs at the old registered address.');
  }
  return actions;
}
