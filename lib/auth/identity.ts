/**
 * Who is asking: the identities a verified bearer token can carry, and how they are written as token
 * subjects (`sub`) and in the development issuer's `<identity>` argument.
 *
 * | identity | `sub` / argument | for |
 * | --- | --- | --- |
 * | citizen | a citizen ID | reading their own records, applying for one-thing errands |
 * | staff | `staff:<department>[/<employee>][:<scope>,…]` | a department's staff member, e.g. `staff:health/E1024:health:read` (subject `staff:health/E1024`) |
 * | hospital | `hospital:<id>` | a maternity unit reporting births |
 * | service | `service:<name>` | a service of the graph itself: the service-center acting for a citizen on an application, or public security's system sending events |
 *
 * Each key signs only its own kind of subject (see `delegation.ts`): the identity provider citizens,
 * staff and hospitals; the gateway what it verified of them; the service-center its own service identity.
 */
import { parseCitizenId } from '../citizenId.ts';

/** A citizen, signed in with their citizen ID. */
export interface CitizenIdentity {
  kind: 'citizen';
  citizenId: string;
}

/** A department's staff member, with the scopes granted, e.g. `health:read`. */
export interface StaffIdentity {
  kind: 'staff';
  department: string;
  /**
   * The staff member's own number at the department, e.g. `E1024`: with it each member is their own
   * caller (rate limits, the audit log); without it (older tokens) the department's desk as a whole.
   */
  employeeId?: string;
  scopes: string[];
  /**
   * Why the staff member reads in this request, as the calling service signed it in the delegation
   * (`case …`, `application …`, `act …`; see `purpose.ts`): set by a subgraph from the verified
   * delegation so its access rules see it beside the scopes; never read from a token's claims.
   */
  purpose?: string | null;
}

/** A hospital (maternity unit). */
export interface HospitalIdentity {
  kind: 'hospital';
  hospitalId: string;
}

/** A service of the graph itself, acting for a citizen on a named application. */
export interface ServiceIdentity {
  kind: 'service';
  service: string;
  /** The citizen the service acts for. */
  actingFor: string | null;
  /** The application it acts on. */
  applicationId: string | null;
}

/** No token: only public data. */
export interface AnonymousIdentity {
  kind: 'anonymous';
}

/** Any caller. */
export type Identity =
  | CitizenIdentity
  | StaffIdentity
  | HospitalIdentity
  | ServiceIdentity
  | AnonymousIdentity;

/** The caller without a token. */
export const ANONYMOUS: AnonymousIdentity = { kind: 'anonymous' };

const DEPARTMENT = /^[a-z][a-z-]*$/;
const EMPLOYEE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const SCOPE = /^[a-z][a-z-]*:[a-z]+$/;

/**
 * Parses the identity written as a development-issuer argument or a token subject; throws a
 * `TypeError` saying what was expected.
 */
export function parseIdentity(text: string): Exclude<Identity, AnonymousIdentity> {
  if (text.startsWith('staff:')) {
    const rest = text.slice('staff:'.length);
    const colon = rest.indexOf(':');
    const who = colon < 0 ? rest : rest.slice(0, colon);
    const scopeList = colon < 0 ? '' : rest.slice(colon + 1);
    const [department = '', employeeId, ...extra] = who.split('/');
    if (!DEPARTMENT.test(department) || extra.length > 0)
      throw new TypeError(
        `staff identity needs a department: staff:<department>[/<employee>][:<scope>,…], got ${text}`,
      );
    if (employeeId !== undefined && !EMPLOYEE.test(employeeId))
      throw new TypeError(`a staff member's number is 1–32 letters, digits, - or _; got ${employeeId}`);
    const scopes = scopeList ? scopeList.split(',') : [`${department}:read`];
    for (const scope of scopes) {
      if (!SCOPE.test(scope))
        throw new TypeError(`a scope is <department>:<action>, e.g. health:read; got ${scope}`);
    }
    return employeeId === undefined
      ? { kind: 'staff', department, scopes }
      : { kind: 'staff', department, employeeId, scopes };
  }
  if (text.startsWith('hospital:')) {
    const hospitalId = text.slice('hospital:'.length);
    if (!hospitalId) throw new TypeError('hospital identity needs an id: hospital:<id>');
    return { kind: 'hospital', hospitalId };
  }
  if (text.startsWith('service:')) {
    const service = text.slice('service:'.length);
    if (!DEPARTMENT.test(service))
      throw new TypeError(`service identity needs a name: service:<name>, got ${text}`);
    return { kind: 'service', service, actingFor: null, applicationId: null };
  }
  const parsed = parseCitizenId(text);
  if (!parsed.ok) {
    throw new TypeError(
      `an identity is a citizen ID, staff:<department>[/<employee>][:<scope>,…], hospital:<id> or service:<name>; ${text} is none (${parsed.message})`,
    );
  }
  return { kind: 'citizen', citizenId: parsed.value };
}

/** The token subject (`sub`) of an identity. */
export function subjectOf(identity: Exclude<Identity, AnonymousIdentity>): string {
  switch (identity.kind) {
    case 'citizen':
      return identity.citizenId;
    case 'staff':
      return identity.employeeId
        ? `staff:${identity.department}/${identity.employeeId}`
        : `staff:${identity.department}`;
    case 'hospital':
      return `hospital:${identity.hospitalId}`;
    case 'service':
      return `service:${identity.service}`;
  }
}
