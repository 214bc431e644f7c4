import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.ts';
import { EventPublisher } from './publisher.ts';

// The outbox every publishing department uses: sequence numbers per stream, a delivery per subscriber
// of the event's type, and a stream's later events held back while an earlier one is pending.

const subscriptions = {
  'fire-rescue': ['enterprise.registration-changed'],
  'urban-management': ['enterprise.registration-changed'],
  health: ['household.address-changed'],
};

function publisher() {
  return new EventPublisher(new Outbox(new Database(':memory:')), subscriptions);
}

const at = new Date('2026-11-20T02:00:00.000Z');
const change = (stream: string) => ({
  type: 'enterprise.registration-changed',
  stream,
  occurredAt: at,
  payload: (sequence: number) => ({ creditCode: stream, sequence }),
});

describe('EventPublisher', () => {
  it('numbers each stream’s events from 1 and writes a pending delivery for each subscriber of the type', () => {
    const events = publisher();
    const first = events.publish(change('A'));
    const second = events.publish(change('A'));
    const other = events.publish(change('B'));
    expect([first.sequence, second.sequence, other.sequence]).toEqual([1, 2, 1]);
    expect(events.outbox.envelopeOf(second.id)).toEqual({
      eventId: second.id,
      type: 'enterprise.registration-changed',
      occurredAt: at.toISOString(),
      payload: { creditCode: 'A', sequence: 2 },
    });
    const deliveries = events.deliveriesOf([first.id]).get(first.id);
    expect(deliveries?.map((d) => [d.department, d.status, d.attempts])).toEqual([
      ['fire-rescue', 'PENDING', 0],
      ['urban-management', 'PENDING', 0],
    ]);
  });

  it('holds a stream’s later event back from a subscriber until its earlier one is answered', () => {
    const events = publisher();
    const first = events.publish(change('A'));
    const second = events.publish(change('A'));
    const due = () => new Set(events.outbox.unblockedPending().map((d) => `${d.subscriber} ${d.eventId}`));
    expect(due()).toEqual(new Set([`fire-rescue ${first.id}`, `urban-management ${first.id}`]));
    events.outbox.recordAttempt(
      first.id,
      'fire-rescue',
      { kind: 'answered', receipt: { status: 'APPLIED', actions: ['renamed'] } },
      at,
    );
    expect(due()).toEqual(new Set([`fire-rescue ${second.id}`, `urban-management ${first.id}`]));
    expect(events.deliveriesOf([first.id]).get(first.id)?.[0]).toMatchObject({
      department: 'fire-rescue',
      status: 'APPLIED',
      attempts: 1,
      actions: ['renamed'],
    });
  });

  it('writes no delivery for an event no department takes', () => {
    const events = publisher();
    const { id } = events.publish({ ...change('A'), type: 'enterprise.deregistered' });
    expect(events.deliveriesOf([id]).get(id)).toEqual([]);
  });
});
