/**
 * Who may read what the health department holds, decided here where the data lives.
 *
 * - A person's health records (`Person.birthCertificate`, `vaccinationRecord`, `reportedBirths`)
 *   follow the graph's rule (`requireReadAccess` of the kit): the person, whoever public security
 *   granted access to (a parent of a minor, a household member), and staff with `health:read`.
 * - A birth record is the hospital's record of a delivery: the mother and the father named on it,
 *   the hospital that reported it, staff with `health:read`, and the service center, whose newborn
 *   errand reads the report before it knows who applies and checks the applicant itself.
 *
 * Birth records and certificates reached from an object already checked (a readable person's
 * `reportedBirths`, a readable report's `certificate`, an act's answer) need no second check.
 *
 * Reading a birth record does not open the people it names. Its mother, father and child appear
 * whole only to whom the graph's one rule shows them (`EntitledPeople`: the reader, people whose
 * grant verified in this request, staff with `health:read`, the service center), masked otherwise:
 * the mother reading the record sees the father masked, and a hospital reading back its own report
 * sees both parents and the child masked (it keeps its own copy; the graph does not hand it back).
 *
 * The department could decide locally that a parent named on a record sees the child, but does not:
 * a birth record is kept for life and says who gave birth, not who is the child's guardian today
 * (an adoption, a guardianship moved by a court, a child come of age), which public security's
 * register decides and states in its grant. No errand needs more: the newborn errand reads the
 * record as the service center, and a parent finds the child's ID in public security's household
 * register, where the grant for the child comes from.
 */

import type { Identity } from '../../lib/auth/identity.ts';
import { text } from '../../lib/i18n/messages.ts';
import type { BirthRecordView } from '../../schema/health/contract.ts';
import {
  forbidden,
  isServiceCenter,
  readerCitizenId,
  signInRequired,
  staffReadsWith,
} from '../kit/access.ts';
import { DEPARTMENT } from './client.ts';

/** The scope that lets staff read every health record. */
export const HEALTH_READ = `${DEPARTMENT}:read`;

/** Refuses an anonymous caller: every health record is personal data. */
export function requireSignedIn(identity: Identity): void {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
}

/** True when the identity may read every birth record, so an unknown number is no secret to it. */
function readsEveryBirthRecord(identity: Identity): boolean {
  return staffReadsWith(identity, HEALTH_READ, DEPARTMENT) || isServiceCenter(identity);
}

/** True when the identity is a parent named on the report or the hospital that reported it. */
function isPartyTo(identity: Identity, report: BirthRecordView): boolean {
  if (identity.kind === 'hospital') return identity.hospitalId === report.hospital.id;
  const reader = readerCitizenId(identity);
  return reader !== null && (reader === report.motherCitizenId || reader === report.fatherCitizenId);
}

/**
 * Answers a birth record the caller asked for by its number, or refuses it. An unknown number is
 * `FORBIDDEN` exactly like another family's report, so the answer never tells a parent or a hospital
 * whether a number exists; staff and the service center, who may read every report, get null.
 *
 * @param report - the report as loaded, null when the department does not know the number
 * @throws GraphQLError `UNAUTHENTICATED` for an anonymous caller, `FORBIDDEN` for a report it may not read
 */
export function readableBirthRecord(
  identity: Identity,
  report: BirthRecordView | null,
): BirthRecordView | null {
  requireSignedIn(identity);
  if (readsEveryBirthRecord(identity)) return report;
  if (report && isPartyTo(identity, report)) return report;
  throw forbidden(DEPARTMENT, text('refused.birthRecord'));
}
