/**
 * Who is asking: the identities a verified bearer token can carry, and how they are written as token
 * subjects (`sub`) and in the development issuer's `<identity>` argument.
 *
 * | identity | `sub` / argument | for |
 * | --- | --- | --- |
 * | citizen | a citizen ID | reading their own records, applying for one-thing errands |
 * | staff | `staff:<department>[:<scope>,…]` | a department's staff, e.g. `staff:health:health:read` |
 * | hospital | `hospital:<id>` | a maternity unit reporting births |
 * | service | `service:service-center` | the service-center acting for a citizen on an application |
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
  scopes: string[];
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
const SCOPE = /^[a-z][a-z-]*:[a-z]+$/;

/**
 * Parses the identity written as a development-issuer argument or a token subject; throws a
 * `TypeError` saying what was expected.
 */
export function parseIdentity(text: string): Exclude<Identity, AnonymousIdentity> {
  if (text.startsWith('staff:')) {
    const rest = text.slice('staff:'.length);
    const colon = rest.indexOf(':');
    const department = colon < 0 ? rest : rest.slice(0, colon);
    const scopeList = colon < 0 ? '' : rest.slice(colon + 1);
    if (!DEPARTMENT.test(department))
      throw new TypeError(`staff identity needs a department: staff:<department>[:<scope>,…], got ${text}`);
    const scopes = scopeList ? scopeList.split(',') : [`${department}:read`];
    for (const scope of scopes) {
      if (!SCOPE.test(scope))
        throw new TypeError(`a scope is <department>:<action>, e.g. health:read; got ${scope}`);
    }
    return { kind: 'staff', department, scopes };
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
      `an identity is a citizen ID, staff:<department>[:<scope>,…], hospital:<id> or service:<name>; ${text} is none (${parsed.message})`,
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
      return `staff:${identity.department}`;
    case 'hospital':
      return `hospital:${identity.hospitalId}`;
    case 'service':
      return `service:${identity.service}`;
  }
}
