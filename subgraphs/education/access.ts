/**
 * Who may read what education holds about a person: the person, whoever public security grants (a
 * parent of a minor, a household member, the service-center acting for one) and staff with
 * `education:read`. Schools and school districts are public and need no check; the department's acts
 * are checked where they are resolved (`requireActCaller`).
 */
import DataLoader from 'dataloader';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { requireReadAccess } from '../kit/access.ts';

/** The department whose data this subgraph serves. */
export const DEPARTMENT = 'education';

/** A person as the gateway sends one: the key and, by `@requires`, public security's grant. */
export interface PersonReference {
  citizenId: string;
  accessGrant?: string | null;
}

/**
 * Per request: whether the caller may read a person's education records, the reason to refuse as
 * the error. The decisions asked for in one tick are made together and settle together, so the
 * records loaded after them still go to the department in one call however many people are asked.
 */
export function createPersonAccess(
  grants: AccessGrants,
  identity: Identity,
): DataLoader<PersonReference, true, string> {
  return new DataLoader<PersonReference, true, string>(
    (people) =>
      Promise.all(
        people.map((person) =>
          requireReadAccess(grants, identity, DEPARTMENT, person.citizenId, person.accessGrant).then(
            () => true as const,
            (refusal: Error) => refusal,
          ),
        ),
      ),
    { cacheKeyFn: (person) => `${person.citizenId} ${person.accessGrant ?? ''}` },
  );
}
