/**
 * The supergraph, loaded from its file and reloaded when the file changes — without a restart or a
 * dropped request. A new file that does not load (unreadable, not a supergraph) leaves the running
 * supergraph in place and is reported; the next good file is picked up. Every replica watching the
 * same (shared) file reloads on its own.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import {
  checkSupergraph,
  RunningSupergraph,
  SupergraphRejection,
  type SupergraphReloadEvents,
} from './supergraphReload.ts';

export type { SupergraphReloadEvents } from './supergraphReload.ts';

/** The text of `file`; throws a `SupergraphRejection` (`unavailable`) when it cannot be read. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SupergraphRejection(
      'unavailable',
      `cannot read the supergraph ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Reads a supergraph file and checks that it builds; throws a `SupergraphRejection` saying why not. */
export function readSupergraph(file: string): string {
  return checkSupergraph(readText(file), file);
}

/**
 * A `supergraphSdl` hook for ApolloGateway that serves `file` and watches it.
 *
 * @param pollIntervalMs - how often the file is checked; default 1000 ms. Polling (not inotify)
 *   also sees files replaced by rename, as deploy tools do, and files on shared volumes.
 */
export function watchedSupergraph(
  file: string,
  events: SupergraphReloadEvents = {},
  pollIntervalMs = 1000,
): SupergraphSdlHook {
  return async ({ update }) => {
    const running = new RunningSupergraph(readSupergraph(file), update, events, file);
    const check = () => {
      let next: string;
      try {
        next = readText(file);
      } catch (error) {
        running.reject(error as Error);
        return;
      }
      running.offer(next);
    };
    watchFile(file, { interval: pollIntervalMs, persistent: false }, check);
    return {
      supergraphSdl: running.sdl,
      cleanup: async () => unwatchFile(file, check),
    };
  };
}
