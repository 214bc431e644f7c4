/**
 * What every subgraph takes from an incoming request: who is asking (a verified bearer token — a
 * subgraph never trusts an identity it cannot verify itself), the request id (the gateway's, or a new
 * one), and the headers it forwards to its department system.
 */
import { randomUUID } from 'node:crypto';
import type { Span } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { authenticate } from '../../lib/auth/authenticate.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { TokenError, type TokenVerifier } from '../../lib/auth/tokens.ts';
import { endSpan, startServerSpan, traceHeadersOf } from '../../lib/tracing.ts';
import type { ForwardedHeaders } from './departmentClient.ts';

/** The part of a request every subgraph context holds. */
export interface RequestInfo {
  /** Who is asking; anonymous without a token. */
  identity: Identity;
  /** Identifies the client request across gateway, subgraphs and department systems. */
  requestId: string;
  /** Headers to forward to the department system. */
  forwardedHeaders: ForwardedHeaders;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error every server answers an unacceptable token with: HTTP 401, `UNAUTHENTICATED`. */
export function unauthenticated(error: TokenError): GraphQLError {
  return new GraphQLError(`not authenticated: ${error.message}`, {
    extensions: { code: 'UNAUTHENTICATED', reason: error.problem, http: { status: 401 } },
  });
}

/**
 * Verifies who is asking (see {@link authenticate}), answering a refusal the GraphQL way.
 *
 * @throws GraphQLError `UNAUTHENTICATED` (HTTP 401) for a token that does not verify
 */
export async function identityOf(
  authorization: string | undefined,
  verifier: TokenVerifier | undefined,
): Promise<Identity> {
  try {
    return await authenticate(authorization, verifier);
  } catch (error) {
    if (error instanceof TokenError) throw unauthenticated(error);
    throw error;
  }
}

/** The span of each request in flight, ended by {@link endRequestSpan}. */
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Reads the identity, request id and trace context of an incoming subgraph request, and starts the
 * request's span — the parent of the calls to the department system (see {@link endRequestSpan}).
 */
export async function requestInfoOf(request: FastifyRequest, verifier?: TokenVerifier): Promise<RequestInfo> {
  const identity = await identityOf(header(request, 'authorization'), verifier);
  const requestId = header(request, 'x-request-id') ?? randomUUID();
  const span = startServerSpan(`${request.method} ${request.url}`, {
    traceparent: header(request, 'traceparent'),
    tracestate: header(request, 'tracestate'),
  });
  spans.set(request, span);
  const forwardedHeaders: ForwardedHeaders = { 'x-request-id': requestId, ...traceHeadersOf(span) };
  for (const name of ['authorization', 'x-onething-purpose'] as const) {
    const value = header(request, name);
    if (value) forwardedHeaders[name] = value;
  }
  return { identity, requestId, forwardedHeaders };
}

/** Ends the span {@link requestInfoOf} started for `request`, once its answer is sent. */
export function endRequestSpan(request: FastifyRequest, statusCode: number): void {
  const span = spans.get(request);
  if (!span) return;
  spans.delete(request);
  endSpan(span, statusCode >= 500 ? new Error(`HTTP ${statusCode}`) : undefined);
}
