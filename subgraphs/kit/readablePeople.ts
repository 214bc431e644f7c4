/**
 * The people loader of a department subgraph with the graph's access rule built in: for a batch of
 * people it decides every one first (grants are checked concurrently), then asks the department about
 * the readable ones in one call. A list of a hundred people costs one call, and nobody's record is
 * fetched for a caller who may not see it.
 */
import DataLoader from 'dataloader';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { MAX_BATCH_IDS } from '../../lib/contract/protocol.ts';
import { type EntitledPeople, type PersonReference, refusalsOf } from './access.ts';

export type { PersonReference };

/**
 * Creates, per request, the loader of what `department` holds about a person the caller may read:
 * null for a person the department holds nothing about; a person the caller may not read rejects
 * with `FORBIDDEN` (or `UNAUTHENTICATED` without a token), and the department is not asked about them.
 *
 * @param fetchMany - one department call for the readable citizens; may answer in any order and leave
 *   out citizens it holds nothing about
 * @param citizenIdOf - the citizen ID a record answers for
 * @param entitled - records the people whose grants verified, so related people read under them show
 */
export function createReadablePeopleLoader<T>(
  department: string,
  grants: AccessGrants,
  identity: Identity,
  fetchMany: (citizenIds: string[]) => Promise<readonly T[]>,
  citizenIdOf: (record: T) => string,
  entitled?: EntitledPeople,
): DataLoader<PersonReference, T | null, string> {
  return new DataLoader<PersonReference, T | null, string>(
    async (people) => {
      const refusals = await refusalsOf(grants, identity, department, people, entitled);
      const readable = [...new Set(people.filter((_, i) => !refusals[i]).map((person) => person.citizenId))];
      let byId = new Map<string, T>();
      let failure: Error | null = null;
      try {
        const records = readable.length > 0 ? await fetchMany(readable) : [];
        byId = new Map(records.map((record) => [citizenIdOf(record), record]));
      } catch (error) {
        // A failed call fails the readable people only: the refused ones stay refused.
        failure = error as Error;
      }
      return people.map((person, i) => refusals[i] ?? failure ?? byId.get(person.citizenId) ?? null);
    },
    // The same person with another grant is another decision: a forged grant never rides on a valid one.
    {
      cacheKeyFn: (person) => `${person.citizenId} ${person.accessGrant ?? ''}`,
      maxBatchSize: MAX_BATCH_IDS,
    },
  );
}
