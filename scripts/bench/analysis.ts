/**
 * What the errand benchmark concludes from its samples: percentiles, the department calls per
 * errand, the critical path measured at a large latency, and where the time beyond the critical path
 * goes (before the first department call, between dependent calls, after the last one).
 */
import { type ApiCall, type ChainedCall, chainCalls } from './ApiTrace.ts';
import type { ErrandSample } from './BenchSystem.ts';
import { median, mode, percentile } from './statistics.ts';
import { type StepProfile, stepProfiles } from './stepProfile.ts';

const total = (sample: ErrandSample) => Object.values(sample.callsByDepartment).reduce((a, b) => a + b, 0);

/** Department system calls per errand over a set of samples. */
export interface CallCounts {
  /** The count most errands made (what the bounds use). */
  typical: number;
  min: number;
  max: number;
  /** The calls of a typical errand, by department. */
  byDepartment: Record<string, number>;
  /** Subjects (birth records, restaurants) whose errand made another number of calls, with that number. */
  exceptions: Record<string, number>;
}

/** Counts the department system calls per errand. */
export function countCalls(samples: readonly ErrandSample[]): CallCounts {
  const totals = samples.map(total);
  const typical = mode(totals);
  const exceptions = Object.fromEntries(
    samples.filter((s) => total(s) !== typical).map((s) => [s.subject, total(s)]),
  );
  return {
    typical,
    min: Math.min(...totals),
    max: Math.max(...totals),
    byDepartment: samples.find((s) => total(s) === typical)?.callsByDepartment ?? {},
    exceptions,
  };
}

/** The longest chain of dependent department calls of one errand, measured at a large latency. */
export interface CriticalPath {
  /** The latency of the measurement, ms. */
  latencyMs: number;
  /** Calls in the longest dependent chain, from the arrival times of the calls. */
  calls: number;
  /** The same, from the wall time alone: ⌊wall / L⌋ (holds while the overhead stays under L). */
  callsFromWallTime: number;
  wallMs: number;
  /** The calls by their depth in the chain: what ran in parallel at each stage. */
  stages: string[][];
  /** Every call with its depth, in arrival order (arrival times relative to the mutation). */
  chain: ChainedCall[];
}

/** Derives the critical path from one errand run with a large latency. */
export function criticalPathOf(sample: ErrandSample, latencyMs: number): CriticalPath {
  const chained = chainCalls(sample.calls, latencyMs);
  const depth = Math.max(0, ...chained.map((call) => call.depth));
  const stages = Array.from({ length: depth }, (_, i) =>
    chained.filter((call) => call.depth === i + 1).map(describe),
  );
  return {
    latencyMs,
    calls: depth,
    callsFromWallTime: Math.floor(sample.wallMs / latencyMs),
    wallMs: sample.wallMs,
    stages,
    chain: chained,
  };
}

const describe = (call: ApiCall) => `${call.department} ${call.route}`;

/** Where the wall time of errands goes, medians over the samples, ms. */
export interface TimeBreakdown {
  /** From sending the mutation to the first department call: gateway, service-center, submission. */
  beforeFirstCall: number;
  /** From the first call's arrival to the last call's answer, less critical-path calls × L: the
   *  overhead of the hops between dependent calls (subgraphs, engine, store, HTTP). */
  betweenCalls: number;
  /** From the last call's answer to the client having read the response. */
  afterLastCall: number;
}

/** Splits the wall time of `samples` around their department calls, given their critical path. */
export function breakDown(
  samples: readonly ErrandSample[],
  criticalCalls: number,
  latencyMs: number,
): TimeBreakdown {
  const parts = samples.map((sample) => {
    const first = sample.calls[0]?.atMs ?? 0;
    const lastAnswer = Math.max(...sample.calls.map((call) => call.atMs)) + latencyMs;
    return {
      beforeFirstCall: first,
      betweenCalls: lastAnswer - first - criticalCalls * latencyMs,
      afterLastCall: sample.wallMs - lastAnswer,
    };
  });
  return {
    beforeFirstCall: median(parts.map((p) => p.beforeFirstCall)),
    betweenCalls: median(parts.map((p) => p.betweenCalls)),
    afterLastCall: median(parts.map((p) => p.afterLastCall)),
  };
}

