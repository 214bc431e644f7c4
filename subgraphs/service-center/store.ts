/**
 * The service-center's own store (it is the project's, not a mocked department's): applications
 * (办件), their items — one per department act — and 办不成事 tickets. Every state change of an
 * errand is written here before and after the act it describes, so a restarted process knows exactly
 * where each errand stopped.
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';

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
  reason: string | null;
  /**
   * The departments whose records `reason` states (empty: only the service-center's own, e.g. "waits
   * for checkVaccination"). A reader who may not read one of them gets a neutral reason.
   */
  reasonFacts: string[];
  result: unknown;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A 办不成事 ticket: an item the system could not finish, for a person to resolve by `dueAt`. */
export interface TicketRow {
  id: string;
  applicationId: string;
  step: string;
  department: string;
  reason: string;
  /** The departments whose records `reason` states. */
  reasonFacts: string[];
  status: 'OPEN' | 'RESOLVED';
  openedAt: string;
  dueAt: string;
  resolvedAt: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS applications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  applicant_citizen_id TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  client_key TEXT,
  input TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_live_application_per_subject
  ON applications(kind, subject_key) WHERE status != 'REJECTED';
CREATE UNIQUE INDEX IF NOT EXISTS one_application_per_client_key
  ON applications(applicant_citizen_id, client_key) WHERE client_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS applications_by_applicant ON applications(applicant_citizen_id, submitted_at);
CREATE TABLE IF NOT EXISTS application_items (
  application_id TEXT NOT NULL REFERENCES applications(id),
  step TEXT NOT NULL,
  position INTEGER NOT NULL,
  department TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  result TEXT,
  started_at TEXT,
  finished_at TEXT,
  PRIMARY KEY (application_id, step)
);
CREATE TABLE IF NOT EXISTS tickets (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  step TEXT NOT NULL,
  department TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_open_ticket_per_item ON tickets(application_id, step) WHERE status = 'OPEN';
`;

/** The tables whose reasons carry the departments they state (`reason_facts`, a JSON array). */
const TABLES_WITH_REASONS = ['application_items', 'tickets'] as const;

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
    reasonFacts: reasonFactsOf(row),
    result: row.result ? JSON.parse(row.result as string) : null,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
  };
}

function toTicket(row: Row): TicketRow {
  return {
    id: row.id as string,
    applicationId: row.application_id as string,
    step: row.step as string,
    department: row.department as string,
    reason: row.reason as string,
    reasonFacts: reasonFactsOf(row),
    status: row.status as TicketRow['status'],
    openedAt: row.opened_at as string,
    dueAt: row.due_at as string,
    resolvedAt: (row.resolved_at as string | null) ?? null,
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

/** The service-center's store. Synchronous (better-sqlite3): each method is atomic. */
export class ServiceCenterStore {
  readonly db: Database.Database;

  /** Opens the store in memory, or in `<dataDir>/service-center.sqlite`. */
  constructor(location: { inMemory?: boolean; dataDir?: string }) {
    let file = ':memory:';
    if (!location.inMemory) {
      const dir = location.dataDir ?? '.data';
      mkdirSync(dir, { recursive: true });
      file = path.join(dir, 'service-center.sqlite');
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    for (const table of TABLES_WITH_REASONS) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      if (!columns.some((column) => column.name === 'reason_facts'))
        this.db.exec(`ALTER TABLE ${table} ADD COLUMN reason_facts TEXT`);
    }
  }

  /**
   * Creates an application with its items, unless one already exists for the same client key or the
   * same subject: then that one is returned and `created` is false. The check and the insert share a
   * transaction, so two identical requests arriving together create one application.
   */
  createApplication(application: NewApplication): { application: ApplicationRow; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.findApplication(
        application.kind,
        application.subjectKey,
        application.clientKey,
        application.applicantCitizenId,
      );
      if (existing) return { application: existing, created: false };
      prepared(
        this.db,
        `INSERT INTO applications (id, kind, status, applicant_citizen_id, subject_key, client_key, input, submitted_at, due_at)
           VALUES (?, ?, 'SUBMITTED', ?, ?, ?, ?, ?, ?)`,
      ).run(
        application.id,
        application.kind,
        application.applicantCitizenId,
        application.subjectKey,
        application.clientKey,
        JSON.stringify(application.input),
        application.submittedAt,
        application.dueAt,
      );
      const insertItem = prepared(
        this.db,
        `INSERT INTO application_items (application_id, step, position, department, status) VALUES (?, ?, ?, ?, 'PENDING')`,
      );
      application.items.forEach((item, position) => {
        insertItem.run(application.id, item.step, position, item.department);
      });
      return { application: this.application(application.id) as ApplicationRow, created: true };
    })();
  }

  /**
   * The application a new request duplicates: the one with the same client key (from the same
   * applicant, when given), else the live (not rejected) one about the same subject.
   */
  findApplication(
    kind: string,
    subjectKey: string,
    clientKey: string | null,
    applicantCitizenId?: string,
  ): ApplicationRow | undefined {
    const byClientKey = clientKey
      ? prepared(
          this.db,
          'SELECT * FROM applications WHERE client_key = ? AND (? IS NULL OR applicant_citizen_id = ?)',
        ).get(clientKey, applicantCitizenId ?? null, applicantCitizenId ?? null)
      : undefined;
    const row =
      byClientKey ??
      prepared(
        this.db,
        "SELECT * FROM applications WHERE kind = ? AND subject_key = ? AND status != 'REJECTED'",
      ).get(kind, subjectKey);
    return row ? toApplication(row as Row) : undefined;
  }

  /** The application with this id, or undefined. */
  application(id: string): ApplicationRow | undefined {
    const row = prepared(this.db, 'SELECT * FROM applications WHERE id = ?').get(id);
    return row ? toApplication(row as Row) : undefined;
  }

  /** Applications with these ids (any order); unknown ids are absent. */
  applications(ids: readonly string[]): ApplicationRow[] {
    if (ids.length === 0) return [];
    return prepared(this.db, `SELECT * FROM applications WHERE id ${IN_LIST}`)
      .all(listParameter(ids))
      .map((row) => toApplication(row as Row));
  }

  /** The applications a citizen submitted, newest first. */
  applicationsOf(applicantCitizenId: string): ApplicationRow[] {
    return prepared(
      this.db,
      'SELECT * FROM applications WHERE applicant_citizen_id = ? ORDER BY submitted_at DESC, id DESC',
    )
      .all(applicantCitizenId)
      .map((row) => toApplication(row as Row));
  }

  /**
   * Applications a restarted process must carry on with: those under way, and those waiting for a
   * consent (it may have been given just before the previous process stopped).
   */
  unfinishedApplications(): ApplicationRow[] {
    return prepared(
      this.db,
      "SELECT * FROM applications WHERE status IN ('SUBMITTED', 'IN_PROGRESS', 'AWAITING_CONSENT') ORDER BY submitted_at",
    )
      .all()
      .map((row) => toApplication(row as Row));
  }

  /** The applications of `applicantCitizenId` waiting for a consent, oldest first. */
  applicationsAwaitingConsent(applicantCitizenId: string): ApplicationRow[] {
    return prepared(
      this.db,
      "SELECT * FROM applications WHERE applicant_citizen_id = ? AND status = 'AWAITING_CONSENT' ORDER BY submitted_at",
    )
      .all(applicantCitizenId)
      .map((row) => toApplication(row as Row));
  }

  /** Sets an application's status; `completedAt` when it reaches a final state. */
  setApplicationStatus(id: string, status: ApplicationStatus, completedAt: string | null = null): void {
    prepared(this.db, 'UPDATE applications SET status = ?, completed_at = ? WHERE id = ?').run(
      status,
      completedAt,
      id,
    );
  }

  /** The items of an application, in display order. */
  items(applicationId: string): ItemRow[] {
    return prepared(this.db, 'SELECT * FROM application_items WHERE application_id = ? ORDER BY position')
      .all(applicationId)
      .map((row) => toItem(row as Row));
  }

  /** Records that an item's act is about to run (before the department is called). */
  markRunning(applicationId: string, step: string, at: string): void {
    prepared(
      this.db,
      `UPDATE application_items SET status = 'RUNNING', attempts = attempts + 1, started_at = COALESCE(started_at, ?), reason = NULL
         WHERE application_id = ? AND step = ?`,
    ).run(at, applicationId, step);
  }

  /**
   * Records an item's outcome; `reasonFacts` names the departments whose records the reason states
   * (default none: a reason of the service-center's own).
   */
  finishItem(
    applicationId: string,
    step: string,
    outcome: { status: ItemStatus; reason?: string | null; reasonFacts?: string[]; result?: unknown },
    at: string | null,
  ): void {
    prepared(
      this.db,
      'UPDATE application_items SET status = ?, reason = ?, reason_facts = ?, result = ?, finished_at = ? WHERE application_id = ? AND step = ?',
    ).run(
      outcome.status,
      outcome.reason ?? null,
      JSON.stringify(outcome.reasonFacts ?? []),
      outcome.result === undefined ? null : JSON.stringify(outcome.result),
      at,
      applicationId,
      step,
    );
  }

  /** Opens a ticket for a failed item, unless one is already open for it. */
  openTicket(ticket: Omit<TicketRow, 'status' | 'resolvedAt'>): void {
    prepared(
      this.db,
      `INSERT INTO tickets (id, application_id, step, department, reason, reason_facts, status, opened_at, due_at)
         VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) ON CONFLICT DO NOTHING`,
    ).run(
      ticket.id,
      ticket.applicationId,
      ticket.step,
      ticket.department,
      ticket.reason,
      JSON.stringify(ticket.reasonFacts),
      ticket.openedAt,
      ticket.dueAt,
    );
  }

  /** Resolves the open tickets of an application's items that completed. */
  resolveTickets(applicationId: string, steps: readonly string[], at: string): void {
    const resolve = prepared(
      this.db,
      "UPDATE tickets SET status = 'RESOLVED', resolved_at = ? WHERE application_id = ? AND step = ? AND status = 'OPEN'",
    );
    for (const step of steps) resolve.run(at, applicationId, step);
  }

  /** The tickets of an application, oldest first. */
  tickets(applicationId: string): TicketRow[] {
    return prepared(this.db, 'SELECT * FROM tickets WHERE application_id = ? ORDER BY opened_at, id')
      .all(applicationId)
      .map((row) => toTicket(row as Row));
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
