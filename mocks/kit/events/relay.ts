/**
 * The event relay (事件投递): delivers the outbox's events to every subscribing department, inside the
 * publishing department system's process (public security's, market regulation's). It is durable and at least once: what is due is read from
 * the store and every attempt is recorded there, so a restarted relay goes on where it stopped, and a
 * delivery whose answer was lost is sent again (receivers act once per event id).
 *
 * A 2xx answer records the delivery `APPLIED` (or `DELIVERED` when the receiver will act later); a
 * 4xx other than 408/429 is the receiver's refusal, recorded `FAILED` with its reason and never
 * retried; anything else — 5xx, 408, 429, a timeout, no connection — stays `PENDING` and is tried
 * again after an exponential backoff with jitter, for as long as it takes: a department that is down
 * gets its changes when it comes back. Events of one stream (a household, an enterprise) reach each subscriber in order
 * (`Outbox.unblockedPending`); other households and subscribers do not wait for a slow one.
 *
 * Deliveries go through `JsonPoster`, a kept-alive pool per receiver: to an `https` receiver with
 * the publisher's certificate (`useOutgoingTls`), so that a receiver requiring mutual TLS knows the
 * sender.
 */

import type { ServiceSigner } from '../../../lib/auth/delegation.ts';
import { signEventDelivery } from '../../../lib/auth/events.ts';
import { departmentSystemOf } from '../../../lib/auth/services.ts';
import { eventReceipt } from '../../../lib/contract/protocol.ts';
import { type HttpAnswer, HttpTimeoutError, JsonPoster } from '../../../lib/http/JsonPoster.ts';
import type { AttemptOutcome, Outbox, PendingDelivery } from './outbox.ts';

/** How the relay paces itself. */
export interface RelayOptions {
  /** How often the relay looks for due deliveries when nothing wakes it; default 1000 ms. */
  pollIntervalMs: number;
  /** The wait after a first failed attempt; it doubles with each further failure. Default 500 ms. */
  baseDelayMs: number;
  /** The longest wait between attempts; default 60 000 ms. */
  maxDelayMs: number;
  /** How long a receiver may take to answer before the attempt counts as failed; default 5000 ms. */
  timeoutMs: number;
  /** The most deliveries in flight at once; default 8. */
  concurrency: number;
}

/** The relay's pace when neither the options nor the environment set it. */
export const DEFAULT_RELAY_OPTIONS: Readonly<RelayOptions> = {
  pollIntervalMs: 1000,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 5000,
  concurrency: 8,
};

/** The variable that sets each relay option. */
export const RELAY_VARIABLES: Readonly<Record<keyof RelayOptions, string>> = {
  pollIntervalMs: 'EVENT_RELAY_POLL_INTERVAL_MS',
  baseDelayMs: 'EVENT_RELAY_BASE_DELAY_MS',
  maxDelayMs: 'EVENT_RELAY_MAX_DELAY_MS',
  timeoutMs: 'EVENT_RELAY_TIMEOUT_MS',
  concurrency: 'EVENT_RELAY_CONCURRENCY',
};

/**
 * The relay options set in the environment (`EVENT_RELAY_POLL_INTERVAL_MS`, `…_BASE_DELAY_MS`,
 * `…_MAX_DELAY_MS`, `…_TIMEOUT_MS`, `…_CONCURRENCY`), read once when the API is built; a value that
 * is not a positive integer fails naming its variable.
 */
export function readRelayOptions(env: NodeJS.ProcessEnv = process.env): Partial<RelayOptions> {
  const options: Partial<RelayOptions> = {};
  for (const [option, variable] of Object.entries(RELAY_VARIABLES) as [keyof RelayOptions, string][]) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) {
      throw new Error(`${variable} must be a positive whole number, got ${JSON.stringify(value)}`);
    }
    options[option] = number;
  }
  return options;
}

