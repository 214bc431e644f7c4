/**
 * `npm run bench:errand`: how long an errand takes against its critical path, with every department
 * system answering after a fixed latency L (issue 18). The restaurant errand (openRestaurant) by
 * default, or the newborn errand (registerNewborn, as `npm run bench:newborn`).
 *
 *   npx tsx scripts/bench-errand.ts                     the restaurant errand, L = 50 ms, 20 runs per
 *                                                       selection after 200 to warm up
 *   npx tsx scripts/bench-errand.ts --errand newborn    the newborn errand
 *   npx tsx scripts/bench-errand.ts --quick             L = 20 ms, 8 runs, 20 to warm up
 *   npx tsx scripts/bench-errand.ts --warm-up 0         no warm-up: a fresh process's first errands
 *   npx tsx scripts/bench-errand.ts --latency 100 --runs 10
 *   npx tsx scripts/bench-errand.ts --postgres postgres://root@127.0.0.1:5432/test
 *                                                       the service-center's state in PostgreSQL
 *                                                       (a fresh schema, dropped after)
 *
 * First errands run, unmeasured, to warm the process up (V8 compiles hot code after many runs; a
 * service that has served a while is past that). Then the critical path is measured: one errand per selection at a large latency. Then the errands
 * run one at a time at L, timed by the client from sending the mutation to reading its COMPLETED
 * answer, with the realistic selection (application and the subject's key) and the full one (the
 * subject's fields from every department). Prints a markdown table and, last, the line
 * `<errand>_median_ms=… critical_path_ms=… ratio_vs_critical_path=…`; writes the results to
 * `.data/bench-errand-<errand>.json`. Everything runs in this process on port 0 and is stopped at the end.
 */
import path from 'node:path';
import { ROOT } from '../system/topology.ts';
import type { BenchErrand, ErrandName } from './bench/BenchErrand.ts';
import { scenarios } from './bench/BenchSystem.ts';
import { newbornErrand } from './bench/errands/newborn.ts';
import { restaurantErrand } from './bench/errands/restaurant.ts';
import { readBenchOptions } from './bench/options.ts';
import { exitOnInterrupt, runBenchmark } from './bench/runBenchmark.ts';

const ERRANDS: Record<ErrandName, () => BenchErrand> = {
  restaurant: () => restaurantErrand(scenarios),
  newborn: () => newbornErrand(scenarios),
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readBenchOptions(argv);
  await runBenchmark(ERRANDS[options.errand](), options, {
    command: ['npx tsx scripts/bench-errand.ts', ...argv].join(' '),
    resultFile: path.join(ROOT, '.data', `bench-errand-${options.errand}.json`),
  });
}

exitOnInterrupt();
// Each system is stopped by the `finally` that started it, also when a run fails.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
