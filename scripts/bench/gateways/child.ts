/**
 * The life of a gateway process started by the benchmark: start the gateway, report its URL, report
 * the resident set size every {@link USAGE_INTERVAL_MS} ms, and exit when the benchmark disconnects.
 */
import { type GatewayMessage, SUPERGRAPH_ENV, USAGE_INTERVAL_MS } from './protocol.ts';

/** A started gateway: its GraphQL endpoint. */
export interface StartedGateway {
  url: string;
}

function send(message: GatewayMessage): void {
  process.send?.(message);
}

/** The supergraph file the benchmark wrote for this run; fails naming the variable when unset. */
export function supergraphPath(): string {
  const file = process.env[SUPERGRAPH_ENV];
  if (!file) throw new Error(`${SUPERGRAPH_ENV} must name the supergraph file, got nothing`);
  return file;
}

/**
 * Runs `start` in this process as the benchmark's gateway process. Must be started with an IPC
 * channel (`child_process.fork`); exits with the benchmark.
 */
export async function runGatewayProcess(start: () => Promise<StartedGateway>): Promise<void> {
  if (!process.send) throw new Error('a gateway process is started by scripts/bench.ts, with an IPC channel');
  try {
    const { url } = await start();
    send({ type: 'listening', url });
    const timer = setInterval(() => {
      const cpu = process.cpuUsage();
      send({ type: 'usage', rssBytes: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
    }, USAGE_INTERVAL_MS);
    timer.unref();
    process.on('disconnect', () => process.exit(0));
  } catch (error) {
    send({ type: 'failed', message: (error as Error).stack ?? String(error) });
    process.exit(1);
  }
}
