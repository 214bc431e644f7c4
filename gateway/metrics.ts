/**
 * The gateway's Prometheus metrics (prom-client), served at `/metrics`: requests by operation (a known
 * operation's name, else `other`: the series stay bounded whatever clients name their operations)
 * and outcome, request latency, response-cache hits and misses, per-subgraph fetch latency and
 * errors, each subgraph's circuit state, whether limits are shared through Redis, and supergraph reloads;
 * with the process metrics under their standard names, every series labelled `service="gateway"`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, parse } from 'graphql';
import { Counter, Gauge, Histogram } from 'prom-client';
import { GATEWAY } from '../lib/auth/services.ts';
import { serviceRegistry } from '../lib/metrics.ts';
import type { GatewayContext } from './context.ts';

/** Buckets from 5 ms to 10 s: federation requests and subgraph fetches alike. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The states of a subgraph's circuit, as the `state` label of `onething_subgraph_circuit_state` names
 * them: `closed` (fetching), `open` (failing fast), `half_open` (one probe let through).
 */
export const CIRCUIT_STATES = ['closed', 'half_open', 'open'] as const;

/** A state of a subgraph's circuit. */
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** The `operation` label of an operation whose name is not a known operation's. */
export const OTHER_OPERATION = 'other';
/** The `operation` label of an operation without a name (or one refused before it was resolved). */
export const ANONYMOUS_OPERATION = 'anonymous';

/** The names of the operations defined in GraphQL documents, e.g. the safelist's. */
export function operationNamesIn(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const document of documents) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

/** Every metric the gateway reports, in one registry (one per gateway, so tests can run several). */
export class GatewayMetrics {
  readonly registry = serviceRegistry(GATEWAY);
  readonly requests = new Counter({
    name: 'onething_gateway_requests_total',
    help: 'Client requests by operation (a known operation name, other or anonymous) and outcome (ok, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'onething_gateway_request_duration_seconds',
    help: 'Client request latency by operation (a known operation name, other or anonymous).',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly fetchDuration = new Histogram({
    name: 'onething_subgraph_fetch_duration_seconds',
    help: 'Latency of the gateway’s fetches from each subgraph.',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly fetchErrors = new Counter({
    name: 'onething_subgraph_fetch_errors_total',
    help: 'Failed subgraph fetches by subgraph and reason (timeout, unreachable, http, circuit_open, degraded).',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [this.registry],
  });
  readonly responseCache = new Counter({
    name: 'onething_gateway_response_cache_total',
    help: 'Queries at the response cache: hit (answered from it), miss (public answer stored), uncacheable (not stored).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly circuitState = new Gauge({
    name: 'onething_subgraph_circuit_state',
    help: 'Circuit breaker state per subgraph: 1 for the state the circuit is in (closed, half_open, open), 0 for the others.',
    labelNames: ['subgraph', 'state'] as const,
    registers: [this.registry],
  });
  readonly sharedLimits = new Gauge({
    name: 'onething_gateway_shared_limits',
    help: '1 while rate limits and the response cache are shared with the other replicas through Redis; 0 while this replica keeps its own (no REDIS_URL, or Redis not answering).',
    registers: [this.registry],
  });
  readonly supergraphReloads = new Counter({
    name: 'onething_gateway_supergraph_reloads_total',
    help: 'Supergraphs offered by the file or URL after start: reloaded (served), invalid (did not build) or unavailable (not read: unreadable file, failed fetch, HTTP error, timeout, over the size cap); the running supergraph stays on the last two.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly #knownOperations: ReadonlySet<string>;

  /**
   * @param knownOperations the operation names requests are labelled with (the safelist's, or the
   *   example operations'); any other name is labelled `other`, so a client cannot add series by
   *   naming its operations. Default none: every named operation is `other`.
   */
  constructor(knownOperations: Iterable<string> = []) {
    this.#knownOperations = new Set(knownOperations);
  }

  /** Records that `subgraph`'s circuit is now in `state`: 1 for it, 0 for the other states. */
  circuitChanged(subgraph: string, state: CircuitState): void {
    for (const each of CIRCUIT_STATES)
      this.circuitState.set({ subgraph, state: each }, each === state ? 1 : 0);
  }

  /** The `operation` label of a request: its operation's name when known, else `other` or `anonymous`. */
  operationLabel(operationName: string | null | undefined): string {
    if (!operationName) return ANONYMOUS_OPERATION;
    return this.#knownOperations.has(operationName) ? operationName : OTHER_OPERATION;
  }

  /** An Apollo Server plugin counting and timing every client request. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operationName, errors, response }) {
            const operation = metrics.operationLabel(operationName);
            const failed =
              (errors?.length ?? 0) > 0 ||
              (response.body.kind === 'single' && !!response.body.singleResult.errors?.length);
            metrics.requests.inc({ operation, outcome: failed ? 'error' : 'ok' });
            metrics.requestDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }
}
