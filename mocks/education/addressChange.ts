/**
 * The education department's part in "change once, sync everywhere" (一处变更、多处联动): when a
 * household moves, the school district of its children's school-age registrations (学龄登记) is
 * recomputed from the new address. Enrolments already made stay: a pupil who is ENROLLED keeps the
 * place. A pending one — WAITLISTED at a school outside the new address's district — is flagged for
 * re-check in `enrolment_rechecks`: the place on the waiting list is kept until an admissions officer
 * decides, because residence in the school's district was part of the admission. Runs inside the
 * event receiver's transaction, once per event.
 */

import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../../lib/contract/protocol.ts';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import { householdAddressChanged } from '../../schema/public-security/events.ts';
import { ApiError, parseRequest } from '../kit/errors.ts';
import type { EducationStore } from './store.ts';

/** Waiting-list enrolments to re-check after a move, one row per enrolment and event; created on every start. */
export const ENROLMENT_RECHECKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS enrolment_rechecks (
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  event_id TEXT NOT NULL,
  citizen_id TEXT NOT NULL,
  school_district_id TEXT NOT NULL,
  new_district_id TEXT,
  flagged_at TEXT NOT NULL,
  PRIMARY KEY (enrolment_id, event_id)
);
`;

/** Creates the table of re-checks in a store that lacks it. */
export function createEnrolmentRechecks(db: Database.Database): void {
  db.exec(ENROLMENT_RECHECKS_SCHEMA);
}

interface RegistrationRow {
  citizen_id: string;
  birth_date: string;
  district_id: string;
}

interface EnrolmentRow {
  id: string;
  citizen_id: string;
  status: 'ENROLLED' | 'WAITLISTED';
  school_name: string;
  school_district_id: string;
}

/**
 * Moves the members' school-age registrations to the district covering the new address, keeps their
 * enrolments and flags pending ones for re-check, and says what it did. Refuses (422
 * `NO_SCHOOL_DISTRICT_FOR_ADDRESS`) an address no district covers when a member is registered.
 */
export function recomputeSchoolDistricts(store: EducationStore, event: EventEnvelope): string[] {
  const move = parseRequest(householdAddressChanged, event.payload);
  const members = move.memberCitizenIds;
  if (members.length === 0) return [`Household ${move.householdId} has no members; nothing to recompute.`];
  const registrations = prepared<[string], RegistrationRow>(
    store.db,
    `SELECT citizen_id, birth_date, district_id FROM school_age_registrations
     WHERE citizen_id ${IN_LIST} ORDER BY birth_date, citizen_id`,
  ).all(listParameter(members));
  const enrolments = prepared<[string], EnrolmentRow>(
    store.db,
    `SELECT e.id, e.citizen_id, e.status, s.name AS school_name, s.district_id AS school_district_id
     FROM enrolments e JOIN schools s ON s.id = e.school_id
     WHERE e.citizen_id ${IN_LIST} AND e.status IN ('ENROLLED', 'WAITLISTED')
     ORDER BY e.id`,
  ).all(listParameter(members));
  if (registrations.length === 0 && enrolments.length === 0) {
    return [
      `No member of household ${move.householdId} has a school-age registration or a current enrolment; nothing to recompute.`,
    ];
  }
  const [district] = store.resolveDistricts([{ divisionCode: move.to.divisionCode, street: move.to.street }]);
  if (!district && registrations.length > 0) {
    throw new ApiError(
      422,
      'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
      `no school district covers ${move.to.street} in division ${move.to.divisionCode}; the registrations of household ${move.householdId} stay where they are`,
      { divisionCode: move.to.divisionCode, street: move.to.street },
    );
  }
  const newDistrict = district ? `${district.name} (${district.id})` : 'no school district';
  const actions: string[] = [];
  const moveRegistration = store.db.prepare(
    'UPDATE school_age_registrations SET division_code = ?, street = ?, district_id = ? WHERE citizen_id = ?',
  );
  for (const registration of registrations) {
    const child = `the child born on ${registration.birth_date}`;
    if (district && registration.district_id !== district.id) {
      moveRegistration.run(move.to.divisionCode, move.to.street, district.id, registration.citizen_id);
      actions.push(
        `School-age registration of ${child} moved from district ${registration.district_id} to ${newDistrict}.`,
      );
    } else {
      moveRegistration.run(
        move.to.divisionCode,
        move.to.street,
        registration.district_id,
        registration.citizen_id,
      );
      actions.push(
        `School-age registration of ${child} stays in ${newDistrict}, which covers the new address.`,
      );
    }
  }
  const flag = store.db.prepare('INSERT OR IGNORE INTO enrolment_rechecks VALUES (?, ?, ?, ?, ?, ?)');
  for (const enrolment of enrolments) {
    if (enrolment.status === 'ENROLLED') {
      actions.push(
        `Enrolment ${enrolment.id} at ${enrolment.school_name} stays: an enrolled pupil keeps the place.`,
      );
    } else if (district?.id === enrolment.school_district_id) {
      actions.push(
        `Waiting-list enrolment ${enrolment.id} at ${enrolment.school_name} stays: the school is in ${newDistrict}, which covers the new address.`,
      );
    } else {
      flag.run(
        enrolment.id,
        event.eventId,
        enrolment.citizen_id,
        enrolment.school_district_id,
        district?.id ?? null,
        new Date().toISOString(),
      );
      actions.push(
        `Waiting-list enrolment ${enrolment.id} at ${enrolment.school_name} is flagged for re-check: the new address is in ${newDistrict}, not the school's district ${enrolment.school_district_id}; the place on the list is kept until an admissions officer decides.`,
      );
    }
  }
  return actions;
}
