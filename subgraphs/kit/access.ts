/**
 * Who may see what, as every subgraph decides it where the data lives. A citizen reads their own
 * records, their minor children's and their household's; staff read their own department's data with
 * a read scope, for a purpose they state (a case or an application, see `lib/auth/purpose.ts`) or for
 * an act of theirs, and are refused `PURPOSE_REQUIRED` without one; the service-center reads what the citizen it acts for may read; anonymous callers read
 * only public data. Public security decides the relationship and hands other departments a signed
 * grant per person (see lib/auth/grants.ts); this module turns the identity and the grant into a yes
 * or a no, and masks what a reader may see only in part.
 */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { isStaffReadPurpose, STATED_PURPOSE_FORM } from '../../lib/auth/purpose.ts';
import { isMaskedCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';

/** The citizen an identity reads as: itself, or the citizen a service acts for. */
export function readerCitizenId(identity: Identity): string | null {
  if (identity.kind === 'citizen') return identity.citizenId;
  if (identity.kind === 'service') return identity.actingFor;
  return null;
}

/**
 * True when the identity is staff holding `scope` (e.g. `health:read`). Scopes are granted per
 * department's data: a health clerk holds `health:read`; an auditor may hold several departments'.
 */
export function hasStaffScope(identity: Identity, scope: string): boolean {
  return identity.kind === 'staff' && identity.scopes.includes(scope);
}

/** True when the identity is the service-center (calling a department's act on an application). */
export function isServiceCenter(identity: Identity): boolean {
  return identity.kind === 'service' && identity.service === 'service-center';
}

/**
 * Refuses a department act (an `@inaccessible` mutation) to anyone but the service-center and staff
 * holding `<department>:write`: the public graph hides acts, and this stops callers that reach the
 * subgraph directly.
 */
export function requireActCaller(identity: Identity, department: string): void {
  if (identity.kind === 'anonymous') throw signInRequired(department);
  if (isServiceCenter(identity) || hasStaffScope(identity, `${department}:write`)) return;
  throw forbidden(department, text('refused.act'));
}

const REFUSED_SUBJECT = Symbol('refused subject');

/**
 * `FORBIDDEN`: the caller may not see this; no hint whether it exists. `what` is refused, a
 * message of the catalogue (`refused.*`), told in the reader's language.
 *
 * @param subject - the citizen whose data was refused, when a person's data was asked for: kept on
 *   the error for the audit log (see {@link refusedSubjectOf}), never sent to the client
 */
export function forbidden(department: string, what: Text, subject?: string): GraphQLError {
  const error = localizedError(
    'access.notAllowed',
    { what },
    { extensions: { code: 'FORBIDDEN', department } },
  );
  if (subject) Object.defineProperty(error, REFUSED_SUBJECT, { value: subject, enumerable: false });
  return error;
}

/**
 * The citizen whose data a {@link forbidden} refusal kept back, or null when it named none; also
 * through the located error GraphQL execution wraps a resolver's error in (its `originalError`).
 */
export function refusedSubjectOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const subject = (error as { [REFUSED_SUBJECT]?: unknown })[REFUSED_SUBJECT];
  if (typeof subject === 'string') return subject;
  const original = (error as { originalError?: unknown }).originalError;
  return original && original !== error ? refusedSubjectOf(original) : null;
}

/**
 * `FORBIDDEN`, reason `PURPOSE_REQUIRED`: a staff member read personal data without stating why.
 *
 * @param subject - the citizen whose data was refused, kept for the audit log as {@link forbidden} does
 */
export function purposeRequired(department: string, subject?: string): GraphQLError {
  const error = forbidden(
    department,
    text('refused.purposeRequired', { form: STATED_PURPOSE_FORM }),
    subject,
  );
  error.extensions.reason = 'PURPOSE_REQUIRED';
  return error;
}

/**
 * Refuses a staff member who reads personal data without a purpose: the delegation must carry a
 * stated case or application, or name an act of theirs (`isStaffReadPurpose`). Other callers pass:
 * a citizen reads as themselves, the service-center on its application.
 *
 * @param subject - whose data is read, for the audit log of the refusal
 * @throws GraphQLError `FORBIDDEN` reason `PURPOSE_REQUIRED`
 */
export function requireStaffPurpose(identity: Identity, department: string, subject?: string): void {
  if (identity.kind === 'staff' && !isStaffReadPurpose(identity.purpose)) {
    throw purposeRequired(department, subject);
  }
}

/**
 * True when the identity is staff holding `scope` and reading for a purpose; false, without a
 * refusal, otherwise: for decisions that must look the same either way (whether an unknown key is
 * null or a stub that refuses), where {@link staffReadsWith} would tell a purpose-less reader apart.
 */
export function staffMayRead(identity: Identity, scope: string): boolean {
  return (
    hasStaffScope(identity, scope) && isStaffReadPurpose((identity as { purpose?: string | null }).purpose)
  );
}

/**
 * True when staff read with `scope` here: they hold it and read for a purpose. A staff member who
 * holds it without a purpose is refused (`PURPOSE_REQUIRED`, thrown), never treated as a stranger:
 * they learn why. Use it wherever a read scope opens a person's data.
 *
 * @throws GraphQLError `FORBIDDEN` reason `PURPOSE_REQUIRED`
 */
