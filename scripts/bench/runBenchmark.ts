/**
 * One errand benchmark from start to end, for any errand: first errands to warm the process up,
 * unmeasured; then its critical path, measured with one errand per selection at a large latency (where
 * calls that ran in parallel arrive together and each dependent call arrives a latency later); then `runs` errands per selection, one at a time at L,
 * each timed by the client from sending the mutation to reading its COMPLETED answer; then the
 * figures, written as JSON and printed as a markdown table and, last, the line
 * `<errand>_median_ms=… critical_path_ms=… ratio_vs_critical_path=…`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../system/topology.ts';
import { type CriticalPath, criticalPathOf } from './analysis.ts';
import type { BenchErrand } from './BenchErrand.ts';
import { BenchSystem } from './BenchSystem.ts';
import type { BenchOptions } from './options.ts';
import {
  type BenchResult,
  type BenchTarget,
  benchResult,
  markdownReport,
  type Selections,
  summaryLine,
} from './report.ts';
import { median } from './statistics.ts';

/**
 * The latency at which the critical path is measured: large against the system's own overhead per
 * call (a few ms), so parallel calls cannot be mistaken for dependent ones. At least 5 × L.
 */
const CALIBRATION_LATENCY_MS = 250;

/** Runs one errand per selection at a large latency and reads each one's critical path. */
async function measureCriticalPaths(
  errand: BenchErrand,
  latencyMs: number,
  databaseUrl: string | undefined,
): Promise<Record<'realistic' | 'full', CriticalPath>> {
  const bench = new BenchSystem(errand, latencyMs, databaseUrl);
  try {
    const realistic = await bench.run(errand.realistic);
    const full = await bench.run(errand.full);
    return { realistic: criticalPathOf(realistic, latencyMs), full: criticalPathOf(full, latencyMs) };
  } finally {
    await bench.stop();
  }
}

/** The latency of the warm-up errands: short, so warming up takes seconds; the code they run is the same. */
const WARM_UP_LATENCY_MS = 1;

/** The warm-up's errands are reported by batches of this many. */
const WARM_UP_BATCH = 20;

/**
 * Runs `errands` errands, the selections in turn, on a system started for them alone and stopped
 * after: V8 compiles a function for speed only once it has run often, and a service that has served
 * for a while has long been compiled so — the first errands of a fresh process cost more CPU time and
 * take longer. Answers the median CPU time per errand of each batch of {@link WARM_UP_BATCH} in turn,
 * which shows where it levelled off.
 */
async function warmUp(
  errand: BenchErrand,
  errands: number,
  databaseUrl: string | undefined,
): Promise<number[]> {
  if (errands === 0) return [];
  const bench = new BenchSystem(errand, WARM_UP_LATENCY_MS, databaseUrl);
  const batches: number[][] = [];
  try {
    for (let run = 0; run < errands; run++) {
      const sample = await bench.run(run % 2 ? errand.full : errand.realistic);
      if (run % WARM_UP_BATCH === 0) batches.push([]);
      batches.at(-1)?.push(sample.cpuMs);
    }
  } finally {
    await bench.stop();
  }
  return batches.map((batch) => Number(median(batch).toFixed(1)));
}

/** Runs `runs` errands with each selection, one at a time. */
async function measureErrands(bench: BenchSystem, runs: number): Promise<Selections> {
  const samples: Selections = { realistic: [], full: [] };
  for (const selection of [bench.errand.realistic, bench.errand.full]) {
    for (let run = 0; run < runs; run++) samples[selection.name].push(await bench.run(selection));
  }
  return samples;
}

/**
 * Benchmarks `errand` as `options` say: calibrates, measures, writes `target.resultFile`, prints the
 * report and the summary line. Every system it starts is stopped, also when a run fails.
 */
export async function runBenchmark(
  errand: BenchErrand,
  options: BenchOptions,
  target: BenchTarget,
): Promise<BenchResult> {
  const { latencyMs, runs, databaseUrl, warmUpErrands } = options;
  console.error(`${errand.mutation}: ${warmUpErrands} errands to warm up at L = ${WARM_UP_LATENCY_MS} ms…`);
  const warmUpCpuMs = await warmUp(errand, warmUpErrands, databaseUrl);
  const calibrationMs = Math.max(CALIBRATION_LATENCY_MS, 5 * latencyMs);
  console.error(`measuring the critical path at L = ${calibrationMs} ms…`);
  const paths = await measureCriticalPaths(errand, calibrationMs, databaseUrl);

  console.error(
    `running ${runs} errands per selection at L = ${latencyMs} ms, the service-center on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}…`,
  );
  const bench = new BenchSystem(errand, latencyMs, databaseUrl);
  let samples: Selections;
  try {
    samples = await measureErrands(bench, runs);
  } finally {
    await bench.stop();
  }

  const result = benchResult(errand, options, target, bench.starts, samples, paths, warmUpCpuMs);
  mkdirSync(path.dirname(target.resultFile), { recursive: true });
  writeFileSync(target.resultFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(markdownReport(result));
  console.log(`\nresults written to ${path.relative(ROOT, target.resultFile)}`);
  console.log(summaryLine(result));
  return result;
}

/**
 * Ends the process at once on SIGINT/SIGTERM. Every server lives in this process, so an interrupted
 * benchmark takes them along; a graceful stop would first wait for the errand in flight. Call before
 * any system starts, so this runs before the Apollo servers' own signal handlers.
 */
export function exitOnInterrupt(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: benchmark interrupted, nothing written`);
      process.exit(130);
    });
  }
}
