/**
 * `npm run bench:newborn`: how long registerNewborn takes against the errand's critical path, with
 * every department system answering after a fixed latency L — the newborn errand of the errand
 * benchmark (`npm run bench:errand -- --errand newborn` runs the same, writing another file).
 *
 *   npx tsx scripts/bench-newborn.ts                    L = 50 ms, 20 runs per selection, 200 to warm up
 *   npx tsx scripts/bench-newborn.ts --quick            L = 20 ms, 8 runs, 20 to warm up
 *   npx tsx scripts/bench-newborn.ts --warm-up 0        no warm-up: a fresh process's first errands
 *   npx tsx scripts/bench-newborn.ts --latency 100 --runs 10
 *   npx tsx scripts/bench-newborn.ts --postgres postgres://root@127.0.0.1:5432/test
 *                                                       the service-center's state in PostgreSQL
 *                                                       (a fresh schema, dropped after)
 *
 * First errands run, unmeasured, to warm the process up (V8 compiles hot code after many runs; a
 * service that has served a while is past that). Then the critical path is measured: one errand per selection at a large latency, where calls that
 * ran in parallel arrive together and each dependent call arrives a latency later. Then the errands
 * run one at a time at L, timed by the client from sending the mutation to reading its COMPLETED
 * answer. Both the realistic selection (application and the newborn's citizen ID) and the full one
 * (newborn fields from every department) are measured. Prints a markdown table and, last, the line
 * `newborn_median_ms=… critical_path_ms=… ratio_vs_critical_path=…`; writes the results to
 * `.data/bench-newborn.json`. Everything runs in this process on port 0 and is stopped at the end.
 */
import path from 'node:path';
import { ROOT } from '../system/topology.ts';
import { scenarios } from './bench/BenchSystem.ts';
import { newbornErrand } from './bench/errands/newborn.ts';
import { readBenchOptions } from './bench/options.ts';
import { exitOnInterrupt, runBenchmark } from './bench/runBenchmark.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  await runBenchmark(newbornErrand(scenarios), readBenchOptions(argv, 'newborn'), {
    command: ['npx tsx scripts/bench-newborn.ts', ...argv].join(' '),
    resultFile: path.join(ROOT, '.data', 'bench-newborn.json'),
  });
}

exitOnInterrupt();
// Each system is stopped by the `finally` that started it, also when a run fails.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
