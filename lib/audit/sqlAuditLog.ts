/**
 * An audit log — the same entries, MAC chain and key as a department system's (`auditLog.ts`) — kept in
 * a database reached through Kysely: PostgreSQL, shared by every replica of a service, or an embedded
 * SQLite file. The service-center keeps its processing log so (`processing_log`, created by its
 * migrations with triggers that refuse any change to a written entry), so that every replica appends
 * to one chain and a citizen's data uses are all in one place.
 *
 * Each entry's `seq` is the previous one plus one — the primary key decides between replicas appending
 * together (the loser chains to the winner) — so a deleted entry leaves a gap `verify` reports.
 */
import { type Kysely, sql } from 'kysely';
import {
  type AuditEntry,
  type AuditHead,
  GENESIS_HASH,
  hashOf,
  type StoredAuditEntry,
  toEntry,
} from './auditLog.ts';

/** True when an insert found its primary key taken, on either engine. */
function isDuplicateKey(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The engines a {@link SqlAuditLog} runs on. */
export type AuditDatabaseEngine = 'sqlite' | 'postgres';

/** The triggers that keep a SQL audit log append-only, by table. */
export function appendOnlyTriggersOf(table: string): string[] {
  return [`${table}_no_update`, `${table}_no_delete`];
}

/**
 * The statements that create an append-only audit table on `engine`: the table, and triggers that
 * refuse updates and deletes (and, on PostgreSQL, truncation).
 */
export function auditTableStatements(engine: AuditDatabaseEngine, table: string): string[] {
  const columns = `(
    seq INTEGER PRIMARY KEY,
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
  )`;
  const [noUpdate, noDelete] = appendOnlyTriggersOf(table);
  if (engine === 'sqlite') {
    return [
      `CREATE TABLE ${table} ${columns}`,
      `CREATE TRIGGER ${noUpdate} BEFORE UPDATE ON ${table}
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
      `CREATE TRIGGER ${noDelete} BEFORE DELETE ON ${table}
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    ];
  }
  return [
    `CREATE TABLE ${table} ${columns}`,
    `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`,
    `CREATE TRIGGER ${noUpdate} BEFORE UPDATE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    `CREATE TRIGGER ${noDelete} BEFORE DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
  ];
}

/** Options of a {@link SqlAuditLog}. */
export interface SqlAuditLogOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the log's table is written as SQL.
  db: Kysely<any>;
  engine: AuditDatabaseEngine;
  /** The table, created by the owner's migrations with {@link auditTableStatements}. */
  table: string;
  /** The MAC key, held outside the database (`AUDIT_KEY_FILE`). */
  key: Uint8Array;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;
/** Entries read at a time while verifying. */
const PAGE = 1000;
/** The most entries written in one statement (12 parameters each, well under either engine's limit). */
const MOST_PER_WRITE = 200;

/** An append asked for and not yet written, with how to tell its caller. */
interface WaitingAppend {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Appends to, reads and verifies one audit log in a SQL database. */
export class SqlAuditLog {
  // biome-ignore lint/suspicious/noExplicitAny: the log's table is written as SQL.
  readonly #db: Kysely<any>;
  readonly #engine: AuditDatabaseEngine;
  readonly #table: ReturnType<typeof sql.table>;
  readonly #tableName: string;
  readonly #key: Uint8Array;
  /**
   * The entry this process appended last: the head to chain to next, unless another replica appended
   * since (then the insert finds its `seq` taken, and the stored head is read). Saves reading the head
   * before every append.
   */
  #lastWritten: AuditHead | undefined;
  /** Appends not yet written, in the order they were asked for. */
  readonly #waiting: WaitingAppend[] = [];
  /** Whether a write is under way (the next group waits for it). */
  #writing = false;

  constructor(options: SqlAuditLogOptions) {
    if (!TABLE_NAME.test(options.table)) throw new Error(`${options.table} is no plain table name`);
    this.#db = options.db;
    this.#engine = options.engine;
    this.#table = sql.table(options.table);
    this.#tableName = options.table;
    this.#key = options.key;
  }

  /** The newest entry, or undefined while the log is empty. */
  async head(): Promise<AuditHead | undefined> {
    const { rows } =
      await sql<AuditHead>`SELECT seq, hash FROM ${this.#table} ORDER BY seq DESC LIMIT 1`.execute(this.#db);
    const [row] = rows;
    return row && { seq: Number(row.seq), hash: row.hash };
  }

  /** The entry at `seq` as its place in the chain, or undefined when the log has none there. */
  async entryAt(seq: number): Promise<AuditHead | undefined> {
    const { rows } = await sql<AuditHead>`SELECT seq, hash FROM ${this.#table} WHERE seq = ${seq}`.execute(
      this.#db,
    );
    const [row] = rows;
    return row && { seq: Number(row.seq), hash: row.hash };
  }

  /**
   * Appends an entry, chained to the newest one; answers once it is stored. Appends of one process
   * are written in order, and those that arrive while a write is under way go together in the next
   * one — one statement, one commit (group commit) — instead of each waiting for the one before it
   * and racing it for the next `seq`. Replicas append without a lock: each write takes the next `seq`s
   * after the head it knows, and one that finds a `seq` taken (another replica appended first) reads the
   * stored head and chains to that — so the chain has one entry per `seq`, each linked to the one before.
   */
  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      if (!this.#writing) void this.#writeWaiting();
    });
  }

  /** Writes what waits, a group at a time, until nothing does. */
  async #writeWaiting(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#waiting.splice(0, MOST_PER_WRITE);
        try {
          await this.#write(group.map((waiting) => waiting.entry));
          for (const waiting of group) waiting.resolve();
        } catch (error) {
          if (group.length === 1) group[0]?.reject(error);
          // One entry the database refuses must not take the others with it: each on its own.
          else for (const waiting of group) await this.#writeAlone(waiting);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  /** Writes one waiting entry by itself and tells its caller how that went. */
  async #writeAlone(waiting: WaitingAppend): Promise<void> {
    try {
      await this.#write([waiting.entry]);
      waiting.resolve();
    } catch (error) {
      waiting.reject(error);
    }
  }

  /** Stores `entries` in order after the head, in one statement. */
  async #write(entries: readonly AuditEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // The head this process wrote last, if it knows one; else (or once it proved stale) the stored one.
      let last = attempt === 0 ? this.#lastWritten : undefined;
      if (!last) {
        const { rows } = await sql<{ seq: number; hash: string }>`
          SELECT seq, hash FROM ${this.#table} ORDER BY seq DESC LIMIT 1`.execute(this.#db);
        last = rows[0] && { seq: Number(rows[0].seq), hash: rows[0].hash };
      }
      let head: AuditHead = last ?? { seq: 0, hash: GENESIS_HASH };
      const rows = entries.map((entry) => {
        const seq = head.seq + 1;
        const hash = hashOf(head.hash, entry, this.#key);
        const row = sql`(${seq}, ${entry.at}, ${entry.department}, ${entry.actor}, ${entry.actingFor},
          ${entry.purpose}, ${entry.action}, ${JSON.stringify(entry.subjects)}, ${entry.outcome},
          ${entry.requestId}, ${head.hash}, ${hash})`;
        head = { seq, hash };
        return row;
      });
      try {
        await sql`INSERT INTO ${this.#table}
                    (seq, at, department, actor, acting_for, purpose, action, subjects, outcome, request_id, prev_hash, hash)
                  VALUES ${sql.join(rows)}`.execute(this.#db);
        this.#lastWritten = head;
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        this.#lastWritten = undefined;
      }
    }
  }

  /** The entries that concern a citizen, newest first. */
  async entriesAbout(citizenId: string, limit = 200): Promise<StoredAuditEntry[]> {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT * FROM ${this.#table} WHERE subjects LIKE ${`%"${citizenId}"%`} ORDER BY seq DESC LIMIT ${limit}`.execute(
      this.#db,
    );
    return rows.map(toEntry);
  }

  /** The append-only triggers that are not in place (`audit:verify` reports them). */
  async missingTriggers(): Promise<string[]> {
    const expected = appendOnlyTriggersOf(this.#tableName);
    const { rows } =
      this.#engine === 'sqlite'
        ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(this.#db)
        : await sql<{ name: string }>`
            SELECT tgname AS name FROM pg_trigger WHERE tgrelid = to_regclass(${this.#tableName}) AND tgenabled <> 'D'`.execute(
            this.#db,
          );
    const present = new Set(rows.map((row) => row.name));
    return expected.filter((trigger) => !present.has(trigger));
  }

  /**
   * Walks the chain from the first entry. Answers the head hash and the number of entries, or the first
   * entry whose MAC or link does not match (altered, inserted, deleted or re-hashed entries).
   */
  async verify(): Promise<
    { ok: true; entries: number; headHash: string } | { ok: false; seq: number; problem: string }
  > {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT * FROM ${this.#table} WHERE seq >= ${expectedSeq} ORDER BY seq LIMIT ${PAGE}`.execute(
        this.#db,
      );
      for (const row of rows) {
        const entry = toEntry(row);
        if (entry.seq !== expectedSeq)
          return { ok: false, seq: expectedSeq, problem: `entry ${expectedSeq} is missing` };
        if (entry.prevHash !== prevHash)
          return { ok: false, seq: entry.seq, problem: 'its link to the entry before does not match' };
        if (hashOf(prevHash, entry, this.#key) !== entry.hash)
          return { ok: false, seq: entry.seq, problem: 'its content does not match its MAC' };
        prevHash = entry.hash;
        expectedSeq = entry.seq + 1;
      }
      if (rows.length < PAGE) return { ok: true, entries: expectedSeq - 1, headHash: prevHash };
    }
  }
}
