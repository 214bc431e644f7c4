/**
 * Puts the active span's `trace_id` and `span_id` on every log line written inside a span, so a log
 * line leads to its trace and a trace to its log lines (pino's `mixin`, evaluated per line).
 */
import type { FastifyServerOptions } from 'fastify';
import { activeTraceIds } from '../tracing.ts';

type LoggerOptions = FastifyServerOptions['logger'];

/** A pino mixin adding the active span's ids; nothing outside a span. */
export function traceContextMixin(): Record<string, string> {
  return activeTraceIds() ?? {};
}

/**
 * Fastify logger options that add {@link traceContextMixin} to `logger`'s lines (after its own mixin,
 * if it has one). `false` or none stays off.
 */
export function withTraceContext(logger: LoggerOptions): LoggerOptions {
  if (!logger) return false;
  const options = logger === true ? {} : (logger as { mixin?: (...args: never[]) => object });
  const own = options.mixin as ((...args: unknown[]) => object) | undefined;
  return {
    ...options,
    mixin: (...args: unknown[]) => ({ ...(own ? own(...args) : {}), ...traceContextMixin() }),
  } as LoggerOptions;
}
