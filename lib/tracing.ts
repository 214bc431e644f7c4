/**
 * OpenTelemetry traces across gateway, subgraphs, service-center and department systems, with W3C
 * Trace Context on every hop. Every server starts a span for each request it receives, as a child of
 * the caller's span when the request carries a `traceparent`, and every call it makes to another
 * server gets a client span of its own whose context travels in that call's `traceparent` — so one
 * client request is one trace, and each hop can be told apart by its span id.
 *
 * Each service has a tracer of its own ({@link tracerFor}), whose spans name the service
 * (`service.name`: `onething-gateway`, `onething-<subgraph>-subgraph`, `onething-<department>-system`,
 * see {@link otelServiceName}), this process (`service.instance.id`) and the release
 * (`service.version`); one process may run several services (`npm start`), each with its own name.
 * The spans come from tracer providers of this module, not a global one: registering a global
 * provider would also switch on the spans @apollo/gateway makes for planning and execution of every
 * request. The active span follows the code through `await` (an `AsyncLocalStorage` context manager,
 * registered globally), which is how log lines learn their `trace_id` (`logMixin.ts`).
 *
 * Where the spans go is read once from the standard variables (`tracing/export.ts`): by default they
 * are made, propagated and dropped; `OTEL_EXPORTER_OTLP_ENDPOINT` sends them to a collector.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { scrubbedText } from './tracing/attributes.ts';
import { AsyncLocalStorageContextManager } from './tracing/contextManager.ts';
import { readTracingSettings, spanProcessorsOf } from './tracing/export.ts';

export { type DroppedSpans, droppedSpans } from './tracing/export.ts';

/** The trace context headers a request carries (W3C Trace Context). */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** `service.instance.id`: this process, one of a service's replicas. */
export const SERVICE_INSTANCE_ID = randomUUID();

/** `service.version`: the release, package.json's version. */
export const SERVICE_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const propagator = new W3CTraceContextPropagator();
context.setGlobalContextManager(new AsyncLocalStorageContextManager());

interface Pipeline {
  disabled: boolean;
  processors: SpanProcessor[];
  tracers: Map<string, Tracer>;
}
let pipeline: Pipeline | undefined;

/**
 * (Re)reads the tracing variables of `env` (default the process's) and builds where spans go. Runs by
 * itself on first use; a process calls it at start-up to fail fast on a bad variable.
 *
 * @throws TracingConfigError naming a variable whose value cannot be used
 */
export function configureTracing(env: NodeJS.ProcessEnv = process.env): void {
  const settings = readTracingSettings(env);
  const previous = pipeline;
  pipeline = { disabled: settings.disabled, processors: spanProcessorsOf(settings), tracers: new Map() };
  if (previous) void Promise.allSettled(previous.processors.map((processor) => processor.shutdown()));
}

/**
 * The OpenTelemetry `service.name` of a service of the deployment (as `npm run serve` names it):
 * `gateway` → `onething-gateway`, `health-system` → `onething-health-system`, a subgraph such as
 * `public-security` → `onething-public-security-subgraph`. `OTEL_SERVICE_NAME` (or a `service.name`
 * in `OTEL_RESOURCE_ATTRIBUTES`) overrides it, for a process running one service.
 */
export function otelServiceName(service: string): string {
  if (service === 'gateway') return 'onething-gateway';
  return service.endsWith('-system') ? `onething-${service}` : `onething-${service}-subgraph`;
}

/** The tracer of `service` (a service of the deployment, e.g. `gateway`, `health`, `health-system`). */
export function tracerFor(service: string): Tracer {
  if (!pipeline) configureTracing();
  const current = pipeline as Pipeline;
  let tracer = current.tracers.get(service);
  if (!tracer) {
    // Disabled: a no-op tracer, whose spans carry the caller's context on unchanged.
    tracer = current.disabled
      ? new ProxyTracerProvider().getTracer('onething')
      : new BasicTracerProvider({
          resource: defaultResource()
            .merge(
              resourceFromAttributes({
                [ATTR_SERVICE_NAME]: otelServiceName(service),
                [ATTR_SERVICE_VERSION]: SERVICE_VERSION,
                'service.instance.id': SERVICE_INSTANCE_ID,
              }),
            )
            .merge(detectResources({ detectors: [envDetector] })),
          spanProcessors: current.processors,
        }).getTracer('onething', SERVICE_VERSION);
    current.tracers.set(service, tracer);
  }
  return tracer;
}

/**
 * Sends every finished span still waiting, within `timeoutMs` (default 2000), and stops exporting:
 * a stopping process calls it last. A collector that does not answer costs the wait, no more.
 */
export async function shutdownTracing(timeoutMs = 2000): Promise<void> {
  const processors = pipeline?.processors ?? [];
  pipeline = undefined;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(processors.map((processor) => processor.shutdown())),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** Sends every finished span waiting for export now (tests, and before a process ends). */
export async function flushTracing(): Promise<void> {
  await Promise.allSettled((pipeline?.processors ?? []).map((processor) => processor.forceFlush()));
}

/** The context a request's trace headers name: the caller's span, or none (the root). */
export function contextOfHeaders(headers: TraceHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The trace context headers that make a span the parent of the next hop. */
export function traceHeadersOf(span: Span): TraceHeaders {
  const headers: TraceHeaders = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
  return headers;
}

/** The trace context headers of the active span; empty outside any span. */
export function activeTraceHeaders(): TraceHeaders {
  const headers: TraceHeaders = {};
  propagator.inject(context.active(), headers, defaultTextMapSetter);
  return headers;
}

/** Runs `work` with `span` active: spans and log lines made inside are its children. */
export function withSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/**
 * Starts the span of a request `service` received: a child of the caller's span when `incoming`
 * carries a valid `traceparent`, else the root of a new trace.
 */
export function startServerSpan(
  service: string,
  name: string,
  incoming: TraceHeaders,
  attributes?: Attributes,
): Span {
  return tracerFor(service).startSpan(
    name,
    { kind: SpanKind.SERVER, attributes },
    contextOfHeaders(incoming),
  );
}

/** Starts the span of a call `service` makes, as a child of the span whose headers are `parent`. */
export function startClientSpan(
  service: string,
  name: string,
  parent: TraceHeaders,
  attributes?: Attributes,
): Span {
  return tracerFor(service).startSpan(name, { kind: SpanKind.CLIENT, attributes }, contextOfHeaders(parent));
}

/** Starts a span of work `service` does itself (an errand, one of its steps), a child of `parent`. */
export function startInternalSpan(
  service: string,
  name: string,
  parent: Context,
  attributes?: Attributes,
): Span {
  return tracerFor(service).startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent);
}

/**
 * The trace headers of a long-running piece of work that no request carries, such as an errand the
 * service-center resumes after a restart: its trace id is derived from `key` (e.g. the application
 * id), so every call made for it, in any process, falls in one trace.
 */
export function traceHeadersForWork(key: string): TraceHeaders {
  const digest = createHash('sha256').update(key).digest('hex');
  const traceId = digest.slice(0, 32);
  const spanId = digest.slice(32, 48);
  return { traceparent: `00-${traceId}-${spanId}-0${TraceFlags.SAMPLED}` };
}

/** The ids of the active span, as log lines carry them; undefined outside a valid span. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Ends a span, marking it failed when `error` is given (with its type in `error.type`). */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const type =
      (error as { extensions?: { code?: unknown } })?.extensions?.code ?? (error as Error)?.name ?? 'Error';
    span.setAttribute('error.type', String(type));
    const message = (error as Error)?.message ?? String(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: scrubbedText(message.slice(0, 300)) });
  }
  span.end();
}
