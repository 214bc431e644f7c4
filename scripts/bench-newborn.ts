/**
 * `npm run bench:newborn`: how long registerNewborn takes against the errand's critical path, with
 * every department system answering after a fixed latency L.
 *
 *   npx tsx scripts/bench-newborn.ts                    L = 50 ms, 20 runs per selection
 *   npx tsx scripts/bench-newborn.ts --quick            L = 20 ms, 8 runs
 *   npx tsx scripts/bench-newborn.ts --latency 100 --runs 10
 *   npx tsx scripts/bench-newborn.ts --postgres postgres://root@127.0.0.1:5432/test
 *                                                       the service-center's state in PostgreSQL
 *                                                       (a fresh schema, dropped after)
 *
 * First the critical path is measured: one errand per selection at a large latency, where calls that
 * ran in parallel arrive together and each dependent call arrives a latency later. Then the errands
 * run one at a time at L, timed by the client from sending the mutation to reading its COMPLETED
 * answer. Both the realistic selection (application and the newborn's citizen ID) and the full one
 * (newborn fields from every department) are measured. Prints a markdown table and, last, the line
 * `newborn_median_ms=… critical_path_ms=… ratio_vs_critical_path=…`; writes the results to
 * `.data/bench-newborn.json`. Everything runs in this process on port 0 and is stopped at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../subgraphs/service-center/storage/database.ts';
import { ROOT } from '../system/topology.ts';
import { type CriticalPath, criticalPathOf, type SelectionResult, summarise } from './bench/analysis.ts';
import { BenchSystem, type ErrandSample } from './bench/BenchSystem.ts';
import { FULL_SELECTION, type NewbornSelection, REALISTIC_SELECTION } from './bench/operations.ts';
import { type BenchResult, markdownReport, TARGET_RATIO } from './bench/report.ts';

/**
 * The latency at which the critical path is measured: large against the system's own overhead per
 * call (a few ms), so parallel calls cannot be mistaken for dependent ones. At least 5 × L.
 */
const CALIBRATION_LATENCY_MS = 250;

/** Where the results are written; `.data/` is git-ignored. */
const RESULT_FILE = path.join(ROOT, '.data', 'bench-newborn.json');

function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${option} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Reads the command line; `--quick` sets L = 20 ms and 8 runs unless --latency or --runs say otherwise. */
function readOptions(argv: string[]): { latencyMs: number; runs: number; databaseUrl?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      postgres: { type: 'string' },
    },
  });
  if (values.postgres !== undefined) parseDatabaseUrl(values.postgres);
  return {
    latencyMs: positiveInteger('latency', values.latency, values.quick ? 20 : 50),
    runs: positiveInteger('runs', values.runs, values.quick ? 8 : 20),
    databaseUrl: values.postgres,
  };
}

/** Runs one errand per selection at a large latency and reads each one's critical path. */
async function measureCriticalPaths(
  latencyMs: number,
  databaseUrl: string | undefined,
): Promise<Record<NewbornSelection['name'], CriticalPath>> {
  const bench = new BenchSystem(latencyMs, databaseUrl);
  try {
    const realistic = await bench.register(REALISTIC_SELECTION);
    const full = await bench.register(FULL_SELECTION);
    return { realistic: criticalPathOf(realistic, latencyMs), full: criticalPathOf(full, latencyMs) };
  } finally {
    await bench.stop();
  }
}

/** Runs `runs` errands with each selection, one at a time. */
async function measureErrands(bench: BenchSystem, runs: number) {
  const samples: Record<NewbornSelection['name'], ErrandSample[]> = { realistic: [], full: [] };
  for (const selection of [REALISTIC_SELECTION, FULL_SELECTION]) {
    for (let run = 0; run < runs; run++) samples[selection.name].push(await bench.register(selection));
  }
  return samples;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

// Every server lives in this process, so an interrupted benchmark ends at once and takes them along;
// a graceful stop would first wait for the errand in flight. Registered before any system starts, so
// this runs before the Apollo servers' own signal handlers.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: benchmark interrupted, nothing written`);
    process.exit(130);
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { latencyMs, runs, databaseUrl } = readOptions(argv);
  const calibrationMs = Math.max(CALIBRATION_LATENCY_MS, 5 * latencyMs);
  console.error(`measuring the critical path at L = ${calibrationMs} ms…`);
  const paths = await measureCriticalPaths(calibrationMs, databaseUrl);

  console.error(
    `running ${runs} errands per selection at L = ${latencyMs} ms, the service-center on ${databaseUrl ? 'PostgreSQL' : 'SQLite'}…`,
  );
  const bench = new BenchSystem(latencyMs, databaseUrl);
  let samples: Awaited<ReturnType<typeof measureErrands>>;
  try {
    samples = await measureErrands(bench, runs);
  } finally {
    await bench.stop();
  }

  const realistic: SelectionResult = summarise(
    samples.realistic,
    paths.realistic,
    latencyMs,
    REALISTIC_SELECTION.description,
  );
  const full = summarise(samples.full, paths.full, latencyMs, FULL_SELECTION.description);
  // The bounds are the errand's: the realistic selection makes no call beyond the errand's own.
  const criticalPathMs = realistic.criticalPath.calls * latencyMs;
  const sequentialMs = realistic.calls.typical * latencyMs;
  const ratioVsCriticalPath = realistic.medianMs / criticalPathMs;
  const result: BenchResult = {
    command: ['npx tsx scripts/bench-newborn.ts', ...argv].join(' '),
    at: new Date().toISOString(),
    node: process.version,
    latencyMs,
    runs,
    systemStarts: bench.starts,
    criticalPathMs,
    sequentialMs,
    ratioVsCriticalPath: round(ratioVsCriticalPath, 3),
    ratioVsSequential: round(realistic.medianMs / sequentialMs, 3),
    targetRatio: TARGET_RATIO,
    targetMet: ratioVsCriticalPath <= TARGET_RATIO,
    realistic,
    full,
  };

  mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(markdownReport(result));
  console.log(`\nresults written to ${path.relative(ROOT, RESULT_FILE)}`);
  console.log(
    `newborn_median_ms=${round(realistic.medianMs)} critical_path_ms=${criticalPathMs} ` +
      `ratio_vs_critical_path=${round(ratioVsCriticalPath, 2)}`,
  );
}

// Each system is stopped by the `finally` that started it, also when a run fails.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
