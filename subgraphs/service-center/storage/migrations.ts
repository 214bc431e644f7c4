/**
 * The service-center's schema, as versioned migrations run by Kysely's migrator on both engines. Each
 * migration is a list of statements in the SQL both PostgreSQL and SQLite read (TEXT for times — ISO
 * 8601 in UTC, which sort as they read — and for JSON; partial unique indexes). A migration, once
 * released, is never edited: a change is a new one, appended.
 *
 * Replicas starting together are safe: the migrator holds a lock (an advisory lock on PostgreSQL)
 * while it runs, and the others find the work done.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { auditTableStatements } from '../../../lib/audit/sqlAuditLog.ts';
import type { DatabaseEngine } from './database.ts';

/**
 * A migration that runs `texts` in order, all or nothing: on PostgreSQL in the migrator's transaction,
 * on SQLite (whose Kysely adapter runs migrations outside one) in a transaction of its own — so a
 * process killed half-way leaves the store as it was, and the next start runs the migration again.
 */
function statements(engine: DatabaseEngine, ...texts: string[]): Migration {
  return {
    async up(db) {
      // biome-ignore lint/suspicious/noExplicitAny: migrations work on untyped tables.
      const run = async (executor: Kysely<any>) => {
        for (const text of texts) await sql.raw(text).execute(executor);
      };
      if (engine === 'sqlite') await db.transaction().execute(run);
      else await run(db);
    },
  };
}

/**
 * Moves the processing log an embedded store kept before 0003 (`audit_log`, `audit_chain`, chained
 * under the same key) into `processing_log`, entry for entry with their MACs, and drops the old tables:
 * the chain, its witnessed heads and a citizen's past data uses carry on unbroken.
 */
const LEGACY_PROCESSING_LOG = [
  `INSERT INTO processing_log
     (seq, at, department, actor, acting_for, purpose, action, subjects, outcome, request_id, prev_hash, hash)
   SELECT seq, at, department, actor, acting_for, purpose, action, subjects, outcome, request_id, prev_hash, hash
     FROM audit_log ORDER BY seq`,
  'DROP TABLE audit_log',
  'DROP TABLE IF EXISTS audit_chain',
];

