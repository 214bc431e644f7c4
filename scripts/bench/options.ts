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
  /**
   * Errands run before anything is measured, at L = 1 ms on a system started for them alone
   * (`--warm-up`, default 200, 20 with `--quick`; 0 for none): the process's code compiled as a
   * service's is after its first errands, so the figures are a running service's, not V8's warm-up.
   */
  warmUpErrands: number;
  /** The service-center's state in PostgreSQL (`--postgres URL`: a fresh schema, dropped after); default SQLite. */
  databaseUrl?: string;
}

/** The usage line printed with a bad option. */
export const USAGE =
  'usage: npm run bench:errand -- [--errand restaurant|newborn] [--quick] [--latency MS] [--runs N] [--warm-up N] [--postgres URL]';

function wholeNumber(option: string, value: string | undefined, fallback: number, least = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < least) {
    throw new TypeError(
      `--${option} must be a whole number of at least ${least}, got ${JSON.stringify(value)}\n${USAGE}`,
    );
  }
  return n;
}

/**
 * Reads the options from `argv` (without the node and script arguments); `--quick` sets L = 20 ms,
 * 8 runs and 20 warm-up errands unless --latency, --runs or --warm-up say otherwise. With `fixedErrand` (`bench:newborn`) there is no
 * `--errand` option: the errand is that one.
 */
export function readBenchOptions(argv: string[], fixedErrand?: ErrandName): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      runs: { type: 'string' },
      'warm-up': { type: 'string' },
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
    latencyMs: wholeNumber('latency', values.latency, values.quick ? 20 : 50),
    runs: wholeNumber('runs', values.runs, values.quick ? 8 : 20),
    warmUpErrands: wholeNumber('warm-up', values['warm-up'], values.quick ? 20 : 200, 0),
    databaseUrl: values.postgres,
  };
}