/**
 * The wait before attempt `attempts + 1`, after `attempts` failed ones: the base delay doubled for
 * each failure after the first, capped at the maximum, of which a random half is jitter — so that
 * deliveries failing together do not all come back at once.
 */
export function retryDelayMs(
  attempts: number,
  options: Pick<RelayOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Where the relay writes what it does; a pino or Fastify logger fits. */
export interface RelayLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** What the relay works with. */
export interface EventRelayDependencies {
  outbox: Outbox;
  /** Finds a subscriber's receiver URL at delivery time; throws when none is known. */
  receivers: { receiverOf(department: string): string };
  log?: RelayLog;
  /**
   * Signs each delivery with the publishing system's key, for the receiving system alone
   * (`lib/auth/events.ts`); without it deliveries go unsigned and receivers refuse them.
   */
  signer?: ServiceSigner;
  /** The clock, ms since the epoch; tests move it. */
  now?: () => number;
  /** Jitter's source of randomness, in [0, 1). */
  random?: () => number;
}

/** What a receiver's error answer says: `HTTP <status>`, then `CODE: message` from its error body if any. */
function reasonOf(status: number, text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (typeof error?.code === 'string')
      return `HTTP ${status} ${error.code}: ${String(error.message ?? '')}`;
  } catch {
    // not JSON: the status is all there is
  }
  return `HTTP ${status}`;
}

