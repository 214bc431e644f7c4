/**
 * The gateway benchmark's result as a whole — what ran where, the ratios, the targets of issue 7 and
 * every measurement — as written to `.data/bench.json`, and its markdown report.
 */
import os from 'node:os';
import {
  type Measurement,
  MIXED,
  markdownTables,
  peakRssByRound,
  type Ratio,
  ratio,
  type Summary,
  summarise,
  type Target,
} from './results.ts';

/** The targets of issue 7 on the mixed workload: our throughput over theirs. */
export const TARGETS = { vsApollo: 2, vsHive: 1.2 };

/** How the benchmark ran. */
export interface BenchOptions {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Only the mixed workload (which holds every query), the errand alone and the floor's query: `--quick`. */
  quick: boolean;
  /** The gateway whose CPU profile is written, if any. */
  cpuProfile?: string;
}

/** Everything one run found. */
export interface GatewayBenchResult {
  command: string;
  at: string;
  machine: { cpu: string; memoryGb: number; os: string; node: string };
  options: BenchOptions;
  /** The single-department query of the floor. */
  floorQuery: string;
  /** What the reader must know: identities switched to the auditor, and so on. */
  notes: string[];
  ratios: {
    oursVsApollo: Ratio;
    oursVsHive: Ratio;
    oursVsFloor: Ratio;
    /**
     * Their gateway CPU time per request over ours, on the mixed workload: the throughput ratio to
     * expect where the gateway, not the subgraphs, is the bottleneck (its own core, cheap subgraphs).
     */
    cpuEfficiencyVsApollo: Ratio;
    cpuEfficiencyVsHive: Ratio;
    /** Medians over rounds of our throughput over theirs, per workload. */
    byWorkload: Record<string, { vsApollo: number; vsHive: number }>;
  };
  /** Whether each target was met in this run; null when the run did not measure it. */
  targets: Record<string, boolean | null>;
  peakRssMbByRound: Record<string, number[]>;
  summaries: Summary[];
  measurements: Measurement[];
}

