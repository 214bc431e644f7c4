/**
 * The 办不成事 window's desk in the service-center's store: the clerks' queue of tickets and their acts
 * on one — take it, note on it, resolve it with the outcome the family reads — each written with an
 * entry in the ticket's history (`ticket_events`). Every act is one conditional statement, so two
 * clerks (on one replica or two) acting on the same ticket together get one yes: one takes it, and the
 * other finds it taken. Who may act is decided in `access.ts`; the desk only keeps the state.
 */
import { isUniqueViolation, type ServiceCenterDb, sql } from '../storage/database.ts';
import { type TicketRow, toTicket } from '../store.ts';

/** What happened to a ticket, as its history shows it. */
export type TicketEventKind = 'TAKEN' | 'NOTED' | 'RESOLVED' | 'RESUMED';

/** One entry of a ticket's history. */
export interface TicketEventRow {
  ticketId: string;
  /** Its place in the ticket's history, from 1. */
  seq: number;
  kind: TicketEventKind;
  at: string;
  /** Who acted: the clerk's token subject, e.g. `staff:education/E3107`. */
  actor: string;
  /** The note or the outcome; null for the other kinds. */
  text: string | null;
  /** The departments whose records `text` states (see `messages.ts`). */
  textFacts: string[];
}

/** Which tickets a queue lists, in due-time order. */
export interface QueueQuery {
  /** The departments the clerk may see; a ticket of another is never listed. */
  departments: readonly string[];
  status: TicketRow['status'];
  /** Only tickets due before this instant (e.g. now: the overdue ones). */
  dueBefore?: string;
  /** At most this many. */
  first: number;
  /** After this ticket in the order (a cursor's position). */
  after?: { dueAt: string; id: string };
}

/** A page of a queue. */
export interface QueuePage {
  tickets: TicketRow[];
  /** Whether more tickets follow the last of this page. */
  hasNextPage: boolean;
  /** How many tickets the query lists over every page. */
  totalCount: number;
}

type Row = Record<string, unknown>;

function toEvent(row: Row): TicketEventRow {
  return {
    ticketId: row.ticket_id as string,
    seq: Number(row.seq),
    kind: row.kind as TicketEventKind,
    at: row.at as string,
    actor: row.actor as string,
    text: (row.text as string | null) ?? null,
    textFacts: typeof row.text_facts === 'string' ? (JSON.parse(row.text_facts) as string[]) : [],
  };
}

/** How an act on a ticket ended: done (with the ticket as written), or the ticket as it stands. */
export type ActOutcome = { done: true; ticket: TicketRow } | { done: false; ticket: TicketRow | undefined };

/** The queue and the acts of the 办不成事 window. */
export class TicketDesk {
  /**
   * @param announce - told of each act done on a ticket, with its application, for progress subscribers
   *   (the embedded store; PostgreSQL announces them itself, `storage/changeNotices.ts`)
   */
  constructor(
    private readonly db: ServiceCenterDb,
    private readonly announce: (applicationId: string) => void = () => {},
  ) {}

