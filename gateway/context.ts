/**
 * The gateway's per-request context: the request id and the headers forwarded to every subgraph.
 */
import type { FastifyRequest } from 'fastify';

/** What the gateway keeps for one client request. */
export interface GatewayContext {
  /** Identifies the request across gateway, subgraphs and department APIs. */
  requestId: string;
  /** Headers sent to every subgraph fetch of this request. */
  forwardedHeaders: Record<string, string>;
}

/** Headers copied from the client request to subgraph requests when present. */
const FORWARDED = ['authorization', 'traceparent', 'tracestate'] as const;

/**
 * Builds the context of a client request. Its id is Fastify's request id: the caller's `x-request-id`
 * when it sent one, else a new UUID.
 */
export function gatewayContextOf(request: FastifyRequest): GatewayContext {
  const requestId = request.id;
  const forwardedHeaders: Record<string, string> = { 'x-request-id': requestId };
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') forwardedHeaders[name] = value;
  }
  return { requestId, forwardedHeaders };
}
