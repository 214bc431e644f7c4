/**
 * The gateway benchmark's results: what one load job measured (a measurement), the medians over
 * rounds per gateway and workload, the ratios the targets are about, and the markdown report.
 */
import { median } from '../statistics.ts';
import type { GatewayKind, LoadResult } from './protocol.ts';
import type { Counts } from './SubgraphCounter.ts';

/** Who answered: a gateway, or the public-security subgraph itself (the floor). */
export type Target = GatewayKind | 'floor';

/** The workload the targets are about. */
export const MIXED = 'mixed';

/** What became of the registerNewborn errands of one load job, once their background work was done. */
export interface ErrandTally {
  /** Families made for the job, each with a birth of its own (the errand requests it had). */
  made: number;
  /** Errand requests sent, repeats included. */
  sent: number;
  /** Requests that repeated a birth already sent, because the job ran out of families (should be 0). */
  repeats: number;
  /** Newborn applications the job created. */
  applications: number;
  /** Of those, COMPLETED. */
  completed: number;
  /** Applications still not final when the deadline passed. */
  notFinal: number;
  /** Applications the job created, by status. */
  statuses: Record<string, number>;
  /** How long it took, after the load, until every application was final, s. */
  settleSeconds: number;
}

/** Whether every errand of a job completed, once each and none left over. */
export function errandsWentWell(tally: ErrandTally): boolean {
  return tally.repeats === 0 && tally.notFinal === 0 && tally.completed === tally.applications;
}

/** One load job against one target in one round. */
export interface Measurement {
  round: number;
  target: Target;
  workload: string;
  load: LoadResult;
  /** Requests each subgraph received per client request answered. */
  subgraphRequestsPerRequest: Counts;
  /** Calls each department system received per client request answered. */
  departmentCallsPerRequest: Counts;
  /** The gateway process's highest resident set size during the job, bytes (none for the floor). */
  peakRssBytes?: number;
  /**
   * CPU time over the job's wall time, % of one core: the gateway's process, this process (the
   * subgraphs and department systems) and the load generator's. Tells which one was the bottleneck.
   */
  cpuPercent: { gateway?: number; system: number; load: number };
  /**
   * CPU time per answer, ms: the gateway's, and this process's (the subgraphs and department systems).
   * Steadier than throughput on a shared machine: it does not depend on who else got the cores.
   */
  cpuMsPerRequest: { gateway?: number; system: number };
  /** The registerNewborn errands of the job, when it sent any. */
  errands?: ErrandTally;
}

/** One target and workload over every round. */
export interface Summary {
  target: Target;
  workload: string;
  rounds: number;
  /** Medians over rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Summed over rounds. */
  responses: number;
  errors: number;
  /** Median over rounds of all subgraph requests per client request, and the last round's by subgraph. */
  subgraphRequestsPerRequest: number;
  subgraphBreakdown: Counts;
  departmentCallsPerRequest: number;
  /** Highest over rounds, MB (none for the floor). */
  peakRssMb?: number;
  /** Medians over rounds, % of one core (see {@link Measurement.cpuPercent}). */
  gatewayCpuPercent?: number;
  subgraphsCpuPercent: number;
  /** Medians over rounds, ms (see {@link Measurement.cpuMsPerRequest}). */
  gatewayCpuMsPerRequest?: number;
  subgraphsCpuMsPerRequest: number;
  /**
   * Why the throughput and latencies are not figures of this target: some answers were errors,
   * refusals (a 429 is an error) or not what was expected, or requests failed — an erroneous answer
   * is often a fast one. Undefined when every answer of every round was right.
   */
  invalid?: string;
}

/** A ratio: its median over the rounds both sides answered right, and those rounds' values. */
export interface Ratio {
  /** NaN when no round counts. */
  median: number;
  byRound: number[];
  /** Rounds left out because either side's answers were not all right (see {@link invalidity}). */
  invalidRounds: number[];
}

/**
 * Why a load job's figures cannot be reported: how many of its answers were errors, refusals or not
 * what was expected, and how many requests failed outright; undefined when none.
 */
export function invalidity(m: Measurement): string | undefined {
  const { errors, transportErrors, responses } = m.load;
  if (errors === 0 && transportErrors === 0) return undefined;
  const failed = transportErrors ? `, ${transportErrors} requests failed` : '';
  return `${errors} of ${responses} answers were errors, refusals or not as expected${failed}`;
}

