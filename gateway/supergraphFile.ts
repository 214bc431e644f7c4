/**
 * The supergraph, loaded from its file and reloaded when the file changes — without a restart or a
 * dropped request. A new file that does not load (unreadable, not a supergraph) leaves the running
 * supergraph in place and is reported; the next good file is picked up.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { SupergraphSdlHook } from '@apollo/gateway';

/** What the gateway is told about reloads. */
export interface SupergraphReloadEvents {
  /** A new supergraph is being served. */
  onReload?: (sdl: string) => void;
  /** A changed file was not loaded; the running supergraph stays. */
  onRejected?: (error: Error) => void;
}

/** Reads a supergraph file and checks that it builds; throws saying why not. */
export function readSupergraph(file: string): string {
  const sdl = readFileSync(file, 'utf8');
  Supergraph.build(sdl);
  return sdl;
}

/**
 * A `supergraphSdl` hook for ApolloGateway that serves `file` and watches it.
 *
 * @param pollIntervalMs - how often the file is checked; default 1000 ms. Polling (not inotify)
 *   also sees files replaced by rename, as deploy tools do.
 */
export function watchedSupergraph(
  file: string,
  events: SupergraphReloadEvents = {},
  pollIntervalMs = 1000,
): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readSupergraph(file);
    const check = () => {
      let next: string;
      try {
        next = readSupergraph(file);
      } catch (error) {
        events.onRejected?.(error as Error);
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        events.onReload?.(next);
      } catch (error) {
        events.onRejected?.(error as Error);
      }
    };
    watchFile(file, { interval: pollIntervalMs, persistent: false }, check);
    return {
      supergraphSdl: current,
      cleanup: async () => unwatchFile(file, check),
    };
  };
}
