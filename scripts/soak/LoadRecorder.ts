/**
 * What the soak's virtual users saw: every request's latency by kind (the operation sent), and every
 * error by kind (HTTP status, network failure, or GraphQL `extensions.code` with the department), each
 * counted in the phase of the run it started in — before the department outage, during it, after it.
 */

/** Where in the run a request started, relative to the department's outage. */
export type Phase = 'before' | 'outage' | 'after';

/** The phases in the order they come. */
export const PHASES: readonly Phase[] = ['before', 'outage', 'after'];

/** Latency figures of one kind of request, ms. */
export interface KindSummary {
  kind: string;
  requests: number;
  /** Requests that answered with an error: HTTP not 200, no answer, or any GraphQL error. */
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One kind of error, counted by phase. */
export interface ErrorSummary {
  kind: string;
  byPhase: Record<Phase, number>;
  total: number;
  /** When the first and the last request answering it started, epoch ms. */
  firstAt: number;
  lastAt: number;
}

type ErrorCounts = Omit<ErrorSummary, 'kind' | 'total'>;

/** Everything recorded, summarised. */
export interface LoadSummary {
  requests: number;
  /** Requests with at least one error. */
  failedRequests: number;
  /** Failed requests by the phase they started in. */
  failedByPhase: Record<Phase, number>;
  kinds: KindSummary[];
  errors: ErrorSummary[];
}

/** The value at `fraction` (0–1) of sorted latencies, nearest-rank; 0 for none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

const zeroByPhase = (): Record<Phase, number> => ({ before: 0, outage: 0, after: 0 });

/** Collects request outcomes; cheap enough to call for every request. */
export class LoadRecorder {
  readonly #latencies = new Map<string, number[]>();
  readonly #failedByKind = new Map<string, number>();
  readonly #errors = new Map<string, ErrorCounts>();
  readonly #failedByPhase = zeroByPhase();
  #requests = 0;
  #failed = 0;

  /**
   * Records one request.
   *
   * @param kind - what was sent, e.g. `CitizenProfile`
   * @param ms - from sending to having read the whole answer
   * @param errorKinds - one entry per error in the answer; empty when it succeeded
   * @param phase - the phase the request started in
   * @param startedAt - when it started (epoch ms)
   */
  record(kind: string, ms: number, errorKinds: readonly string[], phase: Phase, startedAt: number): void {
    this.#requests += 1;
    const latencies = this.#latencies.get(kind) ?? [];
    latencies.push(ms);
    this.#latencies.set(kind, latencies);
    if (errorKinds.length === 0) return;
    this.#failed += 1;
    this.#failedByPhase[phase] += 1;
    this.#failedByKind.set(kind, (this.#failedByKind.get(kind) ?? 0) + 1);
    for (const error of new Set(errorKinds)) {
      const counts = this.#errors.get(error) ?? {
        byPhase: zeroByPhase(),
        firstAt: startedAt,
        lastAt: startedAt,
      };
      counts.byPhase[phase] += 1;
      counts.firstAt = Math.min(counts.firstAt, startedAt);
      counts.lastAt = Math.max(counts.lastAt, startedAt);
      this.#errors.set(error, counts);
    }
  }

  /** The figures so far: kinds by name, errors most frequent first. */
  summary(): LoadSummary {
    const kinds = [...this.#latencies]
      .map(([kind, latencies]): KindSummary => {
        const sorted = [...latencies].sort((a, b) => a - b);
        return {
          kind,
          requests: sorted.length,
          failed: this.#failedByKind.get(kind) ?? 0,
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          max: sorted.at(-1) ?? 0,
        };
      })
      .sort((a, b) => a.kind.localeCompare(b.kind));
    const errors = [...this.#errors]
      .map(([kind, { byPhase, firstAt, lastAt }]) => ({
        kind,
        byPhase: { ...byPhase },
        total: byPhase.before + byPhase.outage + byPhase.after,
        firstAt,
        lastAt,
      }))
      .sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind));
    return {
      requests: this.#requests,
      failedRequests: this.#failed,
      failedByPhase: { ...this.#failedByPhase },
      kinds,
      errors,
    };
  }
}
