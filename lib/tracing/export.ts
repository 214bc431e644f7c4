/**
 * Where finished spans go, read once from the standard OpenTelemetry variables: to an OTLP/HTTP
 * collector (JSON or protobuf), to stdout, or nowhere. Export never holds up a request: finished
 * spans wait in one bounded queue per process and leave in batches in the background; when the queue
 * is full (the collector is slow or gone) new spans are dropped, never waited for, and every span
 * dropped — queue full, or its batch refused or unreachable — is counted ({@link droppedSpans}) and
 * the first drop is logged once.
 */

import { type Context, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, getNumberFromEnv } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { otlpProtobufSpanExporter } from './otlpProtobuf.ts';

/** Where spans are sent. */
export type SpanDestination = 'otlp' | 'console';

/** How a process traces, from its environment. */
export interface TracingSettings {
  /** `OTEL_SDK_DISABLED=true`: no span is recorded; trace context still passes through. */
  disabled: boolean;
  /**
   * `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`, or a comma list); unset: `otlp` when
   * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, else none.
   */
  destinations: SpanDestination[];
  /** `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`; default `http/protobuf`. */
  protocol: 'http/json' | 'http/protobuf';
  /** `OTEL_BSP_MAX_QUEUE_SIZE`: finished spans waiting for export before new ones are dropped; default 2048. */
  maxQueueSize: number;
}

/** A variable with a value this process cannot use: start-up stops, naming it. */
export class TracingConfigError extends Error {
  constructor(variable: string, expected: string, got: string) {
    super(`${variable} must be ${expected}, got ${JSON.stringify(got)}`);
    this.name = 'TracingConfigError';
  }
}

/**
 * Reads the tracing settings from `env`.
 *
 * @throws TracingConfigError naming a variable whose value is not one of those allowed
 */
export function readTracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const disabledValue = env.OTEL_SDK_DISABLED?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false'].includes(disabledValue))
    throw new TracingConfigError('OTEL_SDK_DISABLED', '"true" or "false"', env.OTEL_SDK_DISABLED ?? '');
  const exporterValue = env.OTEL_TRACES_EXPORTER?.trim();
  let destinations: SpanDestination[];
  if (exporterValue) {
    const names = exporterValue.split(',').map((name) => name.trim().toLowerCase());
    for (const name of names)
      if (!['otlp', 'console', 'none'].includes(name))
        throw new TracingConfigError('OTEL_TRACES_EXPORTER', 'otlp, console or none (or a comma list)', name);
    destinations = names.includes('none') ? [] : ([...new Set(names)] as SpanDestination[]);
  } else {
    destinations = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ['otlp'] : [];
  }
  const protocolVariable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = env[protocolVariable]?.trim() || 'http/protobuf';
  if (protocol !== 'http/json' && protocol !== 'http/protobuf')
    throw new TracingConfigError(
      protocolVariable,
      'http/json or http/protobuf (grpc is not built in)',
      protocol,
    );
  const queueValue = env.OTEL_BSP_MAX_QUEUE_SIZE?.trim();
  const maxQueueSize = queueValue ? Number(queueValue) : 2048;
  if (!Number.isInteger(maxQueueSize) || maxQueueSize < 1)
    throw new TracingConfigError('OTEL_BSP_MAX_QUEUE_SIZE', 'a positive integer', queueValue ?? '');
  return { disabled: disabledValue === 'true', destinations, protocol, maxQueueSize };
}

/** Spans dropped by this process since it started, by why. */
export interface DroppedSpans {
  /** The export queue was full: the collector was slower than the spans came, or gone. */
  queueFull: number;
  /** The collector refused their batch, or could not be reached within the export timeout. */
  exportFailed: number;
}

const dropped: DroppedSpans = { queueFull: 0, exportFailed: 0 };
let dropLogged = false;

/** How many spans this process has dropped, and why. */
export function droppedSpans(): Readonly<DroppedSpans> {
  return { ...dropped };
}

function countDrop(reason: keyof DroppedSpans, count: number, cause?: string): void {
  dropped[reason] += count;
  if (dropLogged) return;
  dropLogged = true;
  // Once per process: a dead collector must not flood the logs; the count tells the rest.
  process.stderr.write(
    `${JSON.stringify({
      level: 40,
      time: Date.now(),
      name: 'tracing',
      reason: reason === 'queueFull' ? 'queue_full' : 'export_failed',
      ...(cause ? { cause } : {}),
      msg: 'spans are being dropped (counted in onething_otel_spans_dropped_total); requests are not affected',
    })}\n`,
  );
}

/** An exporter that counts the spans of every batch that did not get through. */
class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly settled: (count: number) => void,
  ) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans, (result) => {
      this.settled(spans.length);
      if (result.code !== ExportResultCode.SUCCESS)
        countDrop('exportFailed', spans.length, result.error?.message);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * A batch span processor whose queue bound is kept here, so a full queue drops the span at once and
 * counts it: spans queued or being exported never exceed `maxQueueSize`.
 */
export class BoundedBatchProcessor implements SpanProcessor {
  readonly #batch: BatchSpanProcessor;
  readonly #maxQueueSize: number;
  #pending = 0;

  constructor(exporter: SpanExporter, maxQueueSize: number) {
    this.#maxQueueSize = maxQueueSize;
    const counting = new CountingExporter(exporter, (count) => {
      this.#pending -= count;
    });
    const batchSize = getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? 512;
    this.#batch = new BatchSpanProcessor(counting, {
      maxQueueSize,
      maxExportBatchSize: Math.min(batchSize, maxQueueSize),
    });
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.#pending >= this.#maxQueueSize) {
      countDrop('queueFull', 1);
      return;
    }
    this.#pending++;
    this.#batch.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.#batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#batch.shutdown();
  }
}

/** The span processors `settings` ask for: one shared by every service of the process. */
export function spanProcessorsOf(settings: TracingSettings): SpanProcessor[] {
  if (settings.disabled) return [];
  return settings.destinations.map((destination) => {
    if (destination === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
    const exporter = settings.protocol === 'http/json' ? new OTLPTraceExporter() : otlpProtobufSpanExporter();
    return new BoundedBatchProcessor(exporter, settings.maxQueueSize);
  });
}
