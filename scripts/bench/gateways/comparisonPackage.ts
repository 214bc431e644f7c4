/**
 * The comparison package (`comparison/`): Hive Gateway and everything it loads, an npm package of its
 * own with a committed lock, so that the root `npm ci` does not install some 800 packages that only
 * the benchmark uses. The benchmark installs it with `npm ci`, from the npm registry, on first use and
 * whenever its `node_modules` no longer matches its lock (the lock changed). Plain @apollo/gateway
 * needs no such install: `apollo.ts` runs the root's copy, the one our gateway is built on.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The comparison package's folder. */
export const COMPARISON_DIR = fileURLToPath(new URL('./comparison', import.meta.url));

/** How much of a failed install's output the error quotes. */
const OUTPUT_TAIL_CHARS = 4000;

/** Whether the package's `node_modules` matches its lock: `missing` (never installed) or `stale`. */
export type InstallState = 'installed' | 'missing' | 'stale';

/** A lockfile's packages by install path: what `npm ci` installs, and what it says it installed. */
type LockPackages = Record<string, { version?: string; integrity?: string; optional?: boolean }>;

function lockPackages(file: string): LockPackages {
  return (JSON.parse(readFileSync(file, 'utf8')) as { packages?: LockPackages }).packages ?? {};
}

/**
 * Whether `dir`'s `node_modules` holds what its `package-lock.json` names, as npm's own record of an
 * install says (`node_modules/.package-lock.json`, written when `npm ci` succeeds): every package at
 * the locked version and integrity, nothing else. An optional package may be absent (npm skips those
 * of other platforms).
 */
export function installState(dir: string = COMPARISON_DIR): InstallState {
  const record = path.join(dir, 'node_modules', '.package-lock.json');
  if (!existsSync(record)) return 'missing';
  const locked = lockPackages(path.join(dir, 'package-lock.json'));
  const installed = lockPackages(record);
  const matches = Object.entries(locked).every(([where, want]) => {
    if (where === '') return true;
    const have = installed[where];
    if (!have) return want.optional === true;
    return have.version === want.version && have.integrity === want.integrity;
  });
  const extraneous = Object.keys(installed).some((where) => !(where in locked));
  return matches && !extraneous ? 'installed' : 'stale';
}

/** The install: `npm ci` of `dir` alone, quiet about audits and funding. */
export function npmCi(dir: string): string[] {
  return ['npm', 'ci', '--prefix', dir, '--no-audit', '--no-fund'];
}

/**
 * Installs the package in `dir` unless its `node_modules` already matches its lock, saying so in one
 * line through `log`. `command` is the install, run in `dir` (default {@link npmCi}); its output is
 * shown only when it fails, and then the error names the command and quotes the end of its output.
 */
export async function ensureComparisonPackage(
  dir: string = COMPARISON_DIR,
  log: (line: string) => void = console.error,
  command: string[] = npmCi(dir),
): Promise<void> {
  const state = installState(dir);
  if (state === 'installed') return;
  const shown = command.join(' ');
  log(
    `installing the comparison gateways (${path.relative(process.cwd(), dir) || dir}, ` +
      `${state === 'missing' ? 'first use' : 'its node_modules differs from its lock'}): ${shown}`,
  );
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('close', resolve);
    child.on('error', (error) =>
      reject(new Error(`the comparison gateways could not be installed: ${shown} did not start (${error})`)),
    );
  });
  if (code !== 0) {
    throw new Error(
      `the comparison gateways could not be installed: ${shown} exited with code ${code}. ` +
        `Its output ended with:\n${output.trimEnd()}`,
    );
  }
  if (installState(dir) !== 'installed') {
    throw new Error(
      `the comparison gateways' install (${shown}) ended, yet ${dir}/node_modules does not match its lock`,
    );
  }
}
