/**
 * Where a replica learns that an application changed — its status, an item's, a ticket — so that
 * `applicationProgress` subscribers hear of it as it happens. On the embedded store the store itself
 * tells (its writes are this process's); on PostgreSQL every replica hears every replica's changes
 * through the database's notifications (`storage/changeNotices.ts`).
 *
 * A change is a signal, not the change itself: a subscriber reads the application again when
 * signalled, so signals that arrive together are one read, and a signal lost or doubled costs nothing
 * but a read.
 */

/** A subscriber's view of one application's changes. */
export interface ChangeWatch extends AsyncIterable<void> {
  /** Stops watching: the iteration ends. */
  close(): void;
}

/** The changes of applications, by id, within one replica. */
export class ApplicationChanges {
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #closers = new Set<() => void>();

  /** Tells every watcher of `applicationId` that it changed. */
  publish(applicationId: string): void {
    for (const listener of this.#listeners.get(applicationId) ?? []) listener();
  }

  /** Tells every watcher of every application to read again (changes may have been missed). */
  publishAll(): void {
    for (const listeners of this.#listeners.values()) for (const listener of listeners) listener();
  }

  /** Ends every watch: the replica is closing. */
  closeAll(): void {
    for (const closers of [...this.#closers]) closers();
  }

  /** How many watches are open (all applications): a gauge for operators. */
  get watching(): number {
    let count = 0;
    for (const listeners of this.#listeners.values()) count += listeners.size;
    return count;
  }

  /**
   * Watches one application: each step of the iteration waits for the next change after the last one
   * it saw (changes made meanwhile are one step). Ends when closed.
   */
  watch(applicationId: string): ChangeWatch {
    let changed = false;
    let closed = false;
    let wake: (() => void) | undefined;
    const listener = () => {
      changed = true;
      wake?.();
    };
    const listeners = this.#listeners.get(applicationId) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(applicationId, listeners);
    const close = () => {
      if (closed) return;
      closed = true;
      this.#closers.delete(close);
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(applicationId);
      wake?.();
    };
    this.#closers.add(close);
    return {
      close,
      async *[Symbol.asyncIterator]() {
        try {
          while (!closed) {
            if (!changed) await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            if (closed) return;
            changed = false;
            yield;
          }
        } finally {
          close();
        }
      },
    };
  }
}
