/**
 * Running a server as its own process, for tests that kill one the way an operator or a crash would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ROOT } from '../../system/topology.ts';

/** A server running in a child process. */
export interface ServerProcess {
  child: ChildProcess;
  /** The URL the server printed once listening. */
  url: string;
  /** Kills it with SIGKILL, as a crash would, and waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * Starts `entry` (a TypeScript file relative to the repository) with tsx and waits until it prints a
 * line matching `listening at <url>`; fails if it exits first or takes longer than `timeoutMs`.
 */
export async function startServerProcess(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
  args: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...inheritedEnvironment(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The test's environment for a child process, less the shared services CI names (`DATABASE_URL`,
 * `DATABASE_SCHEMA`, `REDIS_URL`): a child uses PostgreSQL or Redis only when its test says so, never
 * the public schema another test or an earlier run left rows in.
 */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, DATABASE_SCHEMA: _schema, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}