function processingLog(engine: DatabaseEngine): Migration {
  const create = statements(engine, ...auditTableStatements(engine, PROCESSING_LOG_TABLE));
  return {
    async up(db) {
      const legacy =
        engine === 'sqlite' &&
        (
          await sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`.execute(
            db,
          )
        ).rows.length > 0;
      if (!legacy) return create.up(db);
      await statements(
        engine,
        ...auditTableStatements(engine, PROCESSING_LOG_TABLE),
        ...LEGACY_PROCESSING_LOG,
      ).up(db);
    },
  };
}

/**
 * Every migration by name, in order, as `engine` runs it (the same on both but for the audit table's
 * triggers, which each engine writes its own way). `0001` is the store as the embedded service-center
 * kept it before migrations existed (`IF NOT EXISTS`, so such a store is adopted as it is).
 */
export function migrationsFor(engine: DatabaseEngine): Record<string, Migration> {
  return {
    '0001_applications_consents_deliveries': statements(
      engine,
      `CREATE TABLE IF NOT EXISTS applications (
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
     )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS one_live_application_per_subject
       ON applications(kind, subject_key) WHERE status != 'REJECTED'`,
      `CREATE UNIQUE INDEX IF NOT EXISTS one_application_per_client_key
       ON applications(applicant_citizen_id, client_key) WHERE client_key IS NOT NULL`,
      'CREATE INDEX IF NOT EXISTS applications_by_applicant ON applications(applicant_citizen_id, submitted_at)',
      `CREATE TABLE IF NOT EXISTS application_items (
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
       reason_facts TEXT,
       PRIMARY KEY (application_id, step)
     )`,
      `CREATE TABLE IF NOT EXISTS tickets (
       id TEXT PRIMARY KEY,
       application_id TEXT NOT NULL REFERENCES applications(id),
       step TEXT NOT NULL,
       department TEXT NOT NULL,
       reason TEXT NOT NULL,
       status TEXT NOT NULL,
       opened_at TEXT NOT NULL,
       due_at TEXT NOT NULL,
       resolved_at TEXT,
       reason_facts TEXT
     )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS one_open_ticket_per_item
       ON tickets(application_id, step) WHERE status = 'OPEN'`,
      `CREATE TABLE IF NOT EXISTS consents (
       id TEXT PRIMARY KEY,
       grantor_citizen_id TEXT NOT NULL,
       grantee_citizen_id TEXT NOT NULL,
       purpose TEXT NOT NULL,
       object_id TEXT,
       status TEXT NOT NULL,
       given_at TEXT NOT NULL,
       expires_at TEXT,
       revoked_at TEXT,
       used_at TEXT,
       used_by TEXT REFERENCES applications(id)
     )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS one_given_consent_per_object
       ON consents(grantor_citizen_id, grantee_citizen_id, purpose, object_id) WHERE status = 'GIVEN'`,
      `CREATE UNIQUE INDEX IF NOT EXISTS one_consent_per_grantor_and_application
       ON consents(used_by, grantor_citizen_id, purpose) WHERE used_by IS NOT NULL`,
      'CREATE INDEX IF NOT EXISTS consents_by_grantee ON consents(grantee_citizen_id, given_at)',
      `CREATE TABLE IF NOT EXISTS deliveries (
       application_id TEXT PRIMARY KEY,
       tracking_number TEXT NOT NULL UNIQUE,
       recipient TEXT NOT NULL,
       phone TEXT,
       address TEXT NOT NULL,
       items TEXT NOT NULL,
       dispatched_at TEXT NOT NULL
     )`,
    ),
    /**
     * Errands on several replicas: the replica running an application holds its lease until
     * `lease_until`, renewing it while it works; an expired lease is anyone's to take.
     */
    '0002_errand_leases': statements(
      engine,
      'ALTER TABLE applications ADD COLUMN lease_owner TEXT',
      'ALTER TABLE applications ADD COLUMN lease_until TEXT',
      `CREATE INDEX IF NOT EXISTS runnable_applications ON applications(status, lease_until)
       WHERE status IN ('SUBMITTED', 'IN_PROGRESS')`,
    ),
    /**
     * The processing log (`ProcessingLog.ts`) in the store every replica shares: one chain, append-only
     * by triggers. It was a SQLite file beside each process's store before.
     */
    '0003_processing_log': processingLog(engine),
    /**
     * The 办不成事 window: who took a ticket and when, who resolved it with what outcome for the
     * family, what its due time was counted by (null: weekends only, as before this migration), every
     * act on it in `ticket_events`, and the counter numbering new tickets (`TK-000001`, …) in the order
     * they open, on every replica.
     */
    '0004_ticket_window': statements(
      engine,
      'ALTER TABLE tickets ADD COLUMN taken_by TEXT',
      'ALTER TABLE tickets ADD COLUMN taken_at TEXT',
      'ALTER TABLE tickets ADD COLUMN resolved_by TEXT',
      'ALTER TABLE tickets ADD COLUMN outcome TEXT',
      'ALTER TABLE tickets ADD COLUMN due_basis TEXT',
      'CREATE INDEX IF NOT EXISTS ticket_queue ON tickets(status, department, due_at, id)',
      `CREATE TABLE IF NOT EXISTS ticket_events (
       ticket_id TEXT NOT NULL REFERENCES tickets(id),
       seq INTEGER NOT NULL,
       kind TEXT NOT NULL,
       at TEXT NOT NULL,
       actor TEXT NOT NULL,
       text TEXT,
       text_facts TEXT,
       PRIMARY KEY (ticket_id, seq)
     )`,
      'CREATE TABLE IF NOT EXISTS ticket_numbers (name TEXT PRIMARY KEY, last INTEGER NOT NULL)',
      "INSERT INTO ticket_numbers (name, last) VALUES ('TK', 0)",
    ),
    /**
     * Progress pushed to subscribers on every replica: on PostgreSQL a change of an application's status,
     * an item's status, a ticket or its history is announced on {@link CHANGE_CHANNEL} (see
     * `changeNotices.ts`), delivered when its transaction commits. The embedded store's process is its
     * only writer, and its store announces its own writes: nothing to add there.
     */
    '0005_application_change_notices':
      engine === 'postgres' ? statements(engine, ...CHANGE_NOTICE_STATEMENTS) : statements(engine),
    /**
     * Reasons as messages of the catalogue (`lib/i18n`), rendered in each reader's language when read:
     * the message's key and its parameters (JSON). A reason stored before has none and is read as its
     * text, as it was written (English).
     */
    '0006_reason_messages': statements(
      engine,
      'ALTER TABLE application_items ADD COLUMN reason_key TEXT',
      'ALTER TABLE application_items ADD COLUMN reason_params TEXT',
      'ALTER TABLE tickets ADD COLUMN reason_key TEXT',
      'ALTER TABLE tickets ADD COLUMN reason_params TEXT',
    ),
  };
}

/** The channel PostgreSQL announces application changes on: `<schema> <application id>`. */
export const CHANGE_CHANNEL = 'onething_application_changes';

const CHANGE_NOTICE_STATEMENTS = [
  `CREATE OR REPLACE FUNCTION announce_application_change() RETURNS trigger AS $$
   BEGIN
     PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || ' ' || (to_jsonb(NEW) ->> TG_ARGV[0]));
     RETURN NULL;
   END $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER application_status_changed AFTER UPDATE OF status ON applications
   FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
   EXECUTE FUNCTION announce_application_change('id')`,
  `CREATE TRIGGER application_item_changed AFTER UPDATE ON application_items
   FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
   EXECUTE FUNCTION announce_application_change('application_id')`,
  `CREATE TRIGGER application_ticket_changed AFTER INSERT OR UPDATE ON tickets
   FOR EACH ROW EXECUTE FUNCTION announce_application_change('application_id')`,
  // A note on a ticket (its history) is a change of the application the ticket is on.
  `CREATE OR REPLACE FUNCTION announce_ticket_event() RETURNS trigger AS $$
   BEGIN
     PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || ' ' || application_id)
       FROM tickets WHERE id = NEW.ticket_id;
     RETURN NULL;
   END $$ LANGUAGE plpgsql`,
  `CREATE TRIGGER application_ticket_noted AFTER INSERT ON ticket_events
   FOR EACH ROW EXECUTE FUNCTION announce_ticket_event()`,
];

/** The table of the service-center's processing log. */
export const PROCESSING_LOG_TABLE = 'processing_log';

/**
 * Runs the migrations `db` lacks, in order, each in its own transaction where the engine allows.
 *
 * @throws Error when a migration fails, or the database ran one this code does not know (a newer
 *   release migrated it): it is refused rather than half-used
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: migrations work on untyped tables.
  db: Kysely<any>,
  engine: DatabaseEngine,
  /** PostgreSQL: the schema of the tables, so another schema's migration table is never taken for ours. */
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(engine) },
    // PostgreSQL runs the pending migrations in one transaction; on SQLite each runs in its own
    // (`statements`).
    migrationTableName: 'service_center_migrations',
    migrationLockTableName: 'service_center_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const message = (error as Error).message ?? String(error);
    throw new Error(
      failed
        ? `the service-center's ${engine} database could not be migrated: ${failed.migrationName} failed: ${message}`
        : `the service-center's ${engine} database is refused: ${message} (is it migrated by a newer release?)`,
    );
  }
}