export function staffReadsWith(
  identity: Identity,
  scope: string,
  department: string,
  subject?: string,
): boolean {
  if (!hasStaffScope(identity, scope)) return false;
  requireStaffPurpose(identity, department, subject);
  return true;
}

/** `UNAUTHENTICATED`: personal data needs a signed-in caller. */
export function signInRequired(department: string): GraphQLError {
  return localizedError('access.signIn', undefined, {
    extensions: { code: 'UNAUTHENTICATED', department },
  });
}

/**
 * Decides whether `identity` may read the records `department` holds about `subject`: its own staff
 * with `<department>:read` reading for a purpose ({@link requireStaffPurpose}), or a citizen (or the service-center acting for one) holding a valid grant
 * from public security for that person. A masked citizen ID is refused to everyone. A grant that
 * verifies is recorded in `entitled`, so the records read under it show the person in full.
 *
 * @throws GraphQLError `UNAUTHENTICATED` for an anonymous caller, `FORBIDDEN` otherwise (reason
 *   `PURPOSE_REQUIRED` for its staff without a purpose)
 */
export async function requireReadAccess(
  grants: AccessGrants,
  identity: Identity,
  department: string,
  subject: string,
  grant: string | null | undefined,
  entitled?: EntitledPeople,
): Promise<void> {
  if (identity.kind === 'anonymous') throw signInRequired(department);
  // A masked reference stands for someone the reader may not read: it opens nothing, for anyone.
  if (isMaskedCitizenId(subject)) throw forbidden(department, text('refused.personsRecords'), subject);
  if (staffReadsWith(identity, `${department}:read`, department, subject)) return;
  const reader = readerCitizenId(identity);
  if (reader && (reader === subject || (await grants.allows(grant, reader, subject)))) {
    entitled?.add(subject);
    return;
  }
  throw forbidden(department, text('refused.personsRecords'), subject);
}

/**
 * The people one request's reader has been shown entitled to read in a department: themselves, and
 * each person whose access grant from public security verified in this request. A record read there
 * names other people (a spouse, a parent, a case's members); each appears as {@link reference}
 * decides — in full when the reader may read them, masked otherwise (`500103********9170`, a key that
 * resolves nothing), the same in every department.
 */
export class EntitledPeople {
  readonly #shown = new Set<string>();

  /**
   * @param identity - who reads
   * @param department - the department whose staff read in full with `<department>:read`
   */
  constructor(
    private readonly identity: Identity,
    private readonly department: string,
  ) {}

  /** Records that the reader may read `citizenId` (a grant for them verified). */
  add(citizenId: string): void {
    this.#shown.add(citizenId);
  }

  /**
   * True when the reader may see `citizenId` in full: the person themselves, someone whose grant
   * verified in this request, the department's own staff with its read scope reading for a purpose,
   * and the service-center
   * working on an application (whose own answers mask again for their reader).
   */
  shows(citizenId: string): boolean {
    const { identity } = this;
    if (isMaskedCitizenId(citizenId)) return false;
    if (readerCitizenId(identity) === citizenId || this.#shown.has(citizenId)) return true;
    return staffMayRead(identity, `${this.department}:read`) || isServiceCenter(identity);
  }

  /** A related person as the reader may see them: the key whole, or masked when they may not read them. */
  reference(citizenId: string): { citizenId: string } {
    return { citizenId: this.shows(citizenId) ? citizenId : maskCitizenId(citizenId) };
  }
}

/**
 * A Person as a department subgraph receives it: the key, and public security's access grant for the
 * caller (present when the gateway resolved a field that `@requires` it; absent or null otherwise).
 */
export interface PersonReference {
  citizenId: string;
  accessGrant?: string | null;
}

/**
 * Decides, together, whether the caller may read each of `people` in `department`: null where they
 * may, the refusal where not (see {@link requireReadAccess}); grants are checked concurrently.
 */
export function refusalsOf(
  grants: AccessGrants,
  identity: Identity,
  department: string,
  people: readonly PersonReference[],
  entitled?: EntitledPeople,
): Promise<Array<Error | null>> {
  return Promise.all(
    people.map((person) =>
      requireReadAccess(grants, identity, department, person.citizenId, person.accessGrant, entitled).then(
        () => null,
        (refusal: unknown) => refusal as Error,
      ),
    ),
  );
}

/**
 * Per request: whether the caller may read what `department` holds about a person, the reason to
 * refuse as the error. The decisions asked for in one tick are made together and settle together, so
 * the records loaded after them still go to the department in one call however many people are asked.
 */
export function createPersonAccess(
  department: string,
  grants: AccessGrants,
  identity: Identity,
  entitled?: EntitledPeople,
): DataLoader<PersonReference, true, string> {
  return new DataLoader<PersonReference, true, string>(
    async (people) =>
      (await refusalsOf(grants, identity, department, people, entitled)).map((refusal) => refusal ?? true),
    // The same person with another grant is another decision: a forged grant never rides on a valid one.
    { cacheKeyFn: (person) => `${person.citizenId} ${person.accessGrant ?? ''}` },
  );
}

/** A mobile number masked to its first three and last four digits: `138****5678`. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(phone.length);
}