const sum = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Summarises the measurements of each target and workload, in the order first measured. */
export function summarise(measurements: readonly Measurement[]): Summary[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.target}\u0000${m.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Measurement;
    const last = group[group.length - 1] as Measurement;
    const of = (pick: (m: Measurement) => number) => median(group.map(pick));
    const peaks = group.flatMap((m) => (m.peakRssBytes ? [m.peakRssBytes] : []));
    return {
      target: first.target,
      workload: first.workload,
      rounds: group.length,
      requestsPerSecond: round(
        of((m) => m.load.requestsPerSecond),
        1,
      ),
      p50Ms: round(
        of((m) => m.load.p50Ms),
        1,
      ),
      p95Ms: round(
        of((m) => m.load.p95Ms),
        1,
      ),
      p99Ms: round(
        of((m) => m.load.p99Ms),
        1,
      ),
      responses: group.reduce((n, m) => n + m.load.responses, 0),
      errors: group.reduce((n, m) => n + m.load.errors, 0),
      subgraphRequestsPerRequest: round(
        of((m) => sum(m.subgraphRequestsPerRequest)),
        2,
      ),
      subgraphBreakdown: Object.fromEntries(
        Object.entries(last.subgraphRequestsPerRequest).map(([name, n]) => [name, round(n, 2)]),
      ),
      departmentCallsPerRequest: round(
        of((m) => sum(m.departmentCallsPerRequest)),
        2,
      ),
      peakRssMb: peaks.length ? round(Math.max(...peaks) / 2 ** 20, 1) : undefined,
      gatewayCpuPercent:
        first.cpuPercent.gateway === undefined ? undefined : of((m) => m.cpuPercent.gateway ?? 0),
      subgraphsCpuPercent: of((m) => m.cpuPercent.system),
      gatewayCpuMsPerRequest:
        first.cpuMsPerRequest.gateway === undefined ? undefined : of((m) => m.cpuMsPerRequest.gateway ?? 0),
      subgraphsCpuMsPerRequest: of((m) => m.cpuMsPerRequest.system),
      invalid: invalidSummary(group),
    };
  });
}

/** The rounds of one target and workload whose answers were not all right, said in one line. */
function invalidSummary(group: readonly Measurement[]): string | undefined {
  const said = group.flatMap((m) => {
    const why = invalidity(m);
    return why ? [`round ${m.round}: ${why}`] : [];
  });
  return said.length ? said.join('; ') : undefined;
}

/** Throughput, the value ratios compare unless told otherwise. */
const throughput = (m: Measurement) => m.load.requestsPerSecond;

/**
 * The median over rounds of `value` of `a` over `value` of `b` on `workload`, each round's ratio
 * taken within the round; `value` is throughput unless told otherwise.
 */
export function ratio(
  measurements: readonly Measurement[],
  a: Target,
  b: Target,
  workload: string,
  value: (m: Measurement) => number | undefined = throughput,
): Ratio {
  const byRound: number[] = [];
  const invalidRounds: number[] = [];
  const rounds = new Set(measurements.map((m) => m.round));
  for (const r of rounds) {
    const find = (target: Target) =>
      measurements.find((m) => m.round === r && m.target === target && m.workload === workload);
    const [x, y] = [find(a), find(b)];
    if (!x || !y) continue;
    // Throughput made of refusals is no throughput: the round does not count.
    if (invalidity(x) || invalidity(y)) {
      invalidRounds.push(r);
      continue;
    }
    const [vx, vy] = [value(x), value(y)];
    if (vx !== undefined && vy !== undefined && vy > 0) byRound.push(round(vx / vy, 3));
  }
  return { median: byRound.length ? round(median(byRound), 2) : Number.NaN, byRound, invalidRounds };
}

/** Peak resident set size of each gateway in each round, MB (the highest over the round's jobs). */
export function peakRssByRound(measurements: readonly Measurement[]): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  for (const m of measurements) {
    if (!m.peakRssBytes) continue;
    const rounds = result[m.target] ?? [];
    result[m.target] = rounds;
    rounds[m.round - 1] = Math.max(rounds[m.round - 1] ?? 0, round(m.peakRssBytes / 2 ** 20, 1));
  }
  return result;
}

const breakdown = (counts: Counts) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

/** The p50, p95 and p99 cells of a summary; `invalid` where its answers were not all right. */
function latencyCells(s: Summary): string {
  return [s.p50Ms, s.p95Ms, s.p99Ms].map((ms) => (s.invalid ? 'invalid' : `${ms} ms`)).join(' | ');
}

/**
 * One markdown table per workload: each target's figures, medians over rounds; where a target's
 * answers were not all right, its throughput and latencies read `invalid` (the reason is in the notes).
 */
export function markdownTables(summaries: readonly Summary[], workloads: readonly string[]): string {
  const lines: string[] = [];
  for (const workload of workloads) {
    const rows = summaries.filter((s) => s.workload === workload);
    if (!rows.length) continue;
    lines.push(
      `### ${workload}`,
      '',
      '| gateway | req/s | p50 | p95 | p99 | errors / answers | subgraph requests per request | department system calls per request | peak RSS | CPU ms per request: gateway / subgraphs | CPU % of a core: gateway / subgraphs |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (s) =>
          `| ${s.target} | ${s.invalid ? '**invalid**' : s.requestsPerSecond} | ${latencyCells(s)} | ` +
          `${s.errors} / ${s.responses} | ${s.subgraphRequestsPerRequest} (${breakdown(s.subgraphBreakdown)}) | ` +
          `${s.departmentCallsPerRequest} | ${s.peakRssMb === undefined ? '–' : `${s.peakRssMb} MB`} | ` +
          `${s.gatewayCpuMsPerRequest ?? '–'} / ${s.subgraphsCpuMsPerRequest} | ` +
          `${s.gatewayCpuPercent ?? '–'} / ${s.subgraphsCpuPercent} |`,
      ),
      '',
    );
  }
  return lines.join('\n');
}
