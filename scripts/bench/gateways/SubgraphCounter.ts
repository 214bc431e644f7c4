/**
 * Counts the requests every subgraph receives, at the subgraph's own HTTP server (a second `request`
 * listener beside Fastify's, so nothing sits between the gateway and the subgraph), and the calls
 * every department system receives (its own counter). Read before and after a load job, the difference
 * divided by the client requests answered is the fan-out of one client request.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningSystem } from '../../../system/startSystem.ts';

/** Requests by subgraph (or department system) name. */
export type Counts = Record<string, number>;

/** Both counts at one instant. */
export interface CountSnapshot {
  subgraphs: Counts;
  departmentSystems: Counts;
}

/** Counts every subgraph's requests from the moment it is attached. */
export class SubgraphCounter {
  readonly #subgraphs: Counts = {};
  readonly #system: RunningSystem;

  /** Starts counting the requests of every subgraph of `system`. */
  constructor(system: RunningSystem) {
    this.#system = system;
    for (const { name, server } of system.subgraphs.values()) {
      this.#subgraphs[name] = 0;
      server.app.server.on('request', (request: { url?: string }) => {
        // Only GraphQL requests: a health probe is not part of answering a client.
        if (request.url?.startsWith('/graphql')) this.#subgraphs[name] = (this.#subgraphs[name] ?? 0) + 1;
      });
    }
  }

  /**
   * Waits until no subgraph has received a request for `quietMs` (at most `maxMs`): requests the
   * client gave up on at the end of a job are still being answered, and belong to that job.
   */
  async settle(quietMs = 300, maxMs = 10_000): Promise<void> {
    const total = () => Object.values(this.#subgraphs).reduce((a, b) => a + b, 0);
    const deadline = Date.now() + maxMs;
    let last = total();
    let quietSince = Date.now();
    while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
      await delay(50);
      const now = total();
      if (now !== last) [last, quietSince] = [now, Date.now()];
    }
  }

  /** The counts so far. */
  snapshot(): CountSnapshot {
    const departmentSystems: Counts = {};
    for (const { name, server } of this.#system.departmentSystems.values()) {
      departmentSystems[name] = server.calls.count();
    }
    return { subgraphs: { ...this.#subgraphs }, departmentSystems };
  }
}

/** Requests per client request between two snapshots, by name, omitting names with none. */
export function perClientRequest(before: Counts, after: Counts, clientRequests: number): Counts {
  const result: Counts = {};
  for (const [name, count] of Object.entries(after)) {
    const delta = count - (before[name] ?? 0);
    if (delta > 0) result[name] = clientRequests > 0 ? delta / clientRequests : Number.NaN;
  }
  return result;
}
