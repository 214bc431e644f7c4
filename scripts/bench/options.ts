/**
 * The errand benchmark's command line (`npm run bench:errand`, `npm run bench:newborn`), read once and
 * checked: a bad value stops the script naming the option, what it expects and what came.
 */
import { parseArgs } from 'node:util';
import { parseDatabaseUrl } from '../../subgraphs/service-center/storage/database.ts';
import type { ErrandName } from './BenchErrand.ts';

/** The errands `--errand` takes. */
export const ERRAND_NAMES: readonly ErrandName[] = ['restaurant', 'newborn'];

/** How the benchmark runs. */
export interface BenchOptions {
  /** Which errand (`--errand`, default `restaurant`; `bench:newborn` always runs the newborn errand). */
  errand: ErrandName;
  /** The delay every department system adds to every answer, L (`--latency`, default 50, 20 with `--quick`), ms. */
  latencyMs: number;
  /** Errands per selection (`--runs`, default 20, 8 with `--quick`). */
  runs: number;
  /** The service-center's state in PostgreSQL (`--postgres URL`: a fresh schema, dropped after); default SQLite. */
  databaseUrl?: string;
}

/** The usage line printed with a bad option. */
export const USAGE =
  'usage: npm run bench:errand -- [--errand restaurant|newborn] [--quick] [--latency MS] [--runs N] [--postgres URL]';

function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new TypeError(
      `--${option} must be a whole number of at least 1, got ${JSON.stringify(value)}\n${USAGE}`,
    );
  }
  return n;
}

/**
 * Reads the options from `argv` (without the node and script arguments); `--quick` sets L = 20 ms and
 * 8 runs unless --latency or --runs say otherwise. With `fixedErrand` (`bench:newborn`) there is no
 * `--errand` option: the errand is that one.
 */
export function readBenchOptions(argv: string[], fixedErrand?: ErrandName): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      postgres: { type: 'string' },
      ...(fixedErrand ? {} : { errand: { type: 'string' as const } }),
    },
  });
  const errand = fixedErrand ?? (values.errand as string | undefined) ?? 'restaurant';
  if (!ERRAND_NAMES.includes(errand as ErrandName)) {
    throw new TypeError(
      `--errand must be one of ${ERRAND_NAMES.join(', ')}, got ${JSON.stringify(errand)}\n${USAGE}`,
    );
  }
  if (values.postgres !== undefined) parseDatabaseUrl(values.postgres);
  return {
    errand: errand as ErrandName,
    latencyMs: positiveInteger('latency', values.latency, values.quick ? 20 : 50),
    runs: positiveInteger('runs', values.runs, values.quick ? 8 : 20),
    databaseUrl: values.postgres,
  };
}
