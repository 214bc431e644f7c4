/**
 * DataLoaders over department batch look-ups. They are created per request (in the context factory),
 * so one user's records are never cached for another, and every key asked for during one tick of one
 * request goes to the department in a single call.
 */
import DataLoader from 'dataloader';

/**
 * A loader whose batch function fetches many records in one call and matches them back to the keys
 * by `keyOf`. A key the department does not know resolves to `null`: an unknown but valid id is not
 * an error. A failed call rejects every key of the batch with the call's error.
 *
 * @param fetchMany - one department call for all the keys; may answer in any order
 * @param maxBatchSize - the most keys per call; defaults to the department batch limit, 500
 */
export function createBatchLoader<T>(
  fetchMany: (keys: readonly string[]) => Promise<readonly T[]>,
  keyOf: (record: T) => string,
  maxBatchSize = 500,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (keys) => {
      const records = await fetchMany(keys);
      const byKey = new Map(records.map((record) => [keyOf(record), record]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize },
  );
}
