/**
 * The outbox (事件发件箱) of a publishing department's store (public security's, market regulation's):
 * every event the department publishes, written in the same transaction as the change it announces,
 * and one delivery row per subscribing department. The relay reads what is due from here and records
 * every attempt here, so nothing is lost when the process stops: a restarted relay picks up where the
 * rows say it was.
 *
 * Ordering: events about one stream (a household, an enterprise) carry consecutive sequence numbers, and a delivery
 * is due only when no earlier event of its stream is still `PENDING` for the same subscriber. A
 * `FAILED` (refused) delivery does not hold the later ones back.
 */

import type Database from 'better-sqlite3';
import type {
  DepartmentSyncStatus,
  DepartmentSyncView,
  EventEnvelope,
  EventReceipt,
} from '../../../lib/contract/protocol.ts';
import { IN_LIST, listParameter, prepared } from '../../../lib/sqlite.ts';

/** Tables of the outbox; created on every start, so a store made before them gains them. */
export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  stream TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  payload TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  UNIQUE (stream, sequence)
);
CREATE TABLE IF NOT EXISTS event_deliveries (
  event_id TEXT NOT NULL REFERENCES outbox_events(id),
  subscriber TEXT NOT NULL,
  stream TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'APPLIED', 'FAILED')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at INTEGER,
  delivered_at TEXT,
  applied_at TEXT,
  actions TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX IF NOT EXISTS event_deliveries_pending ON event_deliveries(status, next_attempt_at);
