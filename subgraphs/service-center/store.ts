/**
 * The service-center's own store (it is the project's, not a mocked department's): applications
 * (办件), their items — one per department act — and 办不成事 tickets. Every state change of an
 * errand is written here before and after the act it describes, so a process that takes an errand
 * over knows exactly where it stopped. It runs on PostgreSQL (shared by every replica) or the embedded
 * SQLite file (one process), with the same SQL (`storage/database.ts`).
 *
 * Which replica runs an application is its **lease**: `lease_owner` holds it until `lease_until`, and
 * renews it while it works. Taking a lease is one conditional `UPDATE` — the row lock makes two replicas
 * asking together get one yes — so an application's steps run on one replica at a time, and a dead
 * replica's applications are anyone's once its leases lapse.
 */

import { isText, render, type Text } from '../../lib/i18n/messages.ts';
import { type DatabaseEngine, isUniqueViolation, type ServiceCenterDb, sql } from './storage/database.ts';

/**
 * The life of an application. `AWAITING_CONSENT`: a person whose data the errand reads has not
 * consented yet; nothing is done until they do.
 */
export type ApplicationStatus =
  | 'SUBMITTED'
  | 'AWAITING_CONSENT'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'NEEDS_ATTENTION'
  | 'REJECTED';

/**
 * The life of one item (one department act or check). `NEEDS_REVIEW`: a check left a question to a
 * person, and the acts wait for it.
 */
export type ItemStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'BLOCKED' | 'SKIPPED' | 'NEEDS_REVIEW';

/** A stored application. */
export interface ApplicationRow {
  id: string;
  kind: string;
  status: ApplicationStatus;
  applicantCitizenId: string;
  /** What the errand is about, unique per kind among non-rejected applications, e.g. `BR202610030001`. */
  subjectKey: string;
  clientKey: string | null;
  input: unknown;
  submittedAt: string;
  dueAt: string;
  completedAt: string | null;
}

