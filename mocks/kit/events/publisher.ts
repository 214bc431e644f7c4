/**
 * Publishing events from a department system (public security's household moves, market regulation's
 * registration changes): one outbox in the department's store, its subscriptions
 * (`mocks/<department>/subscriptions.json`) and one relay delivering to the subscribers, signed with
 * the system's own key. A department calls {@link startEventPublishing} once in `buildDepartmentSystem`
 * and {@link EventPublisher.publish} inside the transaction of each change it announces; nothing else
 * of the outbox or the relay is its code.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceSigner } from '../../../lib/auth/delegation.ts';
import type { DepartmentSyncView } from '../../../lib/contract/protocol.ts';
import { registerStoreGauge } from '../../../lib/metrics.ts';
import type { DepartmentSystem } from '../server.ts';
import { Outbox } from './outbox.ts';
import { ReceiverUrls } from './receiverUrls.ts';
import { EventRelay, type RelayOptions, readRelayOptions } from './relay.ts';
import {
  readSubscriptions,
  type Subscriptions,
  subscribersOf,
  subscriptionsFileOf,
} from './subscriptions.ts';

/** Build options of a department system that publishes events. */
export interface EventPublishingOptions {
  /**
   * Every department system's base URL by name, filled in as they start; the relay reads it when it
   * delivers. Departments missing here are found as `receiverUrls.ts` says.
   */
  departmentSystemUrls?: Record<string, string>;
  /** The relay's pace; what is not given comes from `EVENT_RELAY_*` variables, then the defaults. */
  relay?: Partial<RelayOptions>;
  /** Who takes which events; default the publisher's `mocks/<department>/subscriptions.json`. */
  subscriptions?: Subscriptions;
}

/** An event to announce, about one stream. */
export interface PublishedEvent {
  /** The event type, e.g. `enterprise.registration-changed`. */
  type: string;
  /** What the event is about (a household number, a credit code): its events reach each subscriber in order. */
  stream: string;
  /** When the change was made. */
  occurredAt: Date;
  /** The payload, given the event's sequence number in its stream. */
  payload: (sequence: number) => unknown;
}

/** The outbox of one publishing department, as its own code uses it. */
export class EventPublisher {
  constructor(
    /** The outbox in the department's store. */
    readonly outbox: Outbox,
    /** Who takes which events. */
    readonly subscriptions: Subscriptions,
  ) {}

  /**
   * Writes `event` with the next sequence number of its stream and a `PENDING` delivery for each
   * department that takes its type. Call inside the transaction of the change it announces, then
   * wake the relay once it commits.
   */
  publish(event: PublishedEvent): { id: string; sequence: number; occurredAt: string } {
    const id = randomUUID();
    const sequence = this.outbox.nextSequence(event.stream);
    const occurredAt = event.occurredAt.toISOString();
    this.outbox.append(
      { id, type: event.type, stream: event.stream, sequence, payload: event.payload(sequence), occurredAt },
      subscribersOf(this.subscriptions, event.type),
      event.occurredAt.getTime(),
    );
    return { id, sequence, occurredAt };
  }

  /** The deliveries of each event, by event id, in subscriber order. */
  deliveriesOf(eventIds: readonly string[]): Map<string, DepartmentSyncView[]> {
    return this.outbox.deliveriesOf(eventIds);
  }
}

/** What {@link startEventPublishing} gives a department system. */
export interface EventPublishing {
  /** Where the department's code writes its events. */
  events: EventPublisher;
  /** Delivers them; wake it after a write, it stops when the app closes. */
  relay: EventRelay;
}

/**
 * Gives `system` an outbox in its store and starts a relay delivering it to the subscribers, signing
 * each delivery with `signer` (the system's key; unsigned without it, and receivers refuse those).
 * Registers the outbox backlog gauge (`onething_outbox_backlog`, by subscriber) and stops the relay
 * before the store closes.
 */
export function startEventPublishing(
  system: DepartmentSystem,
  options: EventPublishingOptions & { signer?: ServiceSigner },
): EventPublishing {
  const subscriptions = options.subscriptions ?? readSubscriptions(subscriptionsFileOf(system.department));
  const relayOptions = { ...readRelayOptions(), ...options.relay };
  const outbox = new Outbox(system.db);
  const relay = new EventRelay(
    {
      outbox,
      receivers: new ReceiverUrls(options.departmentSystemUrls),
      log: system.app.log,
      signer: options.signer,
    },
    relayOptions,
  );
  registerStoreGauge(system.metrics, {
    name: 'onething_outbox_backlog',
    help: 'Event deliveries not yet delivered, by subscribing department.',
    labelNames: ['subscriber'],
    read: () =>
      (
        system.db
          .prepare(
            "SELECT subscriber, COUNT(*) AS n FROM event_deliveries WHERE status = 'PENDING' GROUP BY subscriber",
          )
          .all() as Array<{ subscriber: string; n: number }>
      ).map((row) => ({ labels: { subscriber: row.subscriber }, value: row.n })),
  });
  // Registered after the kit's hook that closes the store, so it runs first (onClose runs last-in,
  // first-out): the relay must stop before the store it records into is closed.
  system.app.addHook('onClose', async () => {
    await relay.stop();
  });
  relay.start();
  return { events: new EventPublisher(outbox, subscriptions), relay };
}
