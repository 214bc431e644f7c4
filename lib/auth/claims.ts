/**
 * How an {@link Identity} is written into a token's claims and read back: the one encoding the
 * identity provider's tokens, the services' delegation tokens and the access grants share.
 *
 * Claims: `sub` (see `identity.ts`; `anonymous` for a caller without a token, in delegation tokens
 * only), `scope` (space-separated, staff), `act_for` and `application` (the service-center acting for a
 * citizen on an application).
 */
import type { JWTPayload } from 'jose';
import { parseCitizenId } from '../citizenId.ts';
import { ANONYMOUS, type Identity, subjectOf } from './identity.ts';

/** The subject a delegation token carries for a caller without a token of its own. */
export const ANONYMOUS_SUBJECT = 'anonymous';

/** The claims carrying `identity`: its subject and what else its kind needs. */
export function claimsOf(identity: Identity): Record<string, string> {
  if (identity.kind === 'anonymous') return { sub: ANONYMOUS_SUBJECT };
  const claims: Record<string, string> = { sub: subjectOf(identity) };
  if (identity.kind === 'staff') claims.scope = identity.scopes.join(' ');
  if (identity.kind === 'service') {
    if (identity.actingFor) claims.act_for = identity.actingFor;
    if (identity.applicationId) claims.application = identity.applicationId;
  }
  return claims;
}

/**
 * The identity verified claims carry, or `undefined` for a subject of no known form. `anonymous` is
 * read as the anonymous caller: whoever accepts it decides whether that subject may come from that
 * signer (the identity provider never signs it).
 */
export function identityFromClaims(claims: JWTPayload): Identity | undefined {
  const sub = claims.sub ?? '';
  if (sub === ANONYMOUS_SUBJECT) return ANONYMOUS;
  if (sub.startsWith('staff:')) {
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const [department = '', employeeId] = sub.slice('staff:'.length).split('/');
    if (!department) return undefined;
    return employeeId
      ? { kind: 'staff', department, employeeId, scopes }
      : { kind: 'staff', department, scopes };
  }
  if (sub.startsWith('hospital:')) {
    const hospitalId = sub.slice('hospital:'.length);
    return hospitalId ? { kind: 'hospital', hospitalId } : undefined;
  }
  if (sub.startsWith('service:')) {
    const service = sub.slice('service:'.length);
    if (!service) return undefined;
    return {
      kind: 'service',
      service,
      actingFor: typeof claims.act_for === 'string' ? claims.act_for : null,
      applicationId: typeof claims.application === 'string' ? claims.application : null,
    };
  }
  const citizen = parseCitizenId(sub);
  return citizen.ok ? { kind: 'citizen', citizenId: citizen.value } : undefined;
}
