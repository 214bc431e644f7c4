/**
 * What every subgraph takes from an incoming request: who is asking — a delegation token of a service
 * allowed to call it (the gateway; the service-center for a department's acts), naming the identity it
 * acts for; a subgraph never trusts an identity it cannot verify itself — the request id (the
 * gateway's, or a new one), and the headers it forwards to its department system, with a delegation
 * of its own for that system alone.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type GraphQLError, Kind, parse } from 'graphql';
import { checkCertifiedCaller } from '../../lib/auth/certifiedCaller.ts';
import type { ServiceTrust } from '../../lib/auth/config.ts';
import type { Identity } from '../../lib/auth/identity.ts';
import { GATEWAY } from '../../lib/auth/services.ts';
import { TokenError } from '../../lib/auth/tokens.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import { DEFAULT_LANGUAGE, type Language, languageOfHeaders } from '../../lib/i18n/languages.ts';
import { text } from '../../lib/i18n/messages.ts';
import { requestSpanOf } from '../../lib/tracing/requestSpans.ts';
import { traceHeadersOf } from '../../lib/tracing.ts';
import type { ForwardedHeaders } from './departmentClient.ts';

/** The part of a request every subgraph context holds. */
export interface RequestInfo {
  /** Who is asking: the identity the calling service acts for (anonymous for a caller without a token). */
  identity: Identity;
  /** The service that called, e.g. `gateway`. */
  caller: string;
  /**
   * Why, as the calling service signed it in the delegation: a staff member's `case …` or
   * `application …`, `act …`, `operation …`, or null; also on a staff {@link identity} (its `purpose`),
   * where the access rules read it. Never taken from a header.
   */
  purpose: string | null;
  /** Identifies the client request across gateway, subgraphs and department systems. */
  requestId: string;
  /**
   * The language the caller reads messages in, from its `Accept-Language` (the gateway forwards the
   * client's; Chinese by default): errors and the service-center's messages are written in it.
   */
  language: Language;
  /** Headers to forward to the department system. */
  forwardedHeaders: ForwardedHeaders;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The error every server answers an unacceptable token with: HTTP 401 `UNAUTHENTICATED`, or 403
 * `FORBIDDEN` for a caller it knows but does not let in.
 */
export function unauthenticated(error: TokenError, language: Language = DEFAULT_LANGUAGE): GraphQLError {
  const status = error.status;
  return localizedError(
    status === 403 ? 'auth.notAllowed' : 'auth.notAuthenticated',
    { problem: error.text ?? error.message },
    {
      language,
      extensions: {
        code: status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        reason: error.problem,
        http: { status },
      },
    },
  );
}

/**
 * True when a request's operation asks for `_service` — the subgraph's SDL, with the `@inaccessible`
 * acts — which only the gateway (and composition tooling, from the committed files) may read.
 */
function asksForServiceSdl(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || !query.includes('_service')) return false;
  try {
    return parse(query).definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.selectionSet.selections.some(
          (selection) => selection.kind === Kind.FIELD && selection.name.value === '_service',
        ),
    );
  } catch {
    return false;
  }
}

/** How a subgraph knows its callers and its department system. */
export interface SubgraphTrust {
  /** The subgraph's keys. */
  trust: ServiceTrust;
  /** The services allowed to call it. */
  callers: readonly string[];
  /** The service name of its department system, when it has one: the audience of its own delegations. */
  departmentSystem?: string;
}

/**
 * Reads the identity, request id and trace context of an incoming subgraph request: the headers it
 * forwards to its department system carry the request's span as their parent.
 */
export async function requestInfoOf(request: FastifyRequest, trust?: SubgraphTrust): Promise<RequestInfo> {
  const language = languageOfHeaders(request.headers);
  if (!trust) throw unauthenticated(new TokenError('NO_CREDENTIALS', text('auth.noCallerKeys')), language);
  let delegated: Awaited<ReturnType<ServiceTrust['delegations']['verify']>>;
  try {
    delegated = await trust.trust.delegations.verify(header(request, 'authorization'), trust.callers);
    checkCertifiedCaller(request, delegated.caller);
  } catch (error) {
    if (error instanceof TokenError) throw unauthenticated(error, language);
    throw error;
  }
  const { caller, purpose } = delegated;
  // Staff read personal data only for a purpose: the rules deciding on the identity see it there.
  const identity: Identity =
    delegated.identity.kind === 'staff' ? { ...delegated.identity, purpose } : delegated.identity;
  if (caller !== GATEWAY && asksForServiceSdl(request.body)) {
    throw unauthenticated(new TokenError('CALLER_NOT_ALLOWED', text('auth.onlyGatewayReadsSdl')), language);
  }
  const requestId = header(request, 'x-request-id') ?? randomUUID();
  // The request's span (`traceRequests`) is the parent of the calls to the department system.
  const span = requestSpanOf(request);
  const forwardedHeaders: ForwardedHeaders = {
    'x-request-id': requestId,
    ...(span ? traceHeadersOf(span) : {}),
  };
  // The department system gets a delegation of this subgraph's own, for it alone: the caller's token
  // stays here, and the purpose travels signed, never as a header anyone could set.
  if (trust.departmentSystem) {
    const delegation = await trust.trust.signer.delegate(trust.departmentSystem, identity, purpose);
    forwardedHeaders.authorization = `Bearer ${delegation}`;
  }
  return { identity, caller, purpose, requestId, language, forwardedHeaders };
}
