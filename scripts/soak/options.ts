/**
 * The soak script's command line, read once and checked: a bad value stops the script naming the
 * option, what it expects and what came.
 */
import { parseArgs } from 'node:util';

/** How long and how hard the soak runs, and which department it restarts. */
export interface SoakOptions {
  /** How long the load runs, ms: `--minutes` (default 3), or 30 s with `--quick`. */
  durationMs: number;
  /** Virtual users sending reads at the same time (`--users`, default 8). */
  readers: number;
  /** The department whose API is stopped and started again in the middle (`--department`). */
  department: string;
  /** How long the department stays down, ms (`--outage-seconds`, default 10). */
  outageMs: number;
  /**
   * A reader's pause between two requests, ms (`--think-ms`, default 200): users, not a flood, and
   * under the gateway's rate limit per caller (see `reads.ts`).
   */
  thinkMs: number;
}

/** The usage line printed with a bad option. */
export const USAGE =
  'usage: npm run soak -- [--quick | --minutes N] [--users N] [--department NAME] [--outage-seconds N] [--think-ms N]';

const QUICK_DURATION_MS = 30_000;

/** The number an option gives, or `fallback` when it is absent; 0 only where `allowZero`. */
function numberOption(
  option: string,
  value: string | undefined,
  fallback: number,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) {
    const expected = allowZero ? 'of at least 0' : 'above 0';
    throw new TypeError(`--${option} must be a number ${expected}, got ${JSON.stringify(value)}\n${USAGE}`);
  }
  return n;
}

/** Reads the soak's options from `argv` (without the node and script arguments). */
export function readSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      users: { type: 'string' },
      department: { type: 'string', default: 'civil-affairs' },
      'outage-seconds': { type: 'string' },
      'think-ms': { type: 'string' },
    },
  });
  if (values.quick && values.minutes !== undefined) {
    throw new TypeError(`--quick runs 30 s; give either --quick or --minutes, not both\n${USAGE}`);
  }
  const durationMs = values.quick ? QUICK_DURATION_MS : numberOption('minutes', values.minutes, 3) * 60_000;
  const outageMs = numberOption('outage-seconds', values['outage-seconds'], 10) * 1000;
  if (outageMs >= durationMs / 2) {
    throw new TypeError(
      `the outage (${outageMs / 1000} s) must be shorter than half the run (${durationMs / 1000} s)\n${USAGE}`,
    );
  }
  const readers = numberOption('users', values.users, 8);
  if (!Number.isInteger(readers)) throw new TypeError(`--users must be a whole number, got ${readers}`);
  return {
    durationMs,
    readers,
    department: values.department,
    outageMs,
    thinkMs: numberOption('think-ms', values['think-ms'], 200, true),
  };
}
