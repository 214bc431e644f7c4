/**
 * The comparison package (`comparison/`): Hive Gateway and everything it loads, an npm package of its
 * own with a committed lock, so that the root `npm ci` does not install some 800 packages that only
 * the benchmark uses. The benchmark installs it on first use, and again whenever its lock changes,
 * with `npm ci` from the npm registry; plain @apollo/gateway needs no such install (`apollo.ts` runs
 * the root's copy, the one our gateway is built on).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The comparison package's folder. */
export const COMPARISON_DIR = fileURLToPath(new URL('./comparison', import.meta.url));

/**
 * Written into the package's `node_modules` once `npm ci` succeeded: the hash of the lock installed.
 * An install that stopped half-way writes none, so the next run installs again.
 */
const STAMP = '.installed-lock.sha256';

/** How much of a failed install's output the error quotes. */
const OUTPUT_TAIL_CHARS = 4000;

/** Whether the package's `node_modules` matches its lock: `missing` (never installed) or `stale`. */
export type InstallState = 'installed' | 'missing' | 'stale';

function lockHash(dir: string): string {
  return createHash('sha256')
    .update(readFileSync(path.join(dir, 'package-lock.json')))
    .digest('hex');
}

/** Whether `dir`'s `node_modules` was installed from its current `package-lock.json`. */
export function installState(dir: string = COMPARISON_DIR): InstallState {
  const stamp = path.join(dir, 'node_modules', STAMP);
  if (!existsSync(stamp)) return 'missing';
  return readFileSync(stamp, 'utf8').trim() === lockHash(dir) ? 'installed' : 'stale';
}

/** The install: `npm ci` of `dir` alone, quiet about audits and funding. */
export function npmCi(dir: string): string[] {
  return ['npm', 'ci', '--prefix', dir, '--no-audit', '--no-fund'];
}

/**
 * Installs the package in `dir` unless its `node_modules` already matches its lock, saying so in one
 * line through `log`. `command` is the install to run (default {@link npmCi}); its output is shown
 * only when it fails, and then the error names the command and quotes the end of its output.
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
      `${state === 'missing' ? 'first use' : 'its lock changed'}): ${shown}`,
  );
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', STAMP), `${lockHash(dir)}\n`);
}