/** A stored item. */
export interface ItemRow {
  applicationId: string;
  step: string;
  department: string;
  status: ItemStatus;
  attempts: number;
  /** Why the item is as it is, in English (as stored before reasons were messages). */
  reason: string | null;
  /** The reason as a message of the catalogue, read in the reader's language; null for a reason stored before 0006. */
  reasonText: Text | null;
  /**
   * The departments whose records `reason` states (empty: only the service-center's own, e.g. "waits
   * for checkVaccination"). A reader who may not read one of them gets a neutral reason.
   */
  reasonFacts: string[];
  result: unknown;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What a ticket's due time was counted by (see `workingDays.ts`). */
export type TicketDueBasis = 'PUBLISHED_CALENDAR' | 'WEEKENDS_ONLY';

/** A 办不成事 ticket: an item the system could not finish, for a person to resolve by `dueAt`. */
export interface TicketRow {
  id: string;
  applicationId: string;
  step: string;
  department: string;
  /** Why the ticket is open, in English (as stored before reasons were messages). */
  reason: string;
  /** The reason as a message of the catalogue; null for a ticket opened before 0006. */
  reasonText: Text | null;
  /** The departments whose records `reason` states. */
  reasonFacts: string[];
  status: 'OPEN' | 'RESOLVED';
  openedAt: string;
  dueAt: string;
  /** What `dueAt` was counted by; a ticket opened before it was recorded counted weekends only. */
  dueBasis: TicketDueBasis;
  resolvedAt: string | null;
  /** The clerk holding the ticket (their token's subject, e.g. `staff:education/E3107`); null while nobody does. */
  takenBy: string | null;
  takenAt: string | null;
  /** The clerk who resolved it; null while open, and when the item was completed by a resumed errand. */
  resolvedBy: string | null;
  /** What the resolving clerk told the family; null unless a clerk resolved it. */
  outcome: string | null;
}

/** The fields a new ticket is opened with; the store numbers it unless `id` is given. */
export type NewTicket = Omit<
  TicketRow,
  | 'id'
  | 'status'
  | 'resolvedAt'
  | 'takenBy'
  | 'takenAt'
  | 'resolvedBy'
  | 'outcome'
  | 'dueBasis'
  | 'reason'
  | 'reasonText'
> & { id?: string; dueBasis?: TicketDueBasis; reason: StoredReason };

/**
 * A reason as it is stored: a message of the catalogue (its English in `reason`, its key and
 * parameters beside it), or plain words, stored as said.
 */
export type StoredReason = Text | string;

/** The columns of a reason: its English, and its key and parameters when it is a message. */
function reasonColumns(reason: StoredReason | null | undefined) {
  if (reason === null || reason === undefined) return { text: null, key: null, params: null };
  if (typeof reason === 'string') return { text: reason, key: null, params: null };
  return { text: render('en', reason), key: reason.key, params: JSON.stringify(reason.params ?? {}) };
}

/** The message a row's reason columns hold, or null (a reason stored before 0006, or none). */
function reasonTextOf(row: Row): Text | null {
  if (typeof row.reason_key !== 'string') return null;
  try {
    const candidate = { key: row.reason_key, params: JSON.parse(String(row.reason_params ?? '{}')) };
    return isText(candidate) ? candidate : null;
  } catch {
    return null;
  }
}

/** A ticket number from its place in the order tickets opened: `TK-000001`. */
export function ticketNumber(sequence: number): string {
  return `TK-${String(sequence).padStart(6, '0')}`;
}

/**
 * The departments a stored reason states. A reason stored before they were recorded counts as stating
 * its department's records — the narrower reading: a reader may not see what it cannot place.
 */
function reasonFactsOf(row: Row): string[] {
  if (typeof row.reason_facts === 'string') return JSON.parse(row.reason_facts) as string[];
  return row.reason === null || row.reason === undefined ? [] : [row.department as string];
}

type Row = Record<string, unknown>;

function toApplication(row: Row): ApplicationRow {
  return {
    id: row.id as string,
    kind: row.kind as string,
    status: row.status as ApplicationStatus,
    applicantCitizenId: row.applicant_citizen_id as string,
    subjectKey: row.subject_key as string,
    clientKey: (row.client_key as string | null) ?? null,
    input: JSON.parse(row.input as string),
    submittedAt: row.submitted_at as string,
    dueAt: row.due_at as string,
    completedAt: (row.completed_at as string | null) ?? null,
  };
}

function toItem(row: Row): ItemRow {
  return {
    applicationId: row.application_id as string,
    step: row.step as string,
    department: row.department as string,
    status: row.status as ItemStatus,
    attempts: row.attempts as number,
    reason: (row.reason as string | null) ?? null,
    reasonText: reasonTextOf(row),
    reasonFacts: reasonFactsOf(row),
    result: row.result ? JSON.parse(row.result as string) : null,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
  };
}

/** A stored ticket row as a {@link TicketRow}. */
export function toTicket(row: Row): TicketRow {
  return {
    id: row.id as string,
    applicationId: row.application_id as string,
    step: row.step as string,
    department: row.department as string,
    reason: row.reason as string,
    reasonText: reasonTextOf(row),
    reasonFacts: reasonFactsOf(row),
    status: row.status as TicketRow['status'],
    openedAt: row.opened_at as string,
    dueAt: row.due_at as string,
    dueBasis: (row.due_basis as TicketDueBasis | null) ?? 'WEEKENDS_ONLY',
    resolvedAt: (row.resolved_at as string | null) ?? null,
    takenBy: (row.taken_by as string | null) ?? null,
    takenAt: (row.taken_at as string | null) ?? null,
    resolvedBy: (row.resolved_by as string | null) ?? null,
    outcome: (row.outcome as string | null) ?? null,
  };
}

/** What a new application is created with. */
export interface NewApplication {
  id: string;
  kind: string;
  applicantCitizenId: string;
  subjectKey: string;
  clientKey: string | null;
  input: unknown;
  submittedAt: string;
  dueAt: string;
  /** Its items in display order: step name and department. */
  items: Array<{ step: string; department: string }>;
}

/** The condition that `owner` holds the lease of the application an item belongs to. */
function leaseHeldBy(applicationId: string, owner: string) {
  return sql` AND EXISTS (SELECT 1 FROM applications
                          WHERE id = ${applicationId} AND lease_owner = ${owner} AND lease_until IS NOT NULL)`;
}

/** A replica's hold on an application: its name and when the hold lapses unless renewed. */
export interface Lease {
  owner: string;
  until: string;
}

/** The service-center's store, over either engine; each method is atomic. */
export class ServiceCenterStore {
  readonly #db: ServiceCenterDb;
  readonly #engine: DatabaseEngine;
  readonly #announce: (applicationId: string) => void;

