/**
 * `Subscription.applicationProgress`: an application each time it changes, from where it stands when
 * the subscription starts until it is COMPLETED or REJECTED. Who may follow it is decided once, at the
 * start, exactly as for reading it (`Query.application`); the events carry the application's own
 * fields, and the gateway reads each change again through `application(id)` for the rest.
 */

import { localizedError } from '../../../lib/i18n/errors.ts';
import type { ApplicationRow, ApplicationStatus } from '../store.ts';
import type { ApplicationChanges } from './ApplicationChanges.ts';

/** The statuses after which an application changes no more. */
export const FINAL_STATUSES: ReadonlySet<ApplicationStatus> = new Set(['COMPLETED', 'REJECTED']);

/** What following an application needs. */
export interface ProgressSource {
  changes: ApplicationChanges;
  /** The application as it stands now (no access check: made once, by `readFirst`). */
  current: (id: string) => Promise<ApplicationRow | undefined>;
}

/**
 * Starts following application `id`: `readFirst` reads it with the reader's access check (refusing
 * throws, before anything is watched for long); the events are that first reading, then the
 * application after each change, ending after a final status.
 *
 * @throws GraphQLError `NOT_FOUND` when a reader who may read applications asks for one that does not exist
 */
export async function followApplication(
  source: ProgressSource,
  id: string,
  readFirst: () => Promise<ApplicationRow | null>,
): Promise<AsyncGenerator<ApplicationRow>> {
  // Watched before the first reading, so a change made between the two is not missed.
  const watch = source.changes.watch(id);
  let first: ApplicationRow | null;
  try {
    first = await readFirst();
  } catch (error) {
    watch.close();
    throw error;
  }
  if (!first) {
    watch.close();
    throw localizedError(
      'serviceCenter.noApplication',
      { id },
      {
        extensions: { code: 'NOT_FOUND', reason: 'NO_SUCH_APPLICATION' },
      },
    );
  }
  const start = first;
  return (async function* progress() {
    try {
      yield start;
      if (FINAL_STATUSES.has(start.status)) return;
      for await (const _ of watch) {
        const now = await source.current(id);
        if (!now) return;
        yield now;
        if (FINAL_STATUSES.has(now.status)) return;
      }
    } finally {
      watch.close();
    }
  })();
}