  async #rows(query: ReturnType<typeof sql>): Promise<Row[]> {
    return (await query.execute(this.db)).rows as Row[];
  }

  /** The ticket with this number, or undefined. */
  async ticket(id: string): Promise<TicketRow | undefined> {
    const [row] = await this.#rows(sql`SELECT * FROM tickets WHERE id = ${id}`);
    return row ? toTicket(row) : undefined;
  }

  /**
   * A page of the queue, soonest due first — which puts the overdue first, the longest overdue at the
   * top — then by number.
   */
  async queue(query: QueueQuery): Promise<QueuePage> {
    if (query.departments.length === 0) return { tickets: [], hasNextPage: false, totalCount: 0 };
    const where = sql`status = ${query.status} AND department IN (${sql.join(query.departments)})${
      query.dueBefore === undefined ? sql`` : sql` AND due_at < ${query.dueBefore}`
    }`;
    const after = query.after
      ? sql` AND (due_at > ${query.after.dueAt} OR (due_at = ${query.after.dueAt} AND id > ${query.after.id}))`
      : sql``;
    const [rows, [count]] = await Promise.all([
      this.#rows(
        sql`SELECT * FROM tickets WHERE ${where}${after} ORDER BY due_at, id LIMIT ${query.first + 1}`,
      ),
      this.#rows(sql`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tickets WHERE ${where}`),
    ]);
    return {
      tickets: rows.slice(0, query.first).map(toTicket),
      hasNextPage: rows.length > query.first,
      totalCount: Number(count?.n ?? 0),
    };
  }

  /**
   * Assigns an open ticket nobody holds to `actor`: one conditional UPDATE, so of two clerks taking it
   * together one wins. Not done when it is resolved or held — by anyone, `actor` included: the caller
   * reads the ticket as it stands to tell which.
   */
  async take(id: string, actor: string, at: string): Promise<ActOutcome> {
    const [row] = await this.#rows(
      sql`UPDATE tickets SET taken_by = ${actor}, taken_at = ${at}
            WHERE id = ${id} AND status = 'OPEN' AND taken_by IS NULL RETURNING *`,
    );
    if (!row) return { done: false, ticket: await this.ticket(id) };
    await this.record(id, { kind: 'TAKEN', at, actor, text: null, textFacts: [] });
    const ticket = toTicket(row);
    this.announce(ticket.applicationId);
    return { done: true, ticket };
  }

  /**
   * Adds a note to an open ticket `actor` holds — the condition and the entry in one statement. Not
   * done otherwise (the caller reads the ticket as it stands).
   */
  async note(id: string, actor: string, text: string, textFacts: string[], at: string): Promise<ActOutcome> {
    const written = await this.#append(
      id,
      { kind: 'NOTED', at, actor, text, textFacts },
      sql`EXISTS (SELECT 1 FROM tickets WHERE id = ${id} AND status = 'OPEN' AND taken_by = ${actor})`,
    );
    const ticket = await this.ticket(id);
    if (written && ticket) this.announce(ticket.applicationId);
    return written && ticket ? { done: true, ticket } : { done: false, ticket };
  }

  /**
   * Resolves an open ticket `actor` holds, with the outcome the family reads: one conditional UPDATE.
   * Not done otherwise (the caller reads the ticket as it stands).
   */
  async resolve(
    id: string,
    actor: string,
    outcome: string,
    outcomeFacts: string[],
    at: string,
  ): Promise<ActOutcome> {
    const [row] = await this.#rows(
      sql`UPDATE tickets SET status = 'RESOLVED', resolved_at = ${at}, resolved_by = ${actor}, outcome = ${outcome}
            WHERE id = ${id} AND status = 'OPEN' AND taken_by = ${actor} RETURNING *`,
    );
    if (!row) return { done: false, ticket: await this.ticket(id) };
    await this.record(id, { kind: 'RESOLVED', at, actor, text: outcome, textFacts: outcomeFacts });
    const ticket = toTicket(row);
    this.announce(ticket.applicationId);
    return { done: true, ticket };
  }

  /** Appends an entry to a ticket's history. */
  async record(id: string, event: Omit<TicketEventRow, 'ticketId' | 'seq'>): Promise<void> {
    await this.#append(id, event, sql`1 = 1`);
  }

  /**
   * Appends an entry at the end of a ticket's history when `condition` holds; true when written. The
   * next place is read in the same statement; two entries racing for it retry.
   */
  async #append(
    id: string,
    event: Omit<TicketEventRow, 'ticketId' | 'seq'>,
    condition: ReturnType<typeof sql>,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.#rows(
          sql`INSERT INTO ticket_events (ticket_id, seq, kind, at, actor, text, text_facts)
                SELECT ${id}, place.next, ${event.kind}, ${event.at}, ${event.actor}, ${event.text},
                  ${JSON.stringify(event.textFacts)}
                  FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM ticket_events WHERE ticket_id = ${id}) AS place
                  WHERE ${condition}
                RETURNING seq`,
        );
        return rows.length === 1;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }

  /** The history of each of these tickets, in order, by ticket number. */
  async histories(ids: readonly string[]): Promise<Map<string, TicketEventRow[]>> {
    const histories = new Map<string, TicketEventRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return histories;
    const rows = await this.#rows(
      sql`SELECT * FROM ticket_events WHERE ticket_id IN (${sql.join(ids)}) ORDER BY ticket_id, seq`,
    );
    for (const row of rows) histories.get(row.ticket_id as string)?.push(toEvent(row));
    return histories;
  }
}
