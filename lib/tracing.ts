/**
 * W3C trace context across gateway, subgraphs, service-center and department systems, with the
 * OpenTelemetry API. Every server starts a span for each request it receives, as a child of the
 * caller's span when the request carries a `traceparent`, and every call it makes to another server
 * gets a client span of its own whose context travels in that call's `traceparent` — so one client
 * request is one trace, and each hop can be told apart by its span id.
 *
 * The spans come from a tracer provider of this module, not the global one: registering a global
 * provider would also switch on the spans @apollo/gateway makes for planning and execution on every
 * request. Exporting is optional: `OTEL_TRACES_EXPORTER=console` prints each finished span; by
 * default spans are made and dropped, and only their context is propagated.
 */
import { createHash } from 'node:crypto';
import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The trace context headers a request carries (W3C Trace Context). */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

function spanProcessors(): SpanProcessor[] {
  return process.env.OTEL_TRACES_EXPORTER === 'console'
    ? [new SimpleSpanProcessor(new ConsoleSpanExporter())]
    : [];
}

const propagator = new W3CTraceContextPropagator();
const tracer = new BasicTracerProvider({ spanProcessors: spanProcessors() }).getTracer('onething');

function contextOf(headers: TraceHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/** The trace context headers that make a span the parent of the next hop. */
export function traceHeadersOf(span: Span): TraceHeaders {
  const headers: TraceHeaders = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
  return headers;
}

/**
 * Starts the span of a request this server received: a child of the caller's span when `incoming`
 * carries a valid `traceparent`, else the root of a new trace.
 */
export function startServerSpan(name: string, incoming: TraceHeaders, attributes?: Attributes): Span {
  return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, contextOf(incoming));
}

/** Starts the span of a call this server makes, as a child of the span whose headers are `parent`. */
export function startClientSpan(name: string, parent: TraceHeaders, attributes?: Attributes): Span {
  return tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, contextOf(parent));
}

/**
 * The trace headers of a long-running piece of work that no request carries, such as an errand the
 * service-center runs in the background and resumes after a restart: its trace id is derived from
 * `key` (e.g. the application id), so every call made for it, in any process, falls in one trace.
 */
export function traceHeadersForWork(key: string): TraceHeaders {
  const digest = createHash('sha256').update(key).digest('hex');
  const traceId = digest.slice(0, 32);
  const spanId = digest.slice(32, 48);
  return { traceparent: `00-${traceId}-${spanId}-0${TraceFlags.SAMPLED}` };
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
  }
  span.end();
}
