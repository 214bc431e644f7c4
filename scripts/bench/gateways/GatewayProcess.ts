/**
 * A gateway in a process of its own, seen from the benchmark: started with `child_process.fork`
 * (TypeScript through tsx), so that it shares its event loop with neither the subgraphs nor the other
 * gateways nor the load generator. Tracks the highest resident set size and the CPU time the process reports.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type GatewayKind, type GatewayMessage, SUPERGRAPH_ENV } from './protocol.ts';

/**
 * Each gateway's script. Hive Gateway's lives in the comparison package (`comparisonPackage.ts`), so
 * that it loads Hive Gateway and graphql from that package's own `node_modules`.
 */
const SCRIPTS: Record<GatewayKind, string> = {
  ours: './ours.ts',
  apollo: './apollo.ts',
  hive: './comparison/hive.ts',
};

/** How long a gateway may take to load the supergraph and listen. */
const START_TIMEOUT_MS = 60_000;

/** A running gateway process. */
export class GatewayProcess {
  readonly kind: GatewayKind;
  readonly url: string;
  readonly #child: ChildProcess;
  #peakRss = 0;
  #lastRss = 0;
  #cpuMicros = 0;

  private constructor(kind: GatewayKind, url: string, child: ChildProcess) {
    this.kind = kind;
    this.url = url;
    this.#child = child;
    child.on('message', (message: GatewayMessage) => {
      if (message.type !== 'usage') return;
      this.#lastRss = message.rssBytes;
      this.#peakRss = Math.max(this.#peakRss, message.rssBytes);
      this.#cpuMicros = message.cpuMicros;
    });
  }

  /**
   * Starts the gateway of `kind` (its script in {@link SCRIPTS}) on `supergraphFile`, whose
   * routing URLs are those of the running subgraphs; `env` adds to the benchmark's environment and
   * `nodeOptions` to Node's options (e.g. `--cpu-prof`).
   */
  static async start(
    kind: GatewayKind,
    supergraphFile: string,
    env: Record<string, string> = {},
    nodeOptions: string[] = [],
  ) {
    const script = fileURLToPath(new URL(SCRIPTS[kind], import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx', ...nodeOptions],
      env: {
        ...process.env,
        ...env,
        [SUPERGRAPH_ENV]: supergraphFile,
        // Every gateway as deployed, and none phoning home (@apollo/gateway's usage reporting).
        NODE_ENV: 'production',
        APOLLO_TELEMETRY_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timeout = AbortSignal.timeout(START_TIMEOUT_MS);
    try {
      for (;;) {
        const [message] = (await once(child, 'message', { signal: timeout })) as [GatewayMessage];
        if (message.type === 'listening') return new GatewayProcess(kind, message.url, child);
        if (message.type === 'failed')
          throw new Error(`the ${kind} gateway did not start: ${message.message}`);
      }
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  /** The process id, to tell the gateway processes apart in a process list. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The resident set size the process last reported, bytes. */
  get rss(): number {
    return this.#lastRss;
  }

  /** CPU time (user and system) the process had used when it last reported, µs. */
  get cpuMicros(): number {
    return this.#cpuMicros;
  }

  /** Forgets the peak so far: the next {@link peakRss} covers only what follows. */
  resetPeak(): void {
    this.#peakRss = this.#lastRss;
  }

  /** The highest resident set size reported since the start or the last {@link resetPeak}, bytes. */
  get peakRss(): number {
    return this.#peakRss;
  }

  /** Stops the process (it exits when its IPC channel closes) and waits for it. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
