/**
 * Fire rescue following market regulation's registration changes (`enterprise.registration-changed`,
 * 一处变更、多处联动): its supervision record of the enterprise takes the new name and legal
 * representative. A move of the registered address fire rescue cannot follow by itself: a check covers
 * the premises it saw, not premises it has not. So the check of the premises at the old address is
 * marked superseded (it no longer covers the registered premises), and an on-site inspection of the
 * premises at the new address is booked, due as {@link bookInspection} books one; the inspector
 * records its result as for any other. Runs inside the receiver's transaction, once per event.
 */
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import {
  type EnterpriseRegistrationChanged,
  enterpriseRegistrationChanged,
} from '../../schema/market-regulation/events.ts';
import { ApiError, parseRequest } from '../kit/errors.ts';
import { bookInspection, instantOn } from './inspection.ts';
import type { FireRescueStore } from './store.ts';

/** Carries a move of the registered address to fire rescue's checks, saying what it did. */
function followMove(store: FireRescueStore, change: EnterpriseRegistrationChanged, today: string): string[] {
  const move = change.registeredAddress;
  if (!move) return [];
  const premises = store.premisesAt(change.creditCode, move.from);
  const covering = premises
    ? store.checksOfPremises(premises.id).filter((check) => check.status !== 'FAILED' && !check.supersededAt)
    : [];
  const [standing] = covering;
  if (!premises || !standing) {
    return ['Fire rescue holds no standing fire safety check of premises at the old registered address.'];
  }
  let booked: string | null = null;
  const actions: string[] = [];
  try {
    const inspection = bookInspection(
      store,
      {
        creditCode: change.creditCode,
        // The representative who now answers for the enterprise; the applicant of the old check otherwise.
        applicantCitizenId: change.legalRepresentative?.to ?? standing.applicantCitizenId,
        premises: { address: move.to, floorArea: premises.floorArea, seats: premises.seats },
      },
      today,
    );
    booked = inspection.id;
    actions.push(
      `Booked on-site inspection ${inspection.id} of the premises at the new registered address, due ${inspection.dueAt}: fire rescue has not seen them.`,
    );
  } catch (error) {
    // The enterprise already had premises at the new address with a standing check: that check covers them.
    if (!(error instanceof ApiError) || error.code !== 'FIRE_SAFETY_CHECK_EXISTS') throw error;
    actions.push('A standing fire safety check already covers the premises at the new registered address.');
  }
  const at = instantOn(today);
  for (const check of covering) {
    store.supersedeCheck(check.id, at, booked);
    actions.push(
      `Fire safety check ${check.id} of premises ${premises.id} no longer covers the registered premises: the enterprise moved away.`,
    );
  }
  return actions;
}

/**
 * Applies one `enterprise.registration-changed` event to fire rescue's records and answers what it
 * did, one sentence each. An enterprise fire rescue supervises no premises of is noted, not refused.
 *
 * @throws ApiError 400 `INVALID_REQUEST` for a payload that is not the event's (refused for good)
 */
export function followRegistrationChange(
  store: FireRescueStore,
  event: EventEnvelope,
  today: string,
): string[] {
  const change = parseRequest(enterpriseRegistrationChanged, event.payload);
  const [records] = store.recordsOf([change.creditCode]);
  if (!records) {
    return [`Fire rescue supervises no premises of ${change.creditCode}; nothing to change.`];
  }
  const actions: string[] = [];
  if (change.name || change.legalRepresentative) {
    store.saveRegistration(change.creditCode, {
      name: change.name?.to ?? null,
      legalRepresentativeCitizenId: change.legalRepresentative?.to ?? null,
      changedAt: change.occurredAt,
    });
    const premises = records.premises.map((entry) => entry.id).join(', ');
    if (change.name)
      actions.push(`Supervision record of premises ${premises} now names the enterprise ${change.name.to}.`);
    if (change.legalRepresentative)
      actions.push(`Supervision record of premises ${premises} now names the new legal representative.`);
  }
  return [...actions, ...followMove(store, change, today)];
}
