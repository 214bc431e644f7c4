/**
 * The load generator seen from the benchmark: one process (`load.ts`) started once and kept for the
 * whole run, so that sending load never competes with the gateway's or the subgraphs' event loops.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadReply, LoadRequest, LoadResult } from './protocol.ts';

/** The load generator's process. */
export class LoadGenerator {
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  /** Starts the load generator's process. */
  static start(): LoadGenerator {
    const script = fileURLToPath(new URL('./load.ts', import.meta.url));
    return new LoadGenerator(
      fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
  }

  /** Sends `job`'s load and answers what it measured; throws when the load process fails. */
  async run(job: LoadJob): Promise<LoadResult> {
    // Both listeners go when the job ends: a finished job leaves no listener waiting for an exit.
    const done = new AbortController();
    const replied = once(this.#child, 'message', { signal: done.signal });
    const exited = once(this.#child, 'exit', { signal: done.signal }).then(([code]) => {
      throw new Error(`the load generator exited (code ${code}) during a job`);
    });
    try {
      this.#child.send({ type: 'run', job } satisfies LoadRequest);
      const [reply] = (await Promise.race([replied, exited])) as [LoadReply];
      if (reply.type === 'failed') throw new Error(`the load generator failed: ${reply.message}`);
      return reply.result;
    } finally {
      done.abort();
    }
  }

  /** Stops the load generator's process. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    await exited;
  }
}
