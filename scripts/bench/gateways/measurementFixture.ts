/**
 * A load job's measurement as the report tests need one: `rps` answers a second for 10 s, latencies
 * derived from it, memory growing by round, every answer right unless `errors` says otherwise. Test
 * support only.
 */
import type { LoadResult } from './protocol.ts';
import type { Measurement } from './results.ts';

/** A measurement of `target` on `workload` in `round`. */
export function measurementFixture(
  round: number,
  target: Measurement['target'],
  workload: string,
  rps: number,
  errors = 0,
): Measurement {
  const load: LoadResult = {
    responses: rps * 10,
    sent: rps * 10 + 16,
    seconds: 10,
    requestsPerSecond: rps,
    p50Ms: 1000 / rps,
    p95Ms: 2000 / rps,
    p99Ms: 3000 / rps,
    errors,
    transportErrors: 0,
    cpuPercent: 1,
    sampled: 1,
    byQuery: {},
  };
  return {
    round,
    target,
    workload,
    load,
    subgraphRequestsPerRequest: { 'public-security': 1, health: 0.5 },
    departmentCallsPerRequest: { 'public-security': 2 },
    peakRssBytes: target === 'floor' ? undefined : round * 2 ** 20,
    cpuPercent: { gateway: target === 'floor' ? undefined : 10, system: 50, load: 1 },
    cpuMsPerRequest: { gateway: target === 'floor' ? undefined : 2, system: 4 },
  };
}
