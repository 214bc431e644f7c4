/**
 * How the gateway calls a subgraph: over kept-alive connections, within a timeout, through a circuit
 * breaker, retrying reads (never mutations) on transient failures; sending a delegation signed with
 * the gateway's own key for that subgraph alone (who the client is, and why: a staff member's stated
 * purpose, the act for a staff member's mutation stating none, else the client's operation),
 * the request id and the trace context — never the client's own token; and turning a subgraph
 * that cannot answer into an error naming it, so the rest of the query still answers.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  type GraphQLDataSourceProcessOptions,
  GraphQLDataSourceRequestKind,
} from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Span } from '@opentelemetry/api';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import type { ServiceSigner } from '../lib/auth/delegation.ts';
import { actPurpose } from '../lib/auth/purpose.ts';
import { GATEWAY } from '../lib/auth/services.ts';
import { localizedError } from '../lib/i18n/errors.ts';
import { graphQLAttributes, httpClientAttributes } from '../lib/tracing/attributes.ts';
import { endSpan, startClientSpan, type TraceHeaders, traceHeadersOf } from '../lib/tracing.ts';
import type { GatewayContext } from './context.ts';
import type { GatewayMetrics } from './metrics.ts';
import { subgraphFetcher } from './subgraphFetcher.ts';

/** How the gateway treats a slow or failing subgraph. */
export interface SubgraphResilience {
  /** How long one subgraph fetch may take, ms; default 10 000. */
  timeoutMs: number;
  /** Attempts per read (queries), the first included; default 2. Mutations are attempted once. */
  readAttempts: number;
  /** Delay before a retry, ms, doubled each time, plus up to 50 % jitter; default 50. */
  retryBaseDelayMs: number;
  /** Failed share of recent fetches (%) that opens the circuit; default 50. */
  breakerErrorPercentage: number;
  /** Fetches in the rolling window before the circuit may open; default 5. */
  breakerVolumeThreshold: number;
  /** How long an open circuit fails fast before letting one probe through, ms; default 5 000. */
  breakerResetMs: number;
}

/** The defaults of {@link SubgraphResilience}. */
export const DEFAULT_RESILIENCE: SubgraphResilience = {
  timeoutMs: 10_000,
  readAttempts: 2,
  retryBaseDelayMs: 50,
  breakerErrorPercentage: 50,
  breakerVolumeThreshold: 5,
  breakerResetMs: 5_000,
};

interface SubgraphErrorBody {
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** An answer that arrived but says the department behind the subgraph is down: counts as a failure. */
class DegradedAnswer extends Error {
  constructor(readonly response: GatewayGraphQLResponse) {
    super('the department behind the subgraph did not answer');
  }
}

/** The first GraphQL error in the body of a subgraph's non-2xx answer, if there is one. */
function subgraphRefusal(
  error: unknown,
): { message: string; extensions: Record<string, unknown> } | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const body = (error.extensions.response as { body?: SubgraphErrorBody } | undefined)?.body;
  const [first] = typeof body === 'object' && body ? (body.errors ?? []) : [];
  return first ? { message: first.message, extensions: first.extensions ?? {} } : undefined;
}

/** True for failures another attempt may cure: no answer, a timeout, or a 5xx. */
function isTransient(error: unknown): boolean {
  const status = (error as GraphQLError).extensions?.response as { status?: number } | undefined;
  if (status?.status) return status.status >= 500;
  return !subgraphRefusal(error);
}

