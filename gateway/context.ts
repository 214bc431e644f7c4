/**
 * The gateway's per-request context: who is asking, why (a staff member's stated purpose), the
 * request id, the request's span, and the headers forwarded to every subgraph (the request id and the
 * W3C trace context). The client's own token and purpose header stay here: each subgraph gets a
 * delegation the gateway signs for it, carrying the purpose (`SubgraphDataSource`).
 */
import type { Span } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { authenticate } from '../lib/auth/authenticate.ts';
import type { Identity } from '../lib/auth/identity.ts';
import { PURPOSE_HEADER, parseStatedPurpose } from '../lib/auth/purpose.ts';
import { TokenError, type TokenVerifier } from '../lib/auth/tokens.ts';
import { localizedError } from '../lib/i18n/errors.ts';
import { type Language, languageOfHeaders } from '../lib/i18n/languages.ts';
import { requestSpanOf } from '../lib/tracing/requestSpans.ts';
import { traceHeadersOf } from '../lib/tracing.ts';
import { unauthenticated } from '../subgraphs/kit/requestContext.ts';

/** What the gateway keeps for one client request. */
export interface GatewayContext {
  /** Who is asking, from a verified bearer token; anonymous without one. */
  identity: Identity;
  /**
   * Why a staff member reads, from their `OneThing-Purpose` header (`case …`, `application …`, see
   * `lib/auth/purpose.ts`); null when none was stated, and for every caller but staff, whose header is
   * ignored (a citizen reads their own records, a hospital reports: the operation is their purpose).
   */
  statedPurpose: string | null;
  /** Identifies the request across gateway, subgraphs and department systems. */
  requestId: string;
  /**
   * The language of the answer's messages, from the client's `Accept-Language` (Chinese unless it
   * asks for English; see `lib/i18n/languages.ts`); forwarded to every subgraph as its `Accept-Language`.
   */
  language: Language;
  /** Headers sent to every subgraph fetch of this request (never the client's token); their trace context is {@link span}'s. */
  forwardedHeaders: Record<string, string>;
  /** The request's span at the gateway: a child of the client's when it sent a `traceparent`. */
  span: Span | undefined;
  /**
   * Set when the gateway reads for one of the client's subscriptions (`subscriptions/`): the client's
   * document passed the safelist when the subscription started, and this read is derived from it.
   */
  rereadFor?: 'subscription';
}

/**
 * Builds the context of a client request, verifying its bearer token (a bad one is refused with 401
 * `UNAUTHENTICATED` before any subgraph is asked). Its id is Fastify's request id: the caller's
 * `x-request-id` when it sent one, else a new UUID.
 */
export async function gatewayContextOf(
  request: FastifyRequest,
  verifier?: TokenVerifier,
): Promise<GatewayContext> {
  const authorization = header(request, 'authorization');
  const language = languageOfHeaders(request.headers);
  let identity: Identity;
  try {
    identity = await authenticate(authorization, verifier);
  } catch (error) {
    throw error instanceof TokenError ? unauthenticated(error, language) : error;
  }
  const statedPurpose = statedPurposeOf(request, identity, language);
  const requestId = request.id;
  // The request's span continues the client's trace, or starts one (`traceRequests`): every subgraph
  // and department system of this request then shares one W3C trace id.
  const span = requestSpanOf(request);
  const forwardedHeaders: Record<string, string> = {
    'x-request-id': requestId,
    'accept-language': language,
    ...(span ? traceHeadersOf(span) : {}),
  };
  return { identity, statedPurpose, requestId, language, forwardedHeaders, span };
}

/**
 * The purpose a request states in its `OneThing-Purpose` header, kept for staff only. A header not in
 * the form is refused whoever sends it — HTTP 400 `BAD_USER_INPUT`, reason `BAD_PURPOSE` — so a
 * client's mistake is never read as no purpose.
 */
function statedPurposeOf(request: FastifyRequest, identity: Identity, language: Language): string | null {
  const stated = request.headers[PURPOSE_HEADER];
  if (stated === undefined) return null;
  const text = Array.isArray(stated) ? stated.join(', ') : stated;
  const parsed = parseStatedPurpose(text);
  if (!parsed.ok) {
    throw localizedError(
      'gateway.badPurpose',
      { got: JSON.stringify(text.slice(0, 100)) },
      { language, extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_PURPOSE', http: { status: 400 } } },
    );
  }
  return identity.kind === 'staff' ? parsed.value : null;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
