/**
 * The spans this process dropped as a Prometheus counter, for whichever registry serves a service's
 * `/metrics`: `onething_otel_spans_dropped_total{reason="queue_full"|"export_failed"}`. A rising value
 * means the collector is slow or unreachable; requests are never held up for it.
 */
import { Counter, type Registry } from 'prom-client';
import { droppedSpans } from './export.ts';

/** The counter's name. */
export const SPANS_DROPPED_METRIC = 'onething_otel_spans_dropped_total';

/** Registers the dropped-spans counter in `registry`, read from this process's count at each scrape. */
export function registerSpanDropMetric(registry: Registry): Counter<'reason'> {
  return new Counter({
    name: SPANS_DROPPED_METRIC,
    help: 'Finished spans this process dropped instead of exporting: queue_full (the export queue was full), export_failed (the collector refused or could not be reached)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      const { queueFull, exportFailed } = droppedSpans();
      this.reset();
      this.inc({ reason: 'queue_full' }, queueFull);
      this.inc({ reason: 'export_failed' }, exportFailed);
    },
  });
}