function failureReason(error: unknown): string {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if ((error as GraphQLError).extensions?.response) return 'http';
  return 'unreachable';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A subgraph data source with the gateway's resilience, header propagation and metrics. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #resilience: SubgraphResilience;
  readonly #metrics: GatewayMetrics | undefined;
  readonly #breaker: CircuitBreaker<[() => Promise<GatewayGraphQLResponse>], GatewayGraphQLResponse>;
  /** The span of each subgraph fetch in flight, by its request (the same object on every retry). */
  readonly #spans = new WeakMap<object, Span>();

  constructor(
    /** The subgraph's name, reported in errors and metrics. */
    readonly name: string,
    url: string,
    resilience: Partial<SubgraphResilience> = {},
    metrics?: GatewayMetrics,
    /** Signs the gateway's delegations; without it requests carry none and subgraphs refuse them. */
    private readonly signer?: ServiceSigner,
  ) {
    const settings = { ...DEFAULT_RESILIENCE, ...resilience };
    // Keep-alive connections (the default fetcher opens one per request).
    super({ url, fetcher: subgraphFetcher(url, settings.timeoutMs) });
    this.#resilience = settings;
    this.#metrics = metrics;
    this.#breaker = new CircuitBreaker((work: () => Promise<GatewayGraphQLResponse>) => work(), {
      timeout: false,
      errorThresholdPercentage: settings.breakerErrorPercentage,
      volumeThreshold: settings.breakerVolumeThreshold,
      resetTimeout: settings.breakerResetMs,
      rollingCountTimeout: 10_000,
    });
    metrics?.circuitChanged(name, 'closed');
    this.#breaker.on('open', () => metrics?.circuitChanged(name, 'open'));
    this.#breaker.on('halfOpen', () => metrics?.circuitChanged(name, 'half_open'));
    this.#breaker.on('close', () => metrics?.circuitChanged(name, 'closed'));
  }

  /** Whether the circuit is open (failing fast), for readiness and tests. */
  get circuitOpen(): boolean {
    return this.#breaker.opened;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    // Requests the gateway makes for itself (health checks) have no incoming request to forward.
    const gatewayContext = context as Partial<GatewayContext> | undefined;
    const headers = gatewayContext?.forwardedHeaders;
    if (!headers || !request.http) return;
    for (const [name, value] of Object.entries(headers)) if (value) request.http.headers.set(name, value);
    // The fetch's own span is the subgraph's parent.
    const span = this.#spans.get(request);
    if (span)
      for (const [name, value] of Object.entries(traceHeadersOf(span))) request.http.headers.set(name, value);
    // The purpose departments record in their audit logs travels signed in the delegation, so no
    // header of the client's reaches them: a staff member's stated purpose (checked in the context),
    // else for a staff member's mutation the act itself, else the client's operation name.
    const incoming =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION
        ? options.incomingRequestContext
        : undefined;
    const operationName = incoming?.operationName ?? undefined;
    if (this.signer && gatewayContext.identity) {
      const staffAct =
        gatewayContext.identity.kind === 'staff' && incoming?.operation?.operation === 'mutation';
      const purpose =
        gatewayContext.statedPurpose ??
        (staffAct
          ? actPurpose(operationName)
          : operationName
            ? `operation ${operationName.slice(0, 100)}`
            : null);
      const delegation = await this.signer.delegate(this.name, gatewayContext.identity, purpose);
      request.http.headers.set('authorization', `Bearer ${delegation}`);
    }
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const started = process.hrtime.bigint();
    const forwarded = (options.context as Partial<GatewayContext> | undefined)?.forwardedHeaders;
    const span = forwarded ? this.#startFetchSpan(options, forwarded) : undefined;
    if (span) this.#spans.set(options.request, span);
    let failure: unknown;
    try {
      return await this.#breaker.fire(() => this.#fetchWithRetries(options));
    } catch (error) {
      failure = error;
      if (error instanceof DegradedAnswer) return error.response;
      throw this.#toGraphQLError(error);
    } finally {
      if (span) {
        const status = (failure as GraphQLError | undefined)?.extensions?.response as
          | { status?: number }
          | undefined;
        if (status?.status) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status.status);
        endSpan(span, failure);
      }
      this.#metrics?.fetchDuration.observe(
        { subgraph: this.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  }

  /** The client span of one subgraph fetch (all its attempts), a child of the request's span. */
  #startFetchSpan(options: GraphQLDataSourceProcessOptions<GatewayContext>, parent: TraceHeaders): Span {
    const { request } = options;
    const type = /^\s*mutation\b/.test(request.query ?? '') ? 'mutation' : 'query';
    return startClientSpan(GATEWAY, `POST ${new URL(this.url).pathname}`, parent, {
      ...httpClientAttributes('POST', this.url),
      ...graphQLAttributes(type, request.operationName),
      'onething.subgraph': this.name,
    });
  }

  override didReceiveResponse({
    request,
    response,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const status = response.http?.status;
    if (status) this.#spans.get(request)?.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    return response;
  }

  async #fetchWithRetries(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    // Mutations are sent once: a retry after a lost answer could act twice.
    const attempts = /^\s*mutation\b/.test(options.request.query ?? '') ? 1 : this.#resilience.readAttempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await super.process(options);
        const departmentDown = response.errors?.some(
          (e) =>
            e.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR' &&
            ['TIMEOUT', 'UNREACHABLE'].includes(String(e.extensions?.reason)),
        );
        if (departmentDown) {
          this.#metrics?.fetchErrors.inc({ subgraph: this.name, reason: 'degraded' });
          throw new DegradedAnswer(response);
        }
        return response;
      } catch (error) {
        if (error instanceof DegradedAnswer || attempt >= attempts || !isTransient(error)) throw error;
        this.#metrics?.fetchErrors.inc({ subgraph: this.name, reason: failureReason(error) });
        const delay = this.#resilience.retryBaseDelayMs * 2 ** (attempt - 1);
        await sleep(delay + Math.random() * delay * 0.5);
      }
    }
  }

  #toGraphQLError(error: unknown): GraphQLError {
    if ((error as { code?: string }).code === 'EOPENBREAKER') {
      this.#metrics?.fetchErrors.inc({ subgraph: this.name, reason: 'circuit_open' });
      return localizedError(
        'gateway.subgraphCircuitOpen',
        { department: this.name },
        { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: this.name, reason: 'CIRCUIT_OPEN' } },
      );
    }
    // A subgraph that refused the request (e.g. HTTP 400 for a variable of the wrong type) said why
    // in its body: pass its own error on, with its code, rather than a generic one.
    const refusal = subgraphRefusal(error);
    if (refusal)
      return new GraphQLError(refusal.message, {
        extensions: { department: this.name, ...refusal.extensions },
      });
    if (error instanceof GraphQLError && error.extensions.code) return error;
    const reason = failureReason(error);
    this.#metrics?.fetchErrors.inc({ subgraph: this.name, reason });
    return localizedError(
      'gateway.subgraphUnreachable',
      { department: this.name },
      {
        extensions: {
          code: 'DOWNSTREAM_SERVICE_ERROR',
          department: this.name,
          reason: reason === 'timeout' ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE',
        },
      },
    );
  }
}
