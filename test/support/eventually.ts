/**
 * Waiting in tests without depending on wall-clock luck: ask again until the answer is there, and
 * fail with what was last seen once a generous deadline has passed.
 */

/** How {@link eventually} waits. */
export interface EventuallyOptions {
  /** How long to keep asking, ms; default 20 000. */
  timeoutMs?: number;
  /** The pause between two asks, ms; default 50. */
  intervalMs?: number;
}

/**
 * Calls `probe` until it answers something other than `undefined`, and answers that.
 *
 * @param describe - what to say of the last state when the deadline passes
 * @throws Error when `probe` has answered `undefined` for `timeoutMs`
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 50 }: EventuallyOptions = {},
  describe: () => unknown = () => 'nothing',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`not there within ${timeoutMs} ms: ${JSON.stringify(describe())}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
