/**
 * How a OneThing process stops: on the first SIGINT or SIGTERM it stops what it runs, sends the spans
 * still waiting to the collector (within 2 s whether it answers or not), and exits — 0, or 1 when
 * stopping failed. A second signal while stopping is ignored.
 */
import { shutdownTracing } from '../lib/tracing.ts';

/** Stops with `stop` on SIGINT or SIGTERM, telling `onSignal` which arrived. */
export function stopOnSignals(
  stop: () => Promise<void>,
  onSignal: (signal: NodeJS.Signals) => void = () => {},
): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      onSignal(signal);
      stop()
        .then(() => shutdownTracing())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
    });
  }
}