  /**
   * @param engine - what `db` runs on: a few statements are written for it (default SQLite)
   * @param announce - told of each change of an application's status, an item's or a ticket, for
   *   progress subscribers (`progress/`): on the embedded store by this store after each write; on
   *   PostgreSQL the database announces them to every replica itself, and this is not called
   */
  constructor(
    db: ServiceCenterDb,
    engine: DatabaseEngine = 'sqlite',
    announce?: (applicationId: string) => void,
  ) {
    this.#db = db;
    this.#engine = engine;
    this.#announce = engine === 'sqlite' && announce ? announce : () => {};
  }

  async #rows(query: ReturnType<typeof sql>): Promise<Row[]> {
    return (await query.execute(this.#db)).rows as Row[];
  }

  /**
   * Creates an application with its items, unless one already exists for the same client key or the
   * same subject: then that one is returned and `created` is false. The unique indexes decide — also
   * between two identical requests arriving together, on one replica or two: the loser answers the
   * winner's. (Callers look for a duplicate first, to answer it without trying; this does not again.) A new application may be created leased (`lease`) to the replica that
   * will run it, so no other takes it first.
   */
  async createApplication(
    application: NewApplication,
    lease?: Lease,
  ): Promise<{ application: ApplicationRow; created: boolean }> {
    try {
      if (this.#engine === 'postgres') await this.#insertApplicationInOneStatement(application, lease);
      else {
        await this.#db.transaction().execute(async (trx) => {
          await sql`INSERT INTO applications (id, kind, status, applicant_citizen_id, subject_key, client_key, input,
                      submitted_at, due_at, lease_owner, lease_until)
                    VALUES ${this.#applicationValues(application, lease)}`.execute(trx);
          if (application.items.length > 0) {
            const rows = application.items.map(
              (item, position) =>
                sql`(${application.id}, ${item.step}, ${position}, ${item.department}, 'PENDING')`,
            );
            await sql`INSERT INTO application_items (application_id, step, position, department, status)
                      VALUES ${sql.join(rows)}`.execute(trx);
          }
        });
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findApplication(
        application.kind,
        application.subjectKey,
        application.clientKey,
        application.applicantCitizenId,
      );
      if (!winner) throw error;
      return { application: winner, created: false };
    }
    return {
      application: {
        id: application.id,
        kind: application.kind,
        status: 'SUBMITTED',
        applicantCitizenId: application.applicantCitizenId,
        subjectKey: application.subjectKey,
        clientKey: application.clientKey,
        input: JSON.parse(JSON.stringify(application.input)),
        submittedAt: application.submittedAt,
        dueAt: application.dueAt,
        completedAt: null,
      },
      created: true,
    };
  }

  /** The values of a new application's row, in the column order of the inserts. */
  #applicationValues(application: NewApplication, lease: Lease | undefined) {
    return sql`(${application.id}, ${application.kind}, 'SUBMITTED', ${application.applicantCitizenId},
                ${application.subjectKey}, ${application.clientKey}, ${JSON.stringify(application.input)},
                ${application.submittedAt}, ${application.dueAt}, ${lease?.owner ?? null}, ${lease?.until ?? null})`;
  }

  /**
   * PostgreSQL: the application and its items in one statement (a data-modifying CTE), atomic without a
   * transaction's extra round trips.
   */
  async #insertApplicationInOneStatement(
    application: NewApplication,
    lease: Lease | undefined,
  ): Promise<void> {
    if (application.items.length === 0) {
      await sql`INSERT INTO applications (id, kind, status, applicant_citizen_id, subject_key, client_key, input,
                  submitted_at, due_at, lease_owner, lease_until)
                VALUES ${this.#applicationValues(application, lease)}`.execute(this.#db);
      return;
    }
    const items = application.items.map(
      (item, position) => sql`(${item.step}, CAST(${position} AS INTEGER), ${item.department})`,
    );
    await sql`WITH app AS (
                INSERT INTO applications (id, kind, status, applicant_citizen_id, subject_key, client_key, input,
                  submitted_at, due_at, lease_owner, lease_until)
                VALUES ${this.#applicationValues(application, lease)} RETURNING id)
              INSERT INTO application_items (application_id, step, position, department, status)
              SELECT app.id, item.step, item.position, item.department, 'PENDING'
                FROM app, (VALUES ${sql.join(items)}) AS item(step, position, department)`.execute(this.#db);
  }

  /**
   * The application a new request duplicates: the one with the same client key (from the same
   * applicant, when given), else the live (not rejected) one about the same subject.
   */
  async findApplication(
    kind: string,
    subjectKey: string,
    clientKey: string | null,
    applicantCitizenId?: string,
  ): Promise<ApplicationRow | undefined> {
    if (clientKey) {
      const [byClientKey] = await this.#rows(
        applicantCitizenId
          ? sql`SELECT * FROM applications WHERE client_key = ${clientKey} AND applicant_citizen_id = ${applicantCitizenId}`
          : sql`SELECT * FROM applications WHERE client_key = ${clientKey}`,
      );
      if (byClientKey) return toApplication(byClientKey);
    }
    const [row] = await this.#rows(
      sql`SELECT * FROM applications WHERE kind = ${kind} AND subject_key = ${subjectKey} AND status != 'REJECTED'`,
    );
    return row ? toApplication(row) : undefined;
  }

