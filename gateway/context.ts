/**
 * The gateway's per-request context: the request id and the headers forwarded to every subgraph.
 */
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
  return { identity, requestId, forwardedHeaders };
}
