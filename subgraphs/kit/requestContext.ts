/**
 * What every subgraph takes from an incoming request: the request id (the gateway's, or a new one)
 * and the headers it forwards to its department API.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ForwardedHeaders } from './departmentClient.ts';

/** The part of a request every subgraph context holds. */
export interface RequestInfo {
  /** Identifies the client request across gateway, subgraphs and department APIs. */
  requestId: string;
  /** Headers to forward to the department API. */
  forwardedHeaders: ForwardedHeaders;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the request id and trace context of an incoming subgraph request. */
export function requestInfoOf(request: FastifyRequest): RequestInfo {
  const requestId = header(request, 'x-request-id') ?? randomUUID();
  const forwardedHeaders: ForwardedHeaders = { 'x-request-id': requestId };
  for (const name of ['traceparent', 'tracestate', 'authorization'] as const) {
    const value = header(request, name);
    if (value) forwardedHeaders[name] = value;
  }
  return { requestId, forwardedHeaders };
}