  /** The application with this id, or undefined. */
  async application(id: string): Promise<ApplicationRow | undefined> {
    const [row] = await this.#rows(sql`SELECT * FROM applications WHERE id = ${id}`);
    return row ? toApplication(row) : undefined;
  }

  /** Applications with these ids (any order); unknown ids are absent. */
  async applications(ids: readonly string[]): Promise<ApplicationRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.#rows(sql`SELECT * FROM applications WHERE id IN (${sql.join(ids)})`);
    return rows.map(toApplication);
  }

  /** The applications a citizen submitted, newest first. */
  async applicationsOf(applicantCitizenId: string): Promise<ApplicationRow[]> {
    const rows = await this.#rows(
      sql`SELECT * FROM applications WHERE applicant_citizen_id = ${applicantCitizenId}
            ORDER BY submitted_at DESC, id DESC`,
    );
    return rows.map(toApplication);
  }

  /**
   * Applications a starting process must carry on with: those under way, and those waiting for a
   * consent (it may have been given just before the previous process stopped).
   */
  async unfinishedApplications(): Promise<ApplicationRow[]> {
    const rows = await this.#rows(
      sql`SELECT * FROM applications WHERE status IN ('SUBMITTED', 'IN_PROGRESS', 'AWAITING_CONSENT')
            ORDER BY submitted_at`,
    );
    return rows.map(toApplication);
  }

  /**
   * Sends the applications of `applicantCitizenId` waiting for a consent back to SUBMITTED — runnable by
   * any replica — and answers their ids. Written with the consent, a wake-up survives the death of the
   * replica that recorded it: another replica finds the applications unleased and runs them.
   */
  async wakeAwaitingConsent(applicantCitizenId: string): Promise<string[]> {
    const rows = await this.#rows(
      sql`UPDATE applications SET status = 'SUBMITTED'
            WHERE applicant_citizen_id = ${applicantCitizenId} AND status = 'AWAITING_CONSENT' RETURNING id`,
    );
    for (const row of rows) this.#announce(row.id as string);
    return rows.map((row) => row.id as string);
  }

  /**
   * Sets an application's status; `completedAt` when it reaches a final state. Answers the application
   * as written; with `owner`, only while that replica holds its lease (undefined when it does not, and
   * nothing is written).
   */
  async setApplicationStatus(
    id: string,
    status: ApplicationStatus,
    completedAt: string | null = null,
    owner?: string,
    /** Let go of the lease in the same write (a run that ends). */
    release = false,
  ): Promise<ApplicationRow | undefined> {
    const fence = owner === undefined ? sql`` : sql` AND lease_owner = ${owner} AND lease_until IS NOT NULL`;
    const letGo = release ? sql`, lease_until = NULL` : sql``;
    const [row] = await this.#rows(
      sql`UPDATE applications SET status = ${status}, completed_at = ${completedAt}${letGo}
            WHERE id = ${id}${fence} RETURNING *`,
    );
    if (row) this.#announce(id);
    return row ? toApplication(row) : undefined;
  }

  /**
   * Sends an application waiting for a consent back to SUBMITTED (runnable by any replica): the
   * consent arrived while it was being set to wait. True when it was waiting.
   */
  async wakeApplication(id: string): Promise<boolean> {
    const rows = await this.#rows(
      sql`UPDATE applications SET status = 'SUBMITTED' WHERE id = ${id} AND status = 'AWAITING_CONSENT' RETURNING id`,
    );
    if (rows.length === 1) this.#announce(id);
    return rows.length === 1;
  }

  /**
   * Takes or renews the lease of an application for `lease.owner`: granted when nobody holds it, the
   * owner already does, or the holder's lease lapsed before `now`. A SUBMITTED application taken is
   * IN_PROGRESS from then on. Answers the application when granted (as it stands), undefined otherwise.
   */
  async claim(id: string, lease: Lease, now: string): Promise<ApplicationRow | undefined> {
    const [row] = await this.#rows(
      sql`UPDATE applications SET lease_owner = ${lease.owner}, lease_until = ${lease.until},
                 status = CASE WHEN status = 'SUBMITTED' THEN 'IN_PROGRESS' ELSE status END
            WHERE id = ${id}
              AND (lease_until IS NULL OR lease_until < ${now} OR lease_owner = ${lease.owner})
            RETURNING *`,
    );
    if (row) this.#announce(id);
    return row ? toApplication(row) : undefined;
  }

  /** Extends `lease.owner`'s leases on these applications; answers the ids it still holds. */
  async renew(ids: readonly string[], lease: Lease): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.#rows(
      sql`UPDATE applications SET lease_until = ${lease.until}
            WHERE lease_owner = ${lease.owner} AND lease_until IS NOT NULL AND id IN (${sql.join(ids)})
            RETURNING id`,
    );
    return rows.map((row) => row.id as string);
  }

  /**
   * Lets go of an application's lease, if `owner` holds it. The owner's name stays, as the replica
   * that ran it last (for operators); with no `lease_until` the lease is anyone's.
   */
  async release(id: string, owner: string): Promise<void> {
    await sql`UPDATE applications SET lease_until = NULL WHERE id = ${id} AND lease_owner = ${owner}`.execute(
      this.#db,
    );
  }

  /** Lets go of every lease: the embedded store at start, whose only process is this one. */
  async releaseAll(): Promise<void> {
    await sql`UPDATE applications SET lease_until = NULL WHERE lease_until IS NOT NULL`.execute(this.#db);
  }

  /**
   * Runnable applications nobody holds at `now` — under way on a replica that died, or submitted and
   * woken but not yet taken — oldest first, at most `limit`, leaving out `except` (those the replica
   * is waiting to try again).
   */
  async orphanedApplications(now: string, limit: number, except: readonly string[] = []): Promise<string[]> {
    const skipped = except.length === 0 ? sql`` : sql` AND id NOT IN (${sql.join(except)})`;
    const rows = await this.#rows(
      sql`SELECT id FROM applications
            WHERE status IN ('SUBMITTED', 'IN_PROGRESS') AND (lease_until IS NULL OR lease_until < ${now})${skipped}
            ORDER BY submitted_at LIMIT ${limit}`,
    );
    return rows.map((row) => row.id as string);
  }

  /** The items of an application, in display order. */
  async items(applicationId: string): Promise<ItemRow[]> {
    const rows = await this.#rows(
      sql`SELECT * FROM application_items WHERE application_id = ${applicationId} ORDER BY position`,
    );
    return rows.map(toItem);
  }

  /**
   * Records that an item's act is about to run (before the department is called) — only while `owner`
   * holds the application's lease. False when it does not: another replica took the application over,
   * and this one must not start the act.
   */
  async markRunning(applicationId: string, step: string, at: string, owner: string): Promise<boolean> {
    const rows = await this.#rows(
      sql`UPDATE application_items
            SET status = 'RUNNING', attempts = attempts + 1, started_at = COALESCE(started_at, ${at}),
                reason = NULL, reason_key = NULL, reason_params = NULL
            WHERE application_id = ${applicationId} AND step = ${step}${leaseHeldBy(applicationId, owner)}
            RETURNING step`,
    );
    if (rows.length === 1) this.#announce(applicationId);
    return rows.length === 1;
  }

  /**
   * Records an item's outcome; `reasonFacts` names the departments whose records the reason states
   * (default none: a reason of the service-center's own). With `owner`, only while that replica holds
   * the application's lease: false when it does not (nothing written).
   */
  async finishItem(
    applicationId: string,
    step: string,
    outcome: { status: ItemStatus; reason?: StoredReason | null; reasonFacts?: string[]; result?: unknown },
    at: string | null,
    owner?: string,
  ): Promise<boolean> {
    const result = outcome.result === undefined ? null : JSON.stringify(outcome.result);
    const reason = reasonColumns(outcome.reason);
    const fence = owner === undefined ? sql`` : leaseHeldBy(applicationId, owner);
    const rows = await this.#rows(
      sql`UPDATE application_items
            SET status = ${outcome.status}, reason = ${reason.text},
                reason_key = ${reason.key}, reason_params = ${reason.params},
                reason_facts = ${JSON.stringify(outcome.reasonFacts ?? [])}, result = ${result}, finished_at = ${at}
            WHERE application_id = ${applicationId} AND step = ${step}${fence}
            RETURNING step`,
    );
    if (rows.length === 1) this.#announce(applicationId);
    return rows.length === 1;
  }

  /**
   * Opens a ticket for a failed item, unless one is already open for it, numbered in the order tickets
   * open (`TK-000001`, …; a number drawn by two replicas racing for one item is skipped). Answers the
   * ticket opened, or undefined when one was open already.
   */
  async openTicket(ticket: NewTicket): Promise<TicketRow | undefined> {
    const [open] = await this.#rows(
      sql`SELECT id FROM tickets WHERE application_id = ${ticket.applicationId} AND step = ${ticket.step}
            AND status = 'OPEN'`,
    );
    if (open) return undefined;
    const id = ticket.id ?? ticketNumber(await this.#nextTicketSequence());
    const reason = reasonColumns(ticket.reason);
    const [row] = await this.#rows(
      sql`INSERT INTO tickets (id, application_id, step, department, reason, reason_key, reason_params, reason_facts,
              status, opened_at, due_at, due_basis)
            VALUES (${id}, ${ticket.applicationId}, ${ticket.step}, ${ticket.department}, ${reason.text},
              ${reason.key}, ${reason.params}, ${JSON.stringify(ticket.reasonFacts)}, 'OPEN', ${ticket.openedAt},
              ${ticket.dueAt}, ${ticket.dueBasis ?? 'WEEKENDS_ONLY'})
            ON CONFLICT DO NOTHING RETURNING *`,
    );
    if (row) this.#announce(ticket.applicationId);
    return row ? toTicket(row) : undefined;
  }

  /** The next ticket number: one conditional-free UPDATE, so replicas never draw the same. */
  async #nextTicketSequence(): Promise<number> {
    const [row] = await this.#rows(
      sql`UPDATE ticket_numbers SET last = last + 1 WHERE name = 'TK' RETURNING last`,
    );
    return Number(row?.last);
  }

  /** Resolves the open tickets of an application's items that completed. */
  async resolveTickets(applicationId: string, steps: readonly string[], at: string): Promise<void> {
    if (steps.length === 0) return;
    await sql`UPDATE tickets SET status = 'RESOLVED', resolved_at = ${at}
                WHERE application_id = ${applicationId} AND step IN (${sql.join(steps)}) AND status = 'OPEN'`.execute(
      this.#db,
    );
    this.#announce(applicationId);
  }

  /** The tickets of an application, oldest first. */
  async tickets(applicationId: string): Promise<TicketRow[]> {
    const rows = await this.#rows(
      sql`SELECT * FROM tickets WHERE application_id = ${applicationId} ORDER BY opened_at, id`,
    );
    return rows.map(toTicket);
  }

  /** Applications by kind and status, for the `onething_applications` gauge. */
  async applicationCounts(): Promise<Array<{ kind: string; status: string; count: number }>> {
    const rows = await this.#rows(
      sql`SELECT kind, status, CAST(COUNT(*) AS INTEGER) AS n FROM applications GROUP BY kind, status`,
    );
    return rows.map((row) => ({
      kind: row.kind as string,
      status: row.status as string,
      count: Number(row.n),
    }));
  }

  /** Open tickets by department, for the `onething_open_tickets` gauge. */
  async openTicketCounts(): Promise<Array<{ department: string; count: number }>> {
    const rows = await this.#rows(
      sql`SELECT department, CAST(COUNT(*) AS INTEGER) AS n FROM tickets WHERE status = 'OPEN' GROUP BY department`,
    );
    return rows.map((row) => ({ department: row.department as string, count: Number(row.n) }));
  }

  /**
   * Open tickets past their due time at `now` (an ISO instant, as `due_at` is stored), by department,
   * for the `onething_overdue_tickets` gauge.
   */
  async overdueTicketCounts(now: string): Promise<Array<{ department: string; count: number }>> {
    const rows = await this.#rows(
      sql`SELECT department, CAST(COUNT(*) AS INTEGER) AS n FROM tickets
            WHERE status = 'OPEN' AND due_at < ${now} GROUP BY department`,
    );
    return rows.map((row) => ({ department: row.department as string, count: Number(row.n) }));
  }
}
