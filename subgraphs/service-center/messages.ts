/**
 * What an application's messages may tell their reader. An errand reads several departments on the
 * family's behalf, and its messages — item reasons, tickets, broken rules, the enrolment's reasons and
 * follow-ups — quote what those departments hold (public security's address, health's missing vaccine
 * doses). Each message is stored with the departments whose records it states; answering a reader,
 * a message stating records the reader may not read is replaced by a neutral one naming the
 * department to ask, never the facts (purpose limitation: staff acting for a family learn only what
 * their own scopes allow).
 *
 * - The family — the applicant and the other parent the application's records name, the only
 *   citizens who reach an application — reads every message: they are about their own errand and
 *   their minor child.
 * - Staff read a message when they hold `<department>:read` for every department it states; the
 *   service-center's own messages (e.g. "waits for checkVaccination") to any staff who reach the
 *   application.
 */
import type { Identity } from '../../lib/auth/identity.ts';
import { hasStaffScope } from '../kit/access.ts';
import { DEPARTMENT } from './access.ts';
import { factsOf } from './errands/definition.ts';

/** Whether the reader may read what `department` holds about the family. */
export type FactsReader = (department: string) => boolean;

/** The reader of an application's messages: see the module comment. */
export function factsReaderFor(identity: Identity): FactsReader {
  if (identity.kind === 'citizen' || (identity.kind === 'service' && identity.actingFor)) return () => true;
  if (identity.kind !== 'staff') return () => false;
  return (department) => department === DEPARTMENT || hasStaffScope(identity, `${department}:read`);
}

/** The message a reader gets in place of one stating records of `departments` they may not read. */
export function withheldMessage(departments: readonly string[]): string {
  const named = departments.join(' and ');
  return `${named} ${departments.length > 1 ? 'have' : 'has'} a reason here, from records you may not read; ask ${departments.join(' or ')} or the service hall`;
}

/** `message` as `reader` may read it: itself, or {@link withheldMessage} naming the departments withheld. */
export function messageFor(reader: FactsReader, message: string, facts: readonly string[]): string {
  const withheld = [...new Set(facts)].filter((department) => !reader(department));
  return withheld.length === 0 ? message : withheldMessage(withheld);
}

/** A finding (a broken rule, a question, a follow-up) as `reader` may read it, without its `facts`. */
export function findingFor<T extends { department: string; message: string; facts?: string[] }>(
  reader: FactsReader,
  finding: T,
): Omit<T, 'facts'> {
  const { facts: _facts, ...rest } = finding;
  return { ...rest, message: messageFor(reader, finding.message, factsOf(finding)) };
}
