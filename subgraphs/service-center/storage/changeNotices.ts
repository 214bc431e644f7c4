/**
 * Hears PostgreSQL announce application changes (`LISTEN`, see the migration
 * `0005_application_change_notices`) on a connection of its own, so a subscriber on any replica hears
 * of a change made by any other. A connection lost (PostgreSQL restarting, failing over) is opened
 * again with growing pauses for as long as the replica runs; once back, every watcher is told to read
 * again, since changes made meanwhile were not heard.
 */
import pg from 'pg';
import { CHANGE_CHANNEL } from './migrations.ts';

/** What the listener tells. */
export interface ChangeNoticeHandlers {
  /** An application of this schema changed. */
  changed(applicationId: string): void;
  /** The connection came back after a loss: changes may have been missed. */
  resumed(): void;
}

/** A running listener. */
export interface ChangeNoticeListener {
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 10_000;

/**
 * Listens for the changes of `schema`'s applications. Resolves once listening; a first connection that
 * fails rejects (the store itself would not answer either).
 */
export async function listenForChanges(
  connectionString: string,
  schema: string,
  handlers: ChangeNoticeHandlers,
): Promise<ChangeNoticeListener> {
  let closed = false;
  let client: pg.Client | undefined;
  let pause = FIRST_PAUSE_MS;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
    next.on('error', () => {});
    next.on('end', () => {
      if (client === next) client = undefined;
      if (!closed) reconnectLater();
    });
    next.on('notification', (notice) => {
      if (notice.channel !== CHANGE_CHANNEL || !notice.payload) return;
      const separator = notice.payload.indexOf(' ');
      if (notice.payload.slice(0, separator) === schema)
        handlers.changed(notice.payload.slice(separator + 1));
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
  };

  const reconnectLater = () => {
    clearTimeout(retry);
    retry = setTimeout(async () => {
      try {
        await connect();
        pause = FIRST_PAUSE_MS;
        handlers.resumed();
      } catch {
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        if (!closed) reconnectLater();
      }
    }, pause);
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
