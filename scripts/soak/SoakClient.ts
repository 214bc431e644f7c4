/**
 * The soak's GraphQL client of the gateway: sends an operation as an identity (a citizen ID or
 * `staff:…`, as `npm run token` writes it, or anonymously), times it, and records it with the kind of
 * every error in the answer.
 */

import { performance } from 'node:perf_hooks';
import { parseIdentity } from '../../lib/auth/identity.ts';
import type { TokenIssuer } from '../../lib/auth/issuer.ts';
import { PURPOSE_HEADER } from '../../lib/auth/purpose.ts';
import type { LoadRecorder, Phase } from './LoadRecorder.ts';

/** The case soak staff read for. */
const SOAK_CASE = 'case SOAK-1';

/** A GraphQL error as the gateway answers it. */
export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/** An answer as the soak reads it; `status` 0 when no answer came. */
export interface SoakResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLErrorBody[];
  /** The kinds of the errors, as recorded; empty when the request succeeded. */
  errorKinds: string[];
}

/** Options of {@link SoakClient}. */
export interface SoakClientOptions {
  gatewayUrl: string;
  /** Signs the virtual users' tokens. */
  issuer: TokenIssuer;
  recorder: LoadRecorder;
  /** The phase of the run now. */
  phase: () => Phase;
  /** How long a token stays valid, s: longer than the run, so no user's token expires in it. */
  tokenTtlSeconds: number;
  /** How long one request may take before it counts as a `timeout` error, ms; default 60 000. */
  requestTimeoutMs?: number;
}

/**
 * The kind an error is counted under: `DOWNSTREAM_SERVICE_ERROR civil-affairs (UNREACHABLE)` for a
 * GraphQL error (`extensions.code`, `department`, `reason`), `HTTP 503` for a status without one.
 */
export function errorKindOf(error: GraphQLErrorBody): string {
  const extensions = error.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : 'NO_CODE';
  const department = typeof extensions.department === 'string' ? ` ${extensions.department}` : '';
  const reason = typeof extensions.reason === 'string' ? ` (${extensions.reason})` : '';
  return `${code}${department}${reason}`;
}

/** Sends operations to the gateway as the soak's virtual users. */
export class SoakClient {
  readonly #options: SoakClientOptions;
  readonly #tokens = new Map<string, Promise<string>>();

  constructor(options: SoakClientOptions) {
    this.#options = options;
  }

  /**
   * Sends `query` with `variables` as `identity` (null: no token) and records it under `kind`. Never
   * throws for a failed request: a missing answer is status 0 with a `network …` or `timeout` error.
   */
  async send<TData = Record<string, unknown>>(
    kind: string,
    query: string,
    variables: Record<string, unknown>,
    identity: string | null,
  ): Promise<SoakResponse<TData>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identity) headers.authorization = `Bearer ${await this.#token(identity)}`;
    // Staff read for a case, as every staff read must (`lib/auth/purpose.ts`).
    if (identity?.startsWith('staff:')) headers[PURPOSE_HEADER] = SOAK_CASE;
    const phase = this.#options.phase();
    const startedAtEpoch = Date.now();
    const startedAt = performance.now();
    let response: SoakResponse<TData>;
    try {
      const answer = await fetch(this.#options.gatewayUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.#options.requestTimeoutMs ?? 60_000),
      });
      const text = await answer.text();
      response = { status: answer.status, ...parseBody<TData>(text, answer.status) };
    } catch (error) {
      response = { status: 0, errorKinds: [networkErrorKind(error)] };
    }
    this.#options.recorder.record(
      kind,
      performance.now() - startedAt,
      response.errorKinds,
      phase,
      startedAtEpoch,
    );
    return response;
  }

  #token(identity: string): Promise<string> {
    let token = this.#tokens.get(identity);
    if (!token) {
      token = this.#options.issuer.mint(parseIdentity(identity), {
        ttlSeconds: this.#options.tokenTtlSeconds,
      });
      this.#tokens.set(identity, token);
    }
    return token;
  }
}

function parseBody<TData>(text: string, status: number): Omit<SoakResponse<TData>, 'status'> {
  let body: { data?: TData | null; errors?: GraphQLErrorBody[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { errorKinds: [`HTTP ${status} (not JSON)`] };
  }
  const errorKinds = (body.errors ?? []).map(errorKindOf);
  if (status === 200) return { data: body.data, errors: body.errors, errorKinds };
  return {
    data: body.data,
    errors: body.errors,
    errorKinds: errorKinds.length ? errorKinds.map((kind) => `HTTP ${status} ${kind}`) : [`HTTP ${status}`],
  };
}

/** `timeout` for an aborted request, else `network <code>` from the cause (e.g. ECONNRESET). */
function networkErrorKind(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return `network ${typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error)}`;
}