function machine(): GatewayBenchResult['machine'] {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** Requests per gateway CPU second: the inverse of the gateway's CPU time per request. */
const perGatewayCpuMs = (m: Measurement) => {
  const ms = m.cpuMsPerRequest.gateway;
  return ms ? 1000 / ms : undefined;
};

/** Puts the measurements of a run together: summaries, ratios, targets. */
export function buildResult(run: {
  command: string;
  options: BenchOptions;
  floorQuery: string;
  notes: string[];
  workloads: string[];
  measurements: Measurement[];
}): GatewayBenchResult {
  const { measurements, workloads, floorQuery } = run;
  const summaries = summarise(measurements);
  const ratios = {
    oursVsApollo: ratio(measurements, 'ours', 'apollo', MIXED),
    oursVsHive: ratio(measurements, 'ours', 'hive', MIXED),
    oursVsFloor: ratio(measurements, 'ours', 'floor', floorQuery),
    cpuEfficiencyVsApollo: ratio(measurements, 'ours', 'apollo', MIXED, perGatewayCpuMs),
    cpuEfficiencyVsHive: ratio(measurements, 'ours', 'hive', MIXED, perGatewayCpuMs),
    byWorkload: Object.fromEntries(
      workloads.map((w) => [
        w,
        {
          vsApollo: ratio(measurements, 'ours', 'apollo', w).median,
          vsHive: ratio(measurements, 'ours', 'hive', w).median,
        },
      ]),
    ),
  };
  const find = (target: Target, workload: string) =>
    summaries.find((s) => s.target === target && s.workload === workload);
  const [ours, apollo, hive] = [find('ours', MIXED), find('apollo', MIXED), find('hive', MIXED)];
  const people = find('ours', 'PeopleList');
  const met = (r: Ratio, target: number) => (Number.isNaN(r.median) ? null : r.median >= target);
  const targets = {
    throughputVsApollo: met(ratios.oursVsApollo, TARGETS.vsApollo),
    throughputVsHive: met(ratios.oursVsHive, TARGETS.vsHive),
    p99NoWorse: !!ours && !!apollo && !!hive && ours.p99Ms <= Math.min(apollo.p99Ms, hive.p99Ms),
    zeroErrors: summaries.filter((s) => s.target === 'ours').every((s) => s.errors === 0),
    peopleListOneRequestPerDepartment: people
      ? Object.values(people.subgraphBreakdown).every((n) => n <= 1.01)
      : null,
  };
  // An erroneous answer is often a fast one (a refusal): throughput with errors is no throughput.
  const invalid = summaries.filter((s) => s.invalid).map((s) => `${s.target} ${s.workload} (${s.invalid})`);
  const notes = invalid.length
    ? [
        ...run.notes,
        `**Invalid figures**: ${invalid.join('; ')}. Their throughput and latencies are not reported, and ` +
          'a ratio leaves out every round where either side had one.',
      ]
    : run.notes;
  return {
    command: run.command,
    at: new Date().toISOString(),
    machine: machine(),
    options: run.options,
    floorQuery,
    notes,
    ratios,
    targets,
    peakRssMbByRound: peakRssByRound(measurements),
    summaries,
    measurements,
  };
}

/** A ratio as the report prints it: `1.13×`, or `invalid` where no round counted. */
export const timesOrInvalid = (value: number) => (Number.isNaN(value) ? 'invalid' : `${value}×`);

/**
 * The last line `npm run bench` prints: `ratio_vs_apollo_gateway=… ratio_vs_hive_gateway=…`, each
 * `invalid` where no round of the mixed workload counted.
 */
export function summaryLine(result: GatewayBenchResult): string {
  const value = (r: Ratio) => (Number.isNaN(r.median) ? 'invalid' : String(r.median));
  return `ratio_vs_apollo_gateway=${value(result.ratios.oursVsApollo)} ratio_vs_hive_gateway=${value(result.ratios.oursVsHive)}`;
}

/** The report as markdown: the ratios and targets first, then a table per workload. */
export function markdownReport(result: GatewayBenchResult, workloads: string[]): string {
  const { ratios, options } = result;
  const rounds = (r: Ratio) => {
    const left = r.invalidRounds.length ? `; round ${r.invalidRounds.join(', ')} left out, invalid` : '';
    return Number.isNaN(r.median)
      ? `**invalid** (no round where both answered right${left})`
      : `${r.median}× (by round ${r.byRound.join(', ')}${left})`;
  };
  return [
    `## ${result.at.slice(0, 10)}, ${result.machine.cpu}, ${result.machine.memoryGb} GB, ${result.machine.os}, Node ${result.machine.node}`,
    '',
    `\`${result.command}\`: ${options.rounds} round(s), ${options.durationSeconds} s per workload and gateway, ` +
      `${options.connections} connections; figures are medians over rounds.`,
    '',
    `- ours / apollo, mixed: ${rounds(ratios.oursVsApollo)}`,
    `- ours / hive, mixed: ${rounds(ratios.oursVsHive)}`,
    `- ours / floor, ${result.floorQuery}: ${rounds(ratios.oursVsFloor)}`,
    `- requests per gateway CPU second, ours / apollo and ours / hive, mixed (the throughput ratio where the ` +
      `gateway is the bottleneck): ${rounds(ratios.cpuEfficiencyVsApollo)} and ${rounds(ratios.cpuEfficiencyVsHive)}`,
    `- ours / apollo and ours / hive per workload: ${Object.entries(ratios.byWorkload)
      .map(([w, r]) => `${w} ${timesOrInvalid(r.vsApollo)} / ${timesOrInvalid(r.vsHive)}`)
      .join(', ')}`,
    `- targets: ${Object.entries(result.targets)
      .map(([name, met]) => `${name} ${met === null ? 'not measured' : met ? 'met' : '**missed**'}`)
      .join(', ')}`,
    `- peak RSS by round (MB): ${Object.entries(result.peakRssMbByRound)
      .map(([g, r]) => `${g} ${r.join(' / ')}`)
      .join('; ')}`,
    ...result.notes.map((note) => `- note: ${note}`),
    '',
    markdownTables(result.summaries, workloads),
  ].join('\n');
}
