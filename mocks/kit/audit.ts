/**
 * The audit log of a department system: every read or write of personal data through its API is
 * recorded — who asked, on whose behalf, for what purpose (the application or the operation), which
 * people it concerned, when and with what outcome — in an append-only, hash-chained table. Each entry
 * carries the hash of the one before, so altering or deleting an entry breaks the chain, which
 * `npm run audit:verify` detects. (Removing the newest entries is detected only against a head hash
 * recorded elsewhere: `audit:verify` prints it for that purpose.)
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isCitizenId } from '../../lib/citizenId.ts';

/** The table, and triggers that refuse any change to a written entry. */
export const AUDIT_SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  department TEXT NOT NULL,
  actor TEXT NOT NULL,
  acting_for TEXT,
  purpose TEXT,
  action TEXT NOT NULL,
  subjects TEXT NOT NULL,
  outcome INTEGER NOT NULL,
  request_id TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log(at);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One access to personal data. */
export interface AuditEntry {
  at: string;
  department: string;
  /** Who asked: the token subject, e.g. a citizen ID, `staff:health`, `service:service-center`; `anonymous`. */
  actor: string;
  /** The citizen a service acted for, if any. */
  actingFor: string | null;
  /** Why: `application <id>` or `operation <name>`, when the caller said. */
  purpose: string | null;
  /** What was done: method and route, e.g. `POST /v1/people/batch-get`. */
  action: string;
  /** The citizen IDs whose data was read or written. */
  subjects: string[];
  /** The HTTP status answered. */
  outcome: number;
  requestId: string | null;
}

/** A stored entry with its place in the chain. */
export interface StoredAuditEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

function hashOf(prevHash: string, entry: AuditEntry): string {
  const canonical = JSON.stringify([
    entry.at,
    entry.department,
    entry.actor,
    entry.actingFor,
    entry.purpose,
    entry.action,
    entry.subjects,
    entry.outcome,
    entry.requestId,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Every distinct valid citizen ID in a JSON value or text, e.g. a request or response body. */
export function citizenIdsIn(...values: unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    for (const match of text.matchAll(/\d{17}[\dXx]/g)) {
      const candidate = match[0].toUpperCase();
      if (isCitizenId(candidate)) found.add(candidate);
    }
  }
  return [...found].sort();
}

/** Appends entries to, and reads, one department's audit log. */
export class AuditLog {
  /** @param options.readonly - open an existing log only to read or verify it */
  constructor(
    private readonly db: Database.Database,
    options: { readonly?: boolean } = {},
  ) {
    if (!options.readonly) db.exec(AUDIT_SCHEMA);
  }

  #appendTransaction: ((entry: AuditEntry) => void) | undefined;

  /** Appends an entry, chained to the newest one, in one transaction. */
  append(entry: AuditEntry): void {
    this.#appendTransaction ??= this.#prepareAppend();
    this.#appendTransaction(entry);
  }

  /** Prepares the append once: the statements and the transaction are reused by every entry. */
  #prepareAppend(): (entry: AuditEntry) => void {
    const newest = this.db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = this.db.prepare(
      `INSERT INTO audit_log (at, department, actor, acting_for, purpose, action, subjects, outcome, request_id, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction((entry: AuditEntry) => {
      const last = newest.get() as { hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS_HASH;
      insert.run(
        entry.at,
        entry.department,
        entry.actor,
        entry.actingFor,
        entry.purpose,
        entry.action,
        JSON.stringify(entry.subjects),
        entry.outcome,
        entry.requestId,
        prevHash,
        hashOf(prevHash, entry),
      );
    });
  }

  /** The entries that concern a citizen, newest first (what the citizen may see of who used their data). */
  entriesAbout(citizenId: string, limit = 200): StoredAuditEntry[] {
    return this.db
      .prepare(`SELECT * FROM audit_log WHERE subjects LIKE ? ORDER BY seq DESC LIMIT ?`)
      .all(`%"${citizenId}"%`, limit)
      .map((row) => toEntry(row as Record<string, unknown>));
  }

  /**
   * Walks the chain from the first entry. Answers the head hash and the number of entries, or the
   * first entry whose hash or link does not match (altered, inserted or deleted entries).
   */
  verify(): { ok: true; entries: number; headHash: string } | { ok: false; seq: number; problem: string } {
    let prevHash = GENESIS_HASH;
    let expectedSeq: number | undefined;
    let count = 0;
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      const entry = toEntry(row as Record<string, unknown>);
      if (expectedSeq !== undefined && entry.seq !== expectedSeq) {
        return { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
      }
      if (entry.prevHash !== prevHash)
        return { ok: false, seq: entry.seq, problem: 'its link to the entry before does not match' };
      if (hashOf(prevHash, entry) !== entry.hash)
        return { ok: false, seq: entry.seq, problem: 'its content does not match its hash' };
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
      count++;
    }
    return { ok: true, entries: count, headHash: prevHash };
  }
}

function toEntry(row: Record<string, unknown>): StoredAuditEntry {
  return {
    seq: row.seq as number,
    at: row.at as string,
    department: row.department as string,
    actor: row.actor as string,
    actingFor: (row.acting_for as string | null) ?? null,
    purpose: (row.purpose as string | null) ?? null,
    action: row.action as string,
    subjects: JSON.parse(row.subjects as string) as string[],
    outcome: row.outcome as number,
    requestId: (row.request_id as string | null) ?? null,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
