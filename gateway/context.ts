/**
 * The gateway's per-request context: who is asking, the request id, and the headers forwarded to
 * every subgraph (the bearer token, the request id and the W3C trace context).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Identity } from '../lib/auth/identity.ts';
import type { TokenVerifier } from '../lib/auth/tokens.ts';
import { identityOf } from '../subgraphs/kit/requestContext.ts';

/** What the gateway keeps for one client request. */
export interface GatewayContext {
  /** Who is asking, from a verified bearer token; anonymous without one. */
  identity: Identity;
  /** Identifies the request across gateway, subgraphs and department APIs. */
  requestId: string;
  /** Headers sent to every subgraph fetch of this request. */
  forwardedHeaders: Record<string, string>;
}

/** Headers copied from the client request to subgraph requests when present. */
const FORWARDED = ['authorization', 'traceparent', 'tracestate'] as const;

/**
 * Builds the context of a client request, verifying its bearer token (a bad one is refused with 401
 * `UNAUTHENTICATED` before any subgraph is asked). Its id is Fastify's request id: the caller's
 * `x-request-id` when it sent one, else a new UUID.
 */
export async function gatewayContextOf(
  request: FastifyRequest,
  verifier?: TokenVerifier,
): Promise<GatewayContext> {
  const authorization = request.headers.authorization;
  const identity = await identityOf(typeof authorization === 'string' ? authorization : undefined, verifier);
  const requestId = request.id;
  const forwardedHeaders: Record<string, string> = { 'x-request-id': requestId };
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') forwardedHeaders[name] = value;
  }
  // The gateway starts the trace when the client did not: every subgraph and department API of this
  // request then shares one W3C trace id.
  if (!TRACEPARENT.test(forwardedHeaders.traceparent ?? '')) {
    forwardedHeaders.traceparent = newTraceparent();
    delete forwardedHeaders.tracestate;
  }
  return { identity, requestId, forwardedHeaders };
}

/** A valid W3C `traceparent`: version 00, a non-zero trace id and parent id, and flags. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A new sampled `traceparent` with a random trace id and parent span id. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}
