/**
 * Who may see what, as every subgraph decides it where the data lives. A citizen reads their own
 * records, their minor children's and their household's; staff read their own department's data with
 * a read scope; the service-center reads what the citizen it acts for may read; anonymous callers read
 * only public data. Public security decides the relationship and hands other departments a signed
 * grant per person (see lib/auth/grants.ts); this module turns the identity and the grant into a yes
 * or a no, and masks what a reader may see only in part.
 */
import { GraphQLError } from 'graphql';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { maskCitizenId } from '../../lib/citizenId.ts';

/** The citizen an identity reads as: itself, or the citizen a service acts for. */
export function readerCitizenId(identity: Identity): string | null {
  if (identity.kind === 'citizen') return identity.citizenId;
  if (identity.kind === 'service') return identity.actingFor;
  return null;
}

/** True when the identity is staff of `department` holding `scope` (e.g. `health:read`). */
export function isDepartmentStaff(identity: Identity, department: string, scope: string): boolean {
  return identity.kind === 'staff' && identity.department === department && identity.scopes.includes(scope);
}

/** `FORBIDDEN`: the caller may not see this; no hint whether it exists. */
export function forbidden(department: string, what: string): GraphQLError {
  return new GraphQLError(`not allowed to read ${what}`, { extensions: { code: 'FORBIDDEN', department } });
}

/** `UNAUTHENTICATED`: personal data needs a signed-in caller. */
export function signInRequired(department: string): GraphQLError {
  return new GraphQLError('sign in to read personal data', {
    extensions: { code: 'UNAUTHENTICATED', department },
  });
}

/**
 * Decides whether `identity` may read the records `department` holds about `subject`: its own staff
 * with `<department>:read`, or a citizen (or the service-center acting for one) holding a valid grant
 * from public security for that person.
 *
 * @throws GraphQLError `UNAUTHENTICATED` for an anonymous caller, `FORBIDDEN` otherwise
 */
export async function requireReadAccess(
  grants: AccessGrants,
  identity: Identity,
  department: string,
  subject: string,
  grant: string | null | undefined,
): Promise<void> {
  if (identity.kind === 'anonymous') throw signInRequired(department);
  if (isDepartmentStaff(identity, department, `${department}:read`)) return;
  const reader = readerCitizenId(identity);
  if (reader && (reader === subject || (await grants.allows(grant, reader, subject)))) return;
  throw forbidden(department, "this person's records");
}

/** A citizen ID as a reader may see it: whole for the person themselves and entitled staff, else masked. */
export function citizenIdFor(identity: Identity, citizenId: string, entitledDepartment?: string): string {
  if (readerCitizenId(identity) === citizenId) return citizenId;
  if (entitledDepartment && isDepartmentStaff(identity, entitledDepartment, `${entitledDepartment}:read`)) {
    return citizenId;
  }
  return maskCitizenId(citizenId);
}

/** A mobile number masked to its first three and last four digits: `138****5678`. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(phone.length);
}
