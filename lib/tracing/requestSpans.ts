/**
 * The server span of every request a Fastify server answers — gateway, subgraph or department
 * system alike: started when the request arrives (a child of the caller's `traceparent`), named by
 * its route (`POST /v1/people/batch-get`), made the active span while its hooks and its handler run
 * (so the calls it makes and the lines it logs belong to it), and ended when the answer is sent,
 * with its status code — failed for a 5xx. `/health`, `/ready` and `/metrics` make no spans: probes
 * and scrapes would bury the requests.
 */
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextOfHeaders, tracerFor } from '../tracing.ts';
import { httpServerAttributes, httpSpanName, routeTemplate } from './attributes.ts';

const UNTRACED = new Set(['/health', '/ready', '/metrics']);

const spans = new WeakMap<FastifyRequest, Span>();

/** The server span of `request`, when it has one. */
export function requestSpanOf(request: FastifyRequest): Span | undefined {
  return spans.get(request);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Runs the rest of a hook chain with the request's span active. */
function activate(request: FastifyRequest, done: () => void): void {
  const span = spans.get(request);
  if (span) context.with(trace.setSpan(context.active(), span), done);
  else done();
}

/**
 * Gives every request `app` answers a server span of `service` (e.g. `gateway`, `health`,
 * `health-system`). Add it before any other hook, so the span covers them.
 */
export function traceRequests(app: FastifyInstance, service: string): void {
  const tracer = tracerFor(service);
  app.addHook('onRequest', (request, _reply, done) => {
    const path = request.url.split('?', 1)[0] ?? '/';
    if (UNTRACED.has(path)) return done();
    const fastifyRoute = request.routeOptions.url;
    const route = fastifyRoute ? routeTemplate(fastifyRoute) : undefined;
    const span = tracer.startSpan(
      httpSpanName(request.method, route),
      {
        kind: SpanKind.SERVER,
        attributes: httpServerAttributes({
          method: request.method,
          path,
          route,
          host: request.hostname,
          port: request.port ?? undefined,
          scheme: request.protocol,
        }),
      },
      contextOfHeaders({
        traceparent: header(request, 'traceparent'),
        tracestate: header(request, 'tracestate'),
      }),
    );
    spans.set(request, span);
    activate(request, done);
  });
  // Reading the body leaves the request's context behind: its handler runs in it again.
  app.addHook('preHandler', (request, _reply, done) => activate(request, done));
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      spans.delete(request);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      if (reply.statusCode >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(reply.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    if (span) {
      spans.delete(request);
      span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the caller closed the connection' });
      span.end();
    }
    done();
  });
}