/** Delivers the outbox's events; {@link start} it once, {@link stop} it before the store closes. */
export class EventRelay {
  readonly #outbox: Outbox;
  readonly #receivers: EventRelayDependencies['receivers'];
  readonly #log: RelayLog | undefined;
  readonly #signer: ServiceSigner | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #options: RelayOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  /** A kept-alive pool per receiver origin, made on first delivery there. */
  readonly #posters = new Map<string, JsonPoster>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(dependencies: EventRelayDependencies, options: Partial<RelayOptions> = {}) {
    this.#outbox = dependencies.outbox;
    this.#receivers = dependencies.receivers;
    this.#log = dependencies.log;
    this.#signer = dependencies.signer;
    this.#now = dependencies.now ?? Date.now;
    this.#random = dependencies.random ?? Math.random;
    this.#options = { ...DEFAULT_RELAY_OPTIONS, ...options };
  }

  /** The pace in force. */
  get options(): Readonly<RelayOptions> {
    return this.#options;
  }

  /** Deliveries being attempted right now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts delivering: what is due now goes out at once, the rest when it falls due. */
  start(): void {
    if (this.#running || this.#abort.signal.aborted) return;
    this.#running = true;
    this.wake();
  }

  /** Looks for due deliveries now, e.g. right after an event is written. */
  wake(): void {
    if (this.#running) this.#schedule(0);
  }

  /**
   * Stops delivering: no new attempt starts, attempts in flight are abandoned unrecorded (they are
   * simply made again after a restart), and the promise settles once none is left.
   */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await Promise.allSettled(this.#inFlight.values());
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#cycle(), delayMs);
    // The API's server keeps the process alive; the relay alone should not.
    this.#timer.unref();
  }

  #cycle(): void {
    if (!this.#running) return;
    let nextDelay = this.#options.pollIntervalMs;
    try {
      const now = this.#now();
      for (const delivery of this.#outbox.unblockedPending()) {
        const key = `${delivery.eventId}\u0000${delivery.subscriber}`;
        if (this.#inFlight.has(key)) continue;
        if (delivery.nextAttemptAt > now) {
          nextDelay = Math.min(nextDelay, delivery.nextAttemptAt - now);
          break;
        }
        // At capacity, a finishing delivery wakes the relay for the rest.
        if (this.#inFlight.size >= this.#options.concurrency) break;
        this.#deliver(key, delivery);
      }
    } catch (error) {
      this.#log?.warn({ err: error }, 'event relay could not read the outbox');
    }
    this.#schedule(nextDelay);
  }

  #deliver(key: string, delivery: PendingDelivery): void {
    const attempt = (async () => {
      const outcome = await this.#attempt(delivery);
      if (!this.#running) return;
      this.#outbox.recordAttempt(delivery.eventId, delivery.subscriber, outcome, new Date(this.#now()));
      const details = {
        eventId: delivery.eventId,
        subscriber: delivery.subscriber,
        attempt: delivery.attempts + 1,
      };
      if (outcome.kind === 'answered')
        this.#log?.info(details, `event ${outcome.receipt.status.toLowerCase()}`);
      else if (outcome.kind === 'refused')
        this.#log?.warn({ ...details, reason: outcome.reason }, 'event refused');
      else
        this.#log?.warn(
          { ...details, error: outcome.error, receiver: outcome.where },
          'event delivery failed; will retry',
        );
    })()
      .catch((error: unknown) => {
        if (this.#running)
          this.#log?.warn(
            { err: error, eventId: delivery.eventId },
            'event relay failed to record an attempt',
          );
      })
      .finally(() => {
        this.#inFlight.delete(key);
        this.wake();
      });
    this.#inFlight.set(key, attempt);
  }

  /** The pool delivering to `url`'s origin, over TLS with this service's identity when it is https. */
  #posterOf(url: string): JsonPoster {
    const { origin } = new URL(url);
    let poster = this.#posters.get(origin);
    if (!poster) {
      poster = new JsonPoster(origin);
      this.#posters.set(origin, poster);
    }
    return poster;
  }

  async #attempt(delivery: PendingDelivery): Promise<AttemptOutcome> {
    const retry = (error: string, atLeastMs = 0, where?: string): AttemptOutcome => ({
      kind: 'retry',
      error,
      nextAttemptAt:
        this.#now() + Math.max(atLeastMs, retryDelayMs(delivery.attempts + 1, this.#options, this.#random)),
      where,
    });
    const envelope = this.#outbox.envelopeOf(delivery.eventId);
    if (!envelope) return { kind: 'refused', reason: `event ${delivery.eventId} is missing from the outbox` };
    let url: string;
    try {
      url = this.#receivers.receiverOf(delivery.subscriber);
    } catch (error) {
      return retry((error as Error).message);
    }
    // Signed anew for each attempt: a receiver refuses a stale signature.
    const signature: Record<string, string> = this.#signer
      ? {
          authorization: await signEventDelivery(
            this.#signer,
            departmentSystemOf(delivery.subscriber),
            envelope,
          ),
        }
      : {};
    let answer: HttpAnswer;
    try {
      answer = await this.#posterOf(url).post(
        url,
        JSON.stringify(envelope),
        {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': envelope.eventId,
          'x-request-id': `event-${envelope.eventId}-${delivery.subscriber}-${delivery.attempts + 1}`,
          ...signature,
        },
        this.#options.timeoutMs,
        this.#abort.signal,
      );
    } catch (error) {
      // The URL is the deployment's: it goes to the log, never into the progress clients read.
      if (error instanceof HttpTimeoutError)
        return retry(
          `no answer within ${this.#options.timeoutMs} ms from the ${delivery.subscriber} system`,
          0,
          url,
        );
      return retry(`could not reach the ${delivery.subscriber} system`, 0, url);
    }
    const { status, body: text } = answer;
    if (status >= 200 && status < 300) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const receipt = eventReceipt.safeParse(json);
      // The receiver took the event but did not say what it did: delivered, not known to be applied.
      return {
        kind: 'answered',
        receipt: receipt.success ? receipt.data : { status: 'ACCEPTED', actions: [] },
      };
    }
    const reason = reasonOf(status, text);
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return { kind: 'refused', reason: `${delivery.subscriber} refused the change: ${reason}` };
    }
    const retryAfterSeconds = Number(answer.headers['retry-after']);
    return retry(
      `${delivery.subscriber} answered ${reason}`,
      Number.isFinite(retryAfterSeconds) ? Math.min(retryAfterSeconds * 1000, this.#options.maxDelayMs) : 0,
    );
  }
}
