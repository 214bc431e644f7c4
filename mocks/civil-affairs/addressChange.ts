/**
 * The civil-affairs department's part in "change once, sync everywhere" (一处变更、多处联动): when a
 * household on assistance moves to another district, its ACTIVE case is transferred to the
 * civil-affairs office of the new division, which pays and reviews it from then on. Each transfer is
 * recorded in `assistance_case_transfers`. Runs inside the event receiver's transaction, once per event.
 */
import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { divisionOf } from '../../lib/divisions.ts';
import { householdAddressChanged } from '../../schema/public-security/events.ts';
import { parseRequest } from '../kit/errors.ts';
import type { CivilAffairsStore } from './store.ts';

/** Transfers of cases between jurisdictions; created on every start. */
export const CASE_TRANSFERS_SCHEMA = `
CREATE TABLE IF NOT EXISTS assistance_case_transfers (
  case_id TEXT NOT NULL REFERENCES assistance_cases(id),
  event_id TEXT NOT NULL,
  from_division_code TEXT NOT NULL,
  to_division_code TEXT NOT NULL,
  transferred_at TEXT NOT NULL,
  PRIMARY KEY (case_id, event_id)
);
`;

/** Creates the table of transfers in a store that lacks it. */
export function createCaseTransfers(db: Database.Database): void {
  db.exec(CASE_TRANSFERS_SCHEMA);
}

/** A division as a sentence names it, e.g. `江北区 (500105)`. */
function named(code: string): string {
  const division = divisionOf(code);
  return division ? `${division.name} (${code})` : code;
}

/**
 * Moves the household's ACTIVE assistance case to the jurisdiction of its new division and says what
 * it did; a household without one, or a move within the division, changes nothing.
 */
export function transferAssistanceCase(store: CivilAffairsStore, event: EventEnvelope): string[] {
  const move = parseRequest(householdAddressChanged, event.payload);
  const [household] = store.householdsByIds([move.householdId]);
  if (!household) {
    return [`Household ${move.householdId} receives no social assistance; there is no case to move.`];
  }
  const assistanceCase = household.assistanceCase;
  const to = move.to.divisionCode;
  if (assistanceCase.divisionCode === to) {
    return [`Assistance case ${assistanceCase.id} stays with the civil-affairs office of ${named(to)}.`];
  }
  store.db.prepare('UPDATE assistance_cases SET division_code = ? WHERE id = ?').run(to, assistanceCase.id);
  store.db
    .prepare('INSERT OR IGNORE INTO assistance_case_transfers VALUES (?, ?, ?, ?, ?)')
    .run(assistanceCase.id, event.eventId, assistanceCase.divisionCode, to, new Date().toISOString());
  return [
    `Assistance case ${assistanceCase.id} transferred from the civil-affairs office of ${named(assistanceCase.divisionCode)} to that of ${named(to)}.`,
  ];
}
