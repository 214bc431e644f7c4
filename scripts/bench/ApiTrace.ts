/**
 * When each department system call of a running system started, read from the APIs' own request
 * counters. Each counter records a request in the API's `onRequest` hook, before the benchmark latency
 * is added, so a recorded time is when the department system received the call.
 */
import { performance } from 'node:perf_hooks';
import type { RunningSystem } from '../../system/startSystem.ts';

/** One department system call: which department, which route, and when it arrived (`performance.now()`). */
export interface ApiCall {
  department: string;
  route: string;
  atMs: number;
}

/** A department system call with its place in the longest chain of dependent calls leading to it. */
export interface ChainedCall extends ApiCall {
  /** 1 for a call that waited for no other call; otherwise 1 + the depth of the call it waited for. */
  depth: number;
}

/** Records the calls every department system of one system receives. */
export class ApiTrace {
  #calls: ApiCall[] = [];

  /**
   * Starts recording the calls of `system`'s department systems, by wrapping each API's call counter.
   * The counters keep counting as before.
   */
  attach(system: RunningSystem): void {
    for (const { name, server } of system.departmentSystems.values()) {
      const counter = server.calls;
      const record = counter.record.bind(counter);
      counter.record = (route: string) => {
        this.#calls.push({ department: name, route, atMs: performance.now() });
        record(route);
      };
    }
  }

  /** Forgets the calls recorded so far. */
  clear(): void {
    this.#calls = [];
  }

  /** The calls recorded since the last {@link clear}, in arrival order. */
  calls(): ApiCall[] {
    return [...this.#calls];
  }
}

/**
 * Places each call in the longest chain of dependent calls that its timing allows. A call can only
 * have waited for calls that had answered before it arrived, and no call answers sooner than the
 * latency `latencyMs` after it arrived. With a latency much larger than the system's own overhead
 * (hundreds of ms against a few), calls that ran in parallel arrive within a few ms of each other and
 * the depth is exact; the largest depth is the errand's critical path in department calls.
 */
export function chainCalls(calls: readonly ApiCall[], latencyMs: number): ChainedCall[] {
  // 10 % slack for timer granularity: a dependant can never arrive sooner than its dependency + L.
  const answeredAfter = latencyMs * 0.9;
  const chained: ChainedCall[] = [];
  for (const call of [...calls].sort((a, b) => a.atMs - b.atMs)) {
    const before = chained.filter((earlier) => earlier.atMs + answeredAfter <= call.atMs);
    chained.push({ ...call, depth: 1 + Math.max(0, ...before.map((earlier) => earlier.depth)) });
  }
  return chained;
}
