/**
 * The receiving end of another department's events (public security's, market regulation's), for any
 * department system that subscribes to them (`mocks/<publisher>/subscriptions.json`): `POST /v1/events`
 * with an `EventEnvelope`, signed by its publisher for this system (`lib/auth/events.ts`), a publisher
 * the contract's receiver names (`eventReceiver({ publishers })`): an unsigned, forged, altered or
 * stale event, or one from another system, is refused (401/403),
 * changes nothing and is recorded in the audit log. Delivery is at least once, so
 * the receiver acts once per event id: the act, the processed-event row and the answer share one
 * SQLite transaction, and a repeat answers the first answer and changes nothing. A refusal (an
 * `ApiError` from the handler) writes nothing and is not remembered.
 */
import { checkCertifiedCaller } from '../../lib/auth/certifiedCaller.ts';
import { verifyEventDelivery } from '../../lib/auth/events.ts';
import { TokenError } from '../../lib/auth/tokens.ts';
import type { Endpoint } from '../../lib/contract/endpoint.ts';
import {
  type EventEnvelope,
  type EventReceipt,
  type eventEnvelope,
  type eventReceipt,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../../lib/contract/protocol.ts';
import { ApiError, parseRequest } from './errors.ts';
import type { DepartmentSystem } from './server.ts';

/** The receiver's table of events already acted on; created on every start. */
export const PROCESSED_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS processed_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  receipt TEXT NOT NULL
);
`;

/**
 * Acts on one event inside the receiver's transaction and says what it did, one sentence per act.
 * Throws an `ApiError` (4xx) to refuse the event for good; anything else is a 500 and is retried.
 */
export type EventHandler = (event: EventEnvelope) => string[];

/** Serves the contract's event receiver, acting with `handlers[type]` once per event id. */
export function serveEventReceiver(
  system: DepartmentSystem,
  endpoint: Endpoint<typeof eventEnvelope, typeof eventReceipt, undefined>,
  handlers: Readonly<Record<string, EventHandler>>,
): void {
  const { db, app, department, trust, eventSenders } = system;
  db.exec(PROCESSED_EVENTS_SCHEMA);
  const processed = db.prepare<[string], { receipt: string }>(
    'SELECT receipt FROM processed_events WHERE event_id = ?',
  );
  const remember = db.prepare('INSERT INTO processed_events VALUES (?, ?, ?, ?, ?)');

  app.post(endpoint.path, async (request, reply) => {
    const event = parseRequest(endpoint.request, request.body);
    try {
      if (!trust) throw new TokenError('NO_CREDENTIALS', 'this system has no keys to verify events with');
      const authorization = request.headers.authorization;
      const publisher = await verifyEventDelivery(
        trust.serviceTokens,
        typeof authorization === 'string' ? authorization : undefined,
        eventSenders,
        event,
      );
      checkCertifiedCaller(request, publisher);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      return system.refuse(request, reply, error);
    }
    const handler = handlers[event.type];
    if (!handler) {
      throw new ApiError(
        422,
        'UNSUPPORTED_EVENT_TYPE',
        `the ${department} department does not take ${event.type} events; it takes ${Object.keys(handlers).join(', ')}`,
      );
    }
    const outcome = db.transaction(() => {
      const previous = processed.get(event.eventId);
      if (previous) return { receipt: JSON.parse(previous.receipt) as EventReceipt, replayed: true };
      const receipt: EventReceipt = { status: 'APPLIED', actions: handler(event) };
      remember.run(
        event.eventId,
        event.type,
        event.occurredAt,
        new Date().toISOString(),
        JSON.stringify(receipt),
      );
      return { receipt, replayed: false };
    })();
    if (outcome.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return reply.status(200).send(outcome.receipt);
  });
}
