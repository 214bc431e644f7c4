/**
 * What the benchmark and the processes it starts say to each other over Node's IPC channel: a gateway
 * process reports where it listens and how much memory it holds; the load process receives a load
 * job and answers its measurements.
 */

/** The gateways the benchmark compares. */
export type GatewayKind = 'ours' | 'apollo' | 'hive';

/** Every gateway kind, in the order of the first round (later rounds rotate it). */
export const GATEWAY_KINDS: readonly GatewayKind[] = ['ours', 'apollo', 'hive'];

/** Environment of a gateway process: the supergraph file (routing URLs already rewritten). */
export const SUPERGRAPH_ENV = 'BENCH_SUPERGRAPH_PATH';
/** Environment of our gateway's process: where the development keys are (to verify tokens). */
export const KEYS_DIR_ENV = 'BENCH_KEYS_DIR';
/** Environment of our gateway's process: the tokens' issuer and audience, `<issuer> <audience>`. */
export const TOKEN_POLICY_ENV = 'BENCH_TOKEN_POLICY';
/** How often a gateway process reports its memory and CPU time, ms. */
export const USAGE_INTERVAL_MS = 100;

/** A message from a gateway process. */
export type GatewayMessage =
  | { type: 'listening'; url: string }
  | { type: 'usage'; rssBytes: number; cpuMicros: number }
  | { type: 'failed'; message: string };

/** One request as the load generator sends it: its headers and JSON body. */
export interface RequestVariant {
  headers: Record<string, string>;
  body: string;
}

/** One place in a workload's sequence of requests: which query, sent with one of its variants in turn. */
export interface LoadSlot {
  /** The query's name, e.g. `CitizenProfile`; errors are counted per query. */
  query: string;
  variants: RequestVariant[];
  /**
   * Each variant is meant to be sent once (an errand: a repeat only answers the existing application,
   * which is other, cheaper work); sending one again is counted as a repeat.
   */
  singleUse?: boolean;
  /**
   * Every answer is parsed in full and the value at `path` under `data` must be one of `oneOf`, or the
   * answer counts as an error (e.g. an errand's application status).
   */
  expect?: { path: string[]; oneOf: string[] };
}

/** What the load process is asked to do. */
export interface LoadJob {
  /** The GraphQL endpoint. */
  url: string;
  /** Concurrent connections, each sending its next request when the previous one is answered. */
  connections: number;
  /** How long to send, seconds. */
  durationSeconds: number;
  /** Each connection sends these slots in order, over and over. */
  slots: LoadSlot[];
  /**
   * Close each connection and open a new one after this many requests, as a gateway's client does
   * when a subgraph ends a connection (it answers a request beyond its limit with 503); none: keep it.
   */
  reconnectEvery?: number;
}

/** Errors of one query during a load job. */
export interface QueryErrors {
  responses: number;
  /** Answers that were not HTTP 200 or carried a GraphQL `errors` entry. */
  errors: number;
  /** The first erroneous answer seen (truncated), to say what went wrong. */
  example?: string;
  /** Requests of single-use variants sent (see {@link LoadSlot.singleUse}), repeats included. */
  sent?: number;
  /** Of those, requests that repeated a variant already sent because the variants ran out. */
  repeats?: number;
}

/** What one load job measured. */
export interface LoadResult {
  /** Answers received. */
  responses: number;
  /**
   * Requests sent: the answers plus those still in flight when the time was up, which the gateway
   * still answers (and fetches from subgraphs for) after the client has stopped waiting.
   */
  sent: number;
  /** Wall time of the job, seconds. */
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles over every answer, ms. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Erroneous answers plus connection errors and timeouts. */
  errors: number;
  /** Connection errors and timeouts (no answer at all). */
  transportErrors: number;
  /** CPU time of the load process over the job's wall time, % of one core. */
  cpuPercent: number;
  /** Answers fully parsed to check them beyond the string scan (every 20th per query). */
  sampled: number;
  byQuery: Record<string, QueryErrors>;
}

/** A message to the load process. */
export type LoadRequest = { type: 'run'; job: LoadJob };
/** A message from the load process. */
export type LoadReply = { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };
