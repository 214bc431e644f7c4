/**
 * The memory of the soak's process — which runs the gateway, the subgraphs and the department systems
 * together — from `process.memoryUsage()`: at the start and end of the load, and the peak sampled
 * each second in between.
 */

/** Memory of the process at one moment, bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** The process's memory now. */
export function memoryNow(): MemorySample {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/**
 * Collects garbage when node runs with `--expose-gc` (`NODE_OPTIONS=--expose-gc npm run soak`), so
 * that `heapUsed` counts what is still alive rather than what the collector has not reached yet.
 * True when it did.
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

/** Samples the memory each second from its creation and keeps the highest of each figure. */
export class PeakMemory {
  readonly #peak = memoryNow();
  readonly #timer: NodeJS.Timeout;

  constructor() {
    this.#timer = setInterval(() => this.#sample(), 1000);
    this.#timer.unref();
  }

  /** Stops sampling, after one last sample; the peak. */
  stop(): MemorySample {
    clearInterval(this.#timer);
    this.#sample();
    return { ...this.#peak };
  }

  #sample(): void {
    const now = memoryNow();
    this.#peak.rss = Math.max(this.#peak.rss, now.rss);
    this.#peak.heapUsed = Math.max(this.#peak.heapUsed, now.heapUsed);
  }
}
