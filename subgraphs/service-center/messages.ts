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
 *
 * Messages are written in the reader's language: a message stored as a text of the catalogue (its key
 * and parameters, see `lib/i18n`) is rendered when read; one stored before messages were keyed (rows
 * before migration 0006, findings without `text`) is answered as it was written, in English. The
 * neutral message is written in the reader's language, naming the departments as it names them.
 */

import type { Identity } from '../../lib/auth/identity.ts';
import type { Language } from '../../lib/i18n/languages.ts';
import { render, type Text } from '../../lib/i18n/messages.ts';
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

/** Departments by their names in `language`, joined as a list (`and`, or `or` for a `disjunction`). */
function departmentList(
  language: Language,
  departments: readonly string[],
  type: 'conjunction' | 'disjunction',
): string {
  const names = departments.map((department) =>
    render(language, { key: 'messages.department', params: { department } }),
  );
  return new Intl.ListFormat(language, { type }).format(names);
}

/** The message a reader gets in place of one stating records of `departments` they may not read. */
export function withheldMessage(language: Language, departments: readonly string[]): string {
  return render(language, {
    key: 'messages.withheld',
    params: {
      departments: departmentList(language, departments, 'conjunction'),
      count: departments.length,
      alternatives: departmentList(language, departments, 'disjunction'),
    },
  });
}

/**
 * `message` as `reader` may read it in `language`: itself (a text rendered, plain words as written),
 * or {@link withheldMessage} naming the departments withheld.
 */
export function messageFor(
  reader: FactsReader,
  language: Language,
  message: Text | string,
  facts: readonly string[],
): string {
  const withheld = [...new Set(facts)].filter((department) => !reader(department));
  if (withheld.length > 0) return withheldMessage(language, withheld);
  return typeof message === 'string' ? message : render(language, message);
}

/**
 * A finding (a broken rule, a question, a follow-up) as `reader` may read it in `language`, without
 * its `facts` and its `text`.
 */
export function findingFor<T extends { department: string; message: string; text?: Text; facts?: string[] }>(
  reader: FactsReader,
  language: Language,
  finding: T,
): Omit<T, 'facts' | 'text'> {
  const { facts: _facts, text: _text, ...rest } = finding;
  return {
    ...rest,
    message: messageFor(reader, language, finding.text ?? finding.message, factsOf(finding)),
  };
}
