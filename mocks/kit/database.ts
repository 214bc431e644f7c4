/**
 * The embedded store of a mock department system: one SQLite database per department, in memory for
 * tests or in `<dataDir>/<department>.sqlite` when running. A new database gets the department's
 * tables and its seed; an existing one is used as it is, so deleting the file restores the seed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { IDEMPOTENCY_SCHEMA } from './idempotency.ts';

/** Where a department's store lives. */
export interface StoreLocation {
  /** Keep the store in memory (tests); nothing is written to disk. */
  inMemory?: boolean;
  /** Folder for running state (`DATA_DIR`, default `.data`); ignored when `inMemory`. */
  dataDir?: string;
}

/**
 * Opens a department's database, creating its tables and loading its seed on first use.
 *
 * @param schemaSql - `CREATE TABLE` statements of the department's tables
 * @param loadSeed - inserts the seed into a fresh database; runs inside one transaction
 */
export function openDepartmentDatabase(
  department: string,
  location: StoreLocation,
  schemaSql: string,
  loadSeed: (db: Database.Database) => void,
): Database.Database {
  let file = ':memory:';
  if (!location.inMemory) {
    const dir = location.dataDir ?? '.data';
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${department}.sqlite`);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const seeded = db.prepare("SELECT value FROM store_info WHERE key = 'seeded_at'").get();
  if (!seeded) {
    db.transaction(() => {
      db.exec(schemaSql);
      db.exec(IDEMPOTENCY_SCHEMA);
      loadSeed(db);
      db.prepare("INSERT INTO store_info (key, value) VALUES ('seeded_at', ?)").run(new Date().toISOString());
    })();
  }
  return db;
}
