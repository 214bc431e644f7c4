/**
 * The audit log of a department system: every read or write of personal data through its API is
 * recorded — who asked, on whose behalf, for what purpose (the application or the operation), which
 * people it concerned, when and with what outcome — in an append-only table chained with a keyed MAC
 * (HMAC-SHA256). Each entry's MAC covers its content and the MAC of the one before, under a key held
 * outside the database (`AUDIT_KEY_FILE`), so whoever can write the database alone cannot alter,
 * delete or re-chain an entry without `npm run audit:verify` noticing. Removing the newest entries is
 * detected against the signed heads of the witness log (`witness.ts`).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { writeAtomically } from '../auth/deploymentKeys.ts';
import { isCitizenId } from '../citizenId.ts';

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
CREATE TABLE IF NOT EXISTS audit_chain (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_chain_no_update BEFORE UPDATE ON audit_chain
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_chain_no_delete BEFORE DELETE ON audit_chain
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** The triggers that keep the log append-only: `audit:verify` reports any that is missing. */
export const AUDIT_TRIGGERS = [
  'audit_log_no_update',
  'audit_log_no_delete',
  'audit_chain_no_update',
  'audit_chain_no_delete',
] as const;

/** The shortest audit key accepted, in bytes. */
export const MIN_AUDIT_KEY_BYTES = 32;

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

/** The MAC of an entry chained to `prevHash`; without a key, the unkeyed hash of logs written before the key. */
export function hashOf(prevHash: string, entry: AuditEntry, key: Uint8Array | null): string {
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
  const digest = key ? createHmac('sha256', key) : createHash('sha256');
  return digest.update(prevHash).update(canonical).digest('hex');
}

/**
 * Where a file store keeps its development audit key: `<dataDir>/audit-dev-keys/<department>.key`
 * beside `<dataDir>/<department>.sqlite`; undefined for an in-memory store.
 */
export function developmentAuditKeyFile(db: Database.Database): string | undefined {
  if (db.memory || db.name === '' || db.name === ':memory:') return undefined;
  const store = path.resolve(db.name);
  return path.join(path.dirname(store), 'audit-dev-keys', `${path.basename(store, '.sqlite')}.key`);
}

/**
 * The development audit key of a store, made on first use: in a side file for a file store, fresh
 * in memory for an in-memory one. It protects nothing against someone who holds the data folder —
 * the key lies beside the log — and only keeps development and tests on the same code path as
 * production, where the key comes from `AUDIT_KEY_FILE`.
 */
export function developmentAuditKey(db: Database.Database): Uint8Array {
  return developmentAuditKeyAt(developmentAuditKeyFile(db));
}

/**
 * The development audit key kept in `file`, made on first use; a fresh one in memory when there is no
 * file (an in-memory store). See {@link developmentAuditKey}.
 */
export function developmentAuditKeyAt(file: string | undefined): Uint8Array {
  if (!file) return randomBytes(MIN_AUDIT_KEY_BYTES);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeAtomically(file, randomBytes(MIN_AUDIT_KEY_BYTES), 0o600);
  }
  return readAuditKey(file, 'the development audit key');
}

/**
 * Reads an audit key file: at least {@link MIN_AUDIT_KEY_BYTES} random bytes.
 *
 * @param source - what named the file, e.g. `AUDIT_KEY_FILE`, for the error
 * @throws Error naming `source` when the file cannot be read or is too short
 */
export function readAuditKey(file: string, source: string): Uint8Array {
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (error) {
    throw new Error(`${source} names ${file}, which cannot be read: ${(error as Error).message}`);
  }
  if (key.length < MIN_AUDIT_KEY_BYTES) {
    throw new Error(
      `${source} names ${file}, which holds ${key.length} bytes; an audit key needs at least ${MIN_AUDIT_KEY_BYTES}`,
    );
  }
  return key;
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

/** Options of an {@link AuditLog}. */
export interface AuditLogOptions {
  /**
   * The MAC key, held outside the database (`AUDIT_KEY_FILE`); default the store's development key
   * ({@link developmentAuditKey}), which protects nothing against whoever holds the data folder.
   */
  key?: Uint8Array;
  /** Open an existing log only to read or verify it; default false. */
  readonly?: boolean;
}

/** The newest entry of a log: what the witness signs. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Appends entries to, and reads, one department's audit log. Entries written before the log was keyed
 * stay verifiable as a legacy prefix: the first keyed open of such a log records the last unkeyed
 * entry (`audit_chain.legacy_until`), and the first keyed entry's MAC covers that entry's hash, so
 * the prefix cannot be rewritten without breaking the keyed chain after it.
 */
export class AuditLog {
  readonly #key: Uint8Array;
  readonly #legacyUntil: number;

  constructor(
    private readonly db: Database.Database,
    options: AuditLogOptions = {},
  ) {
    if (!options.readonly) {
      db.exec(AUDIT_SCHEMA);
      db.transaction(() => {
        if (db.prepare("SELECT 1 FROM audit_chain WHERE key = 'legacy_until'").get()) return;
        const last = db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number | null };
        db.prepare("INSERT INTO audit_chain (key, value) VALUES ('legacy_until', ?)").run(last.seq ?? 0);
      })();
    }
    this.#key = options.key ?? developmentAuditKey(db);
    this.#legacyUntil = legacyUntil(db);
  }

  /** The newest entry, or undefined while the log is empty. */
  head(): AuditHead | undefined {
    return this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | AuditHead
      | undefined;
  }

  /** The entry at `seq` as its place in the chain, or undefined when the log has none there. */
  entryAt(seq: number): AuditHead | undefined {
    return this.db.prepare('SELECT seq, hash FROM audit_log WHERE seq = ?').get(seq) as AuditHead | undefined;
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
        hashOf(prevHash, entry, this.#key),
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
   * first entry whose MAC or link does not match (altered, inserted, deleted or re-hashed entries).
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
      const key = entry.seq <= this.#legacyUntil ? null : this.#key;
      if (hashOf(prevHash, entry, key) !== entry.hash)
        return { ok: false, seq: entry.seq, problem: 'its content does not match its MAC' };
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
      count++;
    }
    return { ok: true, entries: count, headHash: prevHash };
  }
}

/** The last entry written before the log was keyed (0: none), as the first keyed open recorded it. */
function legacyUntil(db: Database.Database): number {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'")
    .get();
  if (!hasTable) return 0;
  const row = db.prepare("SELECT value FROM audit_chain WHERE key = 'legacy_until'").get() as
    | { value: number }
    | undefined;
  return row?.value ?? 0;
}

/** A stored entry from its row (`subjects` a JSON array). */
export function toEntry(row: Record<string, unknown>): StoredAuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at as string,
    department: row.department as string,
    actor: row.actor as string,
    actingFor: (row.acting_for as string | null) ?? null,
    purpose: (row.purpose as string | null) ?? null,
    action: row.action as string,
    subjects: JSON.parse(row.subjects as string) as string[],
    outcome: Number(row.outcome),
    requestId: (row.request_id as string | null) ?? null,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
