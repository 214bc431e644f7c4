/**
 * The people the service-center's answers name — an application's applicant, the parent whose consent
 * it awaits, the newborn, the child of an enrolment, a consent's grantor and grantee — as the reader
 * may see them: in full, or masked (`500103********9170`, a key that resolves nothing in any
 * department; the same design as every department's, see `EntitledPeople` in the kit).
 *
 * In full:
 * - to themselves;
 * - to a parent the application's records name, the minor child it is about (the newborn, the child
 *   of a school enrolment);
 * - to whoever named the person in the request (the grantee a grantor typed, the child staff applied
 *   for): the answer tells them nothing they did not give;
 * - to staff with `service-center:read`, who read every application.
 *
 * Masked to everyone else: e.g. the other parent to the applicant (they still see *whom* the consent
 * is awaited from), the applicant to education staff who applied for the family, the grantor to the
 * grantee of a consent.
 */
import type { Identity } from '../../lib/auth/identity.ts';
import { maskCitizenId } from '../../lib/citizenId.ts';
import { hasStaffScope, readerCitizenId } from '../kit/access.ts';
import { READ_SCOPE } from './access.ts';
import { parentsOfChild, SCHOOL_ENROLMENT, type SchoolEnrolmentInput } from './enrolment/application.ts';
import { NEWBORN, type NewbornApplicationInput, parentsOnBirthRecord } from './newborn/application.ts';
import type { ApplicationRow, ItemRow } from './store.ts';

/** A person as the service-center answers one: the key, whole or masked. */
export interface PersonReference {
  citizenId: string;
}

/**
 * The minor child an application is about, with the parents its records name; null before the
 * newborn has a citizen ID, and for other errands.
 */
export async function childOfApplication(
  application: ApplicationRow,
  items: () => Promise<ItemRow[]>,
): Promise<{ citizenId: string; parents: string[] } | null> {
  if (application.kind === SCHOOL_ENROLMENT) {
    const { child } = application.input as SchoolEnrolmentInput;
    return { citizenId: child.citizenId, parents: parentsOfChild(child) };
  }
  if (application.kind === NEWBORN) {
    const hukou = (await items()).find((item) => item.step === 'registerHukou');
    const citizenId = (hukou?.result as { result?: { citizenId?: unknown } } | null)?.result?.citizenId;
    if (hukou?.status !== 'DONE' || typeof citizenId !== 'string') return null;
    const { birth } = application.input as NewbornApplicationInput;
    return { citizenId, parents: parentsOnBirthRecord(birth) };
  }
  return null;
}

/** What decides how a person appears besides who reads. */
export interface PersonSeenIn {
  /** The application the person is named in, whose child its parents see in full. */
  child?: { citizenId: string; parents: string[] } | null;
  /** True when the reader gave this person's ID in the request themselves. */
  namedByReader?: boolean;
}

/** True when `identity` may see `citizenId` in full where it appears (see the module comment). */
export function seesInFull(identity: Identity, citizenId: string, seenIn: PersonSeenIn = {}): boolean {
  if (seenIn.namedByReader || hasStaffScope(identity, READ_SCOPE)) return true;
  const reader = readerCitizenId(identity);
  if (!reader) return false;
  if (reader === citizenId) return true;
  return seenIn.child?.citizenId === citizenId && seenIn.child.parents.includes(reader);
}

/** `citizenId` as a `Person` reference for `identity`: whole, or masked. */
export function personFor(identity: Identity, citizenId: string, seenIn: PersonSeenIn = {}): PersonReference {
  return { citizenId: seesInFull(identity, citizenId, seenIn) ? citizenId : maskCitizenId(citizenId) };
}
