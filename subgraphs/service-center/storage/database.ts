/**
 * Where the service-center keeps its state: PostgreSQL when `DATABASE_URL` is set — shared by every
 * replica — else an embedded SQLite file (`<DATA_DIR>/service-center.sqlite`, or memory), which belongs
 * to one process. Both are reached through Kysely, with the same SQL and the same migrations, so the
 * store's rules are written once (`../store.ts`, `../consents/ConsentRegister.ts`).
 *
 * Opening a database checks it answers, runs the migrations it lacks, and refuses one that is ahead of
 * this code (migrated by a newer release) — never half-used. A database that does not answer or
 * refuses the credentials stops the start naming the host, never the password.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type ChangeNoticeHandlers, type ChangeNoticeListener, listenForChanges } from './changeNotices.ts';
import { migrateToLatest } from './migrations.ts';

/** The engines a service-center database runs on. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/**
 * The tables are written as SQL (`sql` templates), not through Kysely's typed builder: one dialect-
 * neutral text per statement, read the same on both engines.
 */
// biome-ignore lint/suspicious/noExplicitAny: the store types each row where it reads it.
export type ServiceCenterDb = Kysely<any>;

/** An open service-center database. */
export interface ServiceCenterDatabase {
  readonly db: ServiceCenterDb;
  /**
   * Where the processing log is appended: on PostgreSQL a small pool of its own whose commits wait for
   * the disk (the errand state's do not, see `openPostgres`); on SQLite the same connection.
   */
  readonly auditDb: ServiceCenterDb;
  readonly engine: DatabaseEngine;
  /**
   * PostgreSQL: listens for every replica's application changes (`changeNotices.ts`). Absent on the
   * embedded store, whose store announces its own writes.
   */
  listen?: (handlers: ChangeNoticeHandlers) => Promise<ChangeNoticeListener>;
  /** Closes the connection (SQLite) or the pool (PostgreSQL). */
  close(): Promise<void>;
}

/** Where a service-center database is. */
export interface DatabaseLocation {
  /** A PostgreSQL connection URL (`postgres://user@host:5432/db`); unset for the embedded store. */
  databaseUrl?: string;
  /**
   * The PostgreSQL schema the tables live in (created when missing); default `public`. Lets tests and
   * several deployments share one database without sharing tables.
   */
  schema?: string;
  /** The embedded store in memory (tests). */
  inMemory?: boolean;
  /** The embedded store's folder; default `.data`. */
  dataDir?: string;
  /** Connections per replica; default 10. */
  poolSize?: number;
  /** False to open the database as it is, without migrating it (`audit:verify` reads, never writes). */
  migrate?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A `DATABASE_URL` as a PostgreSQL connection would use it, or an error naming what is wrong with it
 * (never echoing a password).
 *
 * @throws Error when it is no `postgres://` or `postgresql://` URL with a host
 */
export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('DATABASE_URL is not a URL: expected postgres://user@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got a ${url.protocol}// one`);
  }
  if (!url.hostname) throw new Error('DATABASE_URL names no host');
  return url;
}

/** `host:port/database` of a database URL: what an error may say about it. */
export function describeDatabase(url: URL): string {
  return `${url.hostname}:${url.port || 5432}${url.pathname || '/'}`;
}

/**
 * Opens the service-center's database at `location`, migrated to this code's latest version.
 *
 * @throws Error naming the host when PostgreSQL does not answer or refuses the credentials, or the
 *   database is at a migration this code does not know
 */
export async function openServiceCenterDatabase(location: DatabaseLocation): Promise<ServiceCenterDatabase> {
  const opened = location.databaseUrl ? await openPostgres(location) : openSqlite(location);
  if (location.migrate === false) return opened;
  try {
    await migrateToLatest(
      opened.db,
      opened.engine,
      opened.engine === 'postgres' ? (location.schema ?? 'public') : undefined,
    );
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openSqlite(location: DatabaseLocation): ServiceCenterDatabase {
  let file = ':memory:';
  if (!location.inMemory) {
    const dir = location.dataDir ?? '.data';
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'service-center.sqlite');
  }
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
  return { db, auditDb: db, engine: 'sqlite', close: () => db.destroy() };
}

/** How many compiled statements the embedded store keeps before it starts its cache afresh. */
const STATEMENTS_KEPT = 500;

/**
 * The embedded store as Kysely's SQLite dialect sees it, compiling each statement once: the dialect
 * prepares the text of every query it runs, and compiling costs more than running most of the
 * store's. Every value is bound, so the texts are a few hundred shapes (only the lengths of lists
 * vary); past {@link STATEMENTS_KEPT} the cache starts afresh. A statement is run to completion before
 * the next (`all`, `run`: the store streams nothing), so one compiled statement serves every query of
 * its text.
 */
function reusingStatements(database: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare: (text) => {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= STATEMENTS_KEPT) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(location: DatabaseLocation): Promise<ServiceCenterDatabase> {
  const url = parseDatabaseUrl(location.databaseUrl as string);
  const schema = location.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`the database schema name ${JSON.stringify(schema)} is not plain`);
  const where = describeDatabase(url);
  const pool = new pg.Pool({
    connectionString: url.href,
    max: location.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    // Every connection works in the schema; `public` stays on the path for extensions. Commits do not
    // wait for the WAL to reach the disk: a crash of PostgreSQL may lose the last fraction of a second
    // of errand state — never corrupt it — and an errand whose last writes were lost re-runs those steps
    // under the same idempotency keys, which the departments answer as before. The processing log's
    // appends wait: they go through a pool of their own (below).
    options: `-c search_path=${schema},public -c synchronous_commit=off`,
  });
  const auditPool = new pg.Pool({
    connectionString: url.href,
    max: 4,
    connectionTimeoutMillis: 5000,
    options: `-c search_path=${schema},public`,
  });
  for (const each of [pool, auditPool]) {
    each.on('error', () => {});
    each.on('connect', (client) => client.on('error', () => {}));
  }
  // A connection that dies (PostgreSQL restarted, failed over) is never fatal to the process: idle, the
  // pool drops it; in use, the query on it fails — and the errand waits for a sweep — and the pool
  // drops it when it is given back.
  try {
    const client = await pool.connect();
    try {
      if (location.migrate !== false) await createSchema(client, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    await auditPool.end().catch(() => {});
    let reason = (error as Error).message || String((error as { code?: string }).code);
    for (const secret of [url.password, decodeURIComponent(url.password)]) {
      if (secret) reason = reason.replaceAll(secret, '***');
    }
    throw new Error(`DATABASE_URL: PostgreSQL at ${where} cannot be used: ${reason}`);
  }
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const auditDb = new Kysely({ dialect: new PostgresDialect({ pool: auditPool }) });
  return {
    db,
    auditDb,
    engine: 'postgres',
    listen: (handlers) => listenForChanges(url.href, schema, handlers),
    close: async () => {
      await Promise.all([db.destroy(), auditDb.destroy()]);
    },
  };
}

/**
 * Creates the schema unless it is there: asked first, so a role without CREATE on the database can use
 * an existing one; and replicas starting together on a new one race harmlessly (the loser finds it).
 */
async function createSchema(client: pg.PoolClient, schema: string): Promise<void> {
  const exists = async () =>
    (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
  if (await exists()) return;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    if (!(await exists())) throw error;
  }
}

/** True when `error` is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export { sql };