/** One stage of the critical path at the benchmark latency. */
export interface StageTiming {
  depth: number;
  calls: string[];
  /**
   * Median ms from the previous stage's last answer (its last arrival + L) to this stage's first
   * call; for depth 1, from sending the mutation. The system's own time on this hop.
   */
  medianGapMs: number;
}

/**
 * The time each hop of the critical path adds beyond L. A sample's calls are matched to the
 * calibration's stages by department and route: the k-th call to a route is the k-th in the
 * calibration (calls to one route at different depths depend on each other, so their order holds).
 * Calls the calibration errand did not make (the newborn errand's assistance update of an assistance
 * family) are left out.
 */
export function stageTimings(
  samples: readonly ErrandSample[],
  path: CriticalPath,
  latencyMs: number,
): StageTiming[] {
  const depthsByRoute = new Map<string, number[]>();
  for (const call of path.chain)
    depthsByRoute.set(describe(call), [...(depthsByRoute.get(describe(call)) ?? []), call.depth]);
  const gaps: number[][] = path.stages.map(() => []);
  for (const sample of samples) {
    const seen = new Map<string, number>();
    const arrivals: number[][] = path.stages.map(() => []);
    for (const call of [...sample.calls].sort((a, b) => a.atMs - b.atMs)) {
      const k = seen.get(describe(call)) ?? 0;
      seen.set(describe(call), k + 1);
      const depth = depthsByRoute.get(describe(call))?.[k];
      if (depth !== undefined) arrivals[depth - 1]?.push(call.atMs);
    }
    arrivals.forEach((stage, i) => {
      if (stage.length === 0) return;
      const previous = i === 0 ? undefined : arrivals[i - 1];
      const answered = previous?.length ? Math.max(...previous) + latencyMs : 0;
      gaps[i]?.push(Math.min(...stage) - answered);
    });
  }
  return path.stages.map((calls, i) => ({
    depth: i + 1,
    calls,
    medianGapMs: gaps[i]?.length ? median(gaps[i] as number[]) : Number.NaN,
  }));
}

/** The figures of one selection at the benchmark latency. */
export interface SelectionResult {
  selection: string;
  description: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** Median CPU time of the whole system (one process) per errand, ms. */
  medianCpuMs: number;
  calls: CallCounts;
  criticalPath: CriticalPath;
  breakdown: TimeBreakdown;
  /** The critical path's stages with the time each hop adds beyond L. */
  stages: StageTiming[];
  /** Every step of the errand, where its time goes (from the application's items). */
  steps: StepProfile[];
  /** Steps retried in some run, with the run's subject (a retry adds a back-off delay). */
  retries: Array<{ subject: string; steps: string[] }>;
  wallTimesMs: number[];
}

/** Summarises the samples of one selection. */
export function summarise(
  samples: readonly ErrandSample[],
  calibration: CriticalPath,
  latencyMs: number,
  description: string,
): SelectionResult {
  const wall = samples.map((s) => s.wallMs);
  return {
    selection: samples[0]?.selection ?? 'none',
    description,
    runs: samples.length,
    medianMs: median(wall),
    p90Ms: percentile(wall, 90),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    medianCpuMs: median(samples.map((s) => s.cpuMs)),
    calls: countCalls(samples),
    criticalPath: calibration,
    breakdown: breakDown(samples, calibration.calls, latencyMs),
    stages: stageTimings(samples, calibration, latencyMs),
    steps: stepProfiles(samples, latencyMs),
    retries: samples
      .filter((s) => s.retriedSteps.length > 0)
      .map((s) => ({ subject: s.subject, steps: s.retriedSteps })),
    wallTimesMs: wall,
  };
}