CREATE INDEX IF NOT EXISTS event_deliveries_by_stream ON event_deliveries(subscriber, stream, sequence);
`;

/** An event to publish. */
export interface OutboxEvent {
  /** A UUID; receivers act once per id. */
  id: string;
  type: string;
  /** What the event is about (a household number, a credit code): events of a stream are delivered in order. */
  stream: string;
  /** The event's place in its stream, from 1 ({@link Outbox.nextSequence}). */
  sequence: number;
  payload: unknown;
  occurredAt: string;
}

/** A delivery the relay may attempt. */
export interface PendingDelivery {
  eventId: string;
  subscriber: string;
  attempts: number;
  /** When it is due, ms since the epoch. */
  nextAttemptAt: number;
}

/** The outcome of one delivery attempt. */
export type AttemptOutcome =
  /** The subscriber answered 2xx. */
  | { kind: 'answered'; receipt: EventReceipt }
  /** The subscriber refused the event for good (a 4xx other than 408/429). */
  | { kind: 'refused'; reason: string }
  /**
   * No usable answer (5xx, 408, 429, timeout, unreachable): try again at `nextAttemptAt`. `error` is
   * recorded and shown with the change; `where` (the receiver's URL) only goes to the log.
   */
  | { kind: 'retry'; error: string; nextAttemptAt: number; where?: string };

interface DeliveryRow {
  event_id: string;
  subscriber: string;
  status: DepartmentSyncStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  delivered_at: string | null;
  applied_at: string | null;
  actions: string;
}

/** The outbox over a department store; every method is synchronous, so callers compose them in transactions. */
export class Outbox {
  constructor(private readonly db: Database.Database) {
    db.exec(OUTBOX_SCHEMA);
  }

  /** The sequence number the next event of `stream` gets. */
  nextSequence(stream: string): number {
    const row = this.db
      .prepare<[string], { last: number | null }>(
        'SELECT MAX(sequence) AS last FROM outbox_events WHERE stream = ?',
      )
      .get(stream);
    return (row?.last ?? 0) + 1;
  }

  /** Writes an event and a `PENDING` delivery, due at `now` (ms), for each subscriber. Call inside the change's transaction. */
  append(event: OutboxEvent, subscribers: readonly string[], now: number): void {
    this.db
      .prepare('INSERT INTO outbox_events VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        event.id,
        event.type,
        event.stream,
        event.sequence,
        JSON.stringify(event.payload),
        event.occurredAt,
      );
    const insert = this.db.prepare(
      `INSERT INTO event_deliveries (event_id, subscriber, stream, sequence, status, next_attempt_at)
       VALUES (?, ?, ?, ?, 'PENDING', ?)`,
    );
    for (const subscriber of subscribers) insert.run(event.id, subscriber, event.stream, event.sequence, now);
  }

  /**
   * The `PENDING` deliveries that no earlier event of their stream holds back for the same
   * subscriber, soonest due first: at most one per (stream, subscriber).
   */
  unblockedPending(limit = 1000): PendingDelivery[] {
    return this.db
      .prepare<[number], PendingDelivery>(
        `SELECT d.event_id AS eventId, d.subscriber, d.attempts, d.next_attempt_at AS nextAttemptAt
         FROM event_deliveries d
         WHERE d.status = 'PENDING' AND NOT EXISTS (
           SELECT 1 FROM event_deliveries earlier
           WHERE earlier.subscriber = d.subscriber AND earlier.stream = d.stream
             AND earlier.sequence < d.sequence AND earlier.status = 'PENDING')
         ORDER BY d.next_attempt_at, d.stream, d.sequence
         LIMIT ?`,
      )
      .all(limit);
  }

  /** The envelope a subscriber is sent for an event. */
  envelopeOf(eventId: string): EventEnvelope | undefined {
    const row = this.db
      .prepare<[string], { id: string; type: string; occurred_at: string; payload: string }>(
        'SELECT id, type, occurred_at, payload FROM outbox_events WHERE id = ?',
      )
      .get(eventId);
    return row
      ? { eventId: row.id, type: row.type, occurredAt: row.occurred_at, payload: JSON.parse(row.payload) }
      : undefined;
  }

  /** Records one attempt of a delivery that was `PENDING`; `at` is when the answer came. */
  recordAttempt(eventId: string, subscriber: string, outcome: AttemptOutcome, at: Date): void {
    const iso = at.toISOString();
    const where = "WHERE event_id = @eventId AND subscriber = @subscriber AND status = 'PENDING'";
    const key = { eventId, subscriber };
    switch (outcome.kind) {
      case 'answered': {
        const applied = outcome.receipt.status === 'APPLIED';
        this.db
          .prepare(
            `UPDATE event_deliveries SET status = @status, attempts = attempts + 1, last_error = NULL,
               next_attempt_at = NULL, delivered_at = @at, applied_at = @appliedAt, actions = @actions ${where}`,
          )
          .run({
            ...key,
            status: applied ? 'APPLIED' : 'DELIVERED',
            at: iso,
            appliedAt: applied ? iso : null,
            actions: JSON.stringify(outcome.receipt.actions),
          });
        return;
      }
      case 'refused':
        this.db
          .prepare(
            `UPDATE event_deliveries SET status = 'FAILED', attempts = attempts + 1, last_error = @reason,
               next_attempt_at = NULL ${where}`,
          )
          .run({ ...key, reason: outcome.reason });
        return;
      case 'retry':
        this.db
          .prepare(
            `UPDATE event_deliveries SET attempts = attempts + 1, last_error = @error,
               next_attempt_at = @nextAttemptAt ${where}`,
          )
          .run({ ...key, error: outcome.error, nextAttemptAt: outcome.nextAttemptAt });
        return;
    }
  }

  /** The deliveries of each event, by event id, in subscriber order. */
  deliveriesOf(eventIds: readonly string[]): Map<string, DepartmentSyncView[]> {
    const byEvent = new Map<string, DepartmentSyncView[]>(eventIds.map((id) => [id, []]));
    if (eventIds.length === 0) return byEvent;
    const rows = prepared<[string], DeliveryRow>(
      this.db,
      `SELECT * FROM event_deliveries WHERE event_id ${IN_LIST} ORDER BY rowid`,
    ).all(listParameter(eventIds));
    for (const row of rows) {
      byEvent.get(row.event_id)?.push({
        department: row.subscriber,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        nextAttemptAt:
          row.status === 'PENDING' && row.next_attempt_at !== null
            ? new Date(row.next_attempt_at).toISOString()
            : null,
        deliveredAt: row.delivered_at,
        appliedAt: row.applied_at,
        actions: JSON.parse(row.actions) as string[],
      });
    }
    return byEvent;
  }
}
