/**
 * The service-center databases tests run against: the embedded SQLite store always, and PostgreSQL
 * when `DATABASE_URL` names one — each test's own schema, dropped afterwards, so tests never share
 * tables. Test support only.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openServiceCenterDatabase, type ServiceCenterDatabase } from './database.ts';

/** An engine a test suite runs against, and how to open a fresh database on it. */
export interface TestDatabaseKind {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, migrated database; `drop` removes what it made once closed. */
  open(): Promise<TestDatabase>;
}

/** A fresh database for one test. */
export interface TestDatabase extends ServiceCenterDatabase {
  /** Where it is, to open it again (a second replica, a restart). */
  location: { databaseUrl?: string; schema?: string; dataDir?: string; inMemory?: boolean };
  /** Closes it and removes its tables. */
  drop(): Promise<void>;
}

/** A schema name no other test uses. */
export function uniqueSchema(prefix = 'sc_test'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The embedded store, in memory. */
export const SQLITE: TestDatabaseKind = {
  name: 'sqlite',
  async open() {
    const opened = await openServiceCenterDatabase({ inMemory: true });
    return { ...opened, location: { inMemory: true }, drop: () => opened.close() };
  },
};

/** PostgreSQL at `databaseUrl`, a schema per database. */
export function postgres(databaseUrl: string): TestDatabaseKind {
  return {
    name: 'postgres',
    async open() {
      const schema = uniqueSchema();
      const opened = await openServiceCenterDatabase({ databaseUrl, schema, poolSize: 4 });
      return {
        ...opened,
        location: { databaseUrl, schema },
        async drop() {
          await opened.close();
          await dropSchema(databaseUrl, schema);
        },
      };
    },
  };
}
