/**
 * The health department's part in "change once, sync everywhere" (一处变更、多处联动): when a household
 * moves, the vaccination record (预防接种证) of every member is kept from then on by the clinic serving
 * the new street. Runs inside the event receiver's transaction, once per event.
 */

import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import { householdAddressChanged } from '../../schema/public-security/events.ts';
import { ApiError, parseRequest } from '../kit/errors.ts';
import type { HealthStore } from './store.ts';

/**
 * Re-assigns the members' vaccination records to the clinic serving the household's new street and
 * says what it did. Refuses (422 `NO_CLINIC_FOR_ADDRESS`) an address no clinic serves when a member
 * has a record, leaving every record where it was.
 */
export function reassignVaccinationClinics(store: HealthStore, event: EventEnvelope): string[] {
  const move = parseRequest(householdAddressChanged, event.payload);
  const members = move.memberCitizenIds;
  const records =
    members.length === 0
      ? []
      : prepared<[string], { id: string; clinic_id: string }>(
          store.db,
          `SELECT id, clinic_id FROM vaccination_records WHERE citizen_id ${IN_LIST} ORDER BY id`,
        ).all(listParameter(members));
  if (records.length === 0) {
    return [`No member of household ${move.householdId} has a vaccination record; nothing to re-assign.`];
  }
  const clinic = store.clinicFor(move.to.divisionCode, move.to.street);
  if (!clinic) {
    throw new ApiError(
      422,
      'NO_CLINIC_FOR_ADDRESS',
      `no vaccination clinic serves ${move.to.street} in division ${move.to.divisionCode}; the records of household ${move.householdId} stay where they are`,
      { divisionCode: move.to.divisionCode, street: move.to.street },
    );
  }
  const reassign = store.db.prepare('UPDATE vaccination_records SET clinic_id = ? WHERE id = ?');
  return records.map((record) => {
    if (record.clinic_id === clinic.id) {
      return `Vaccination record ${record.id} stays at ${clinic.name} (${clinic.id}), which serves ${move.to.street}.`;
    }
    reassign.run(clinic.id, record.id);
    return `Vaccination record ${record.id} moved from clinic ${record.clinic_id} to ${clinic.name} (${clinic.id}), which serves ${move.to.street}.`;
  });
}
