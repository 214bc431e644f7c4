/**
 * Migrating an embedded store made before the migrations: its processing log (kept in `audit_log` by
 * the department systems' `AuditLog` until 0003) carries on as `processing_log`, entry for entry, and
 * a migration that fails half-way leaves the store as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog } from '../../../lib/audit/auditLog.ts';
import { SqlAuditLog } from '../../../lib/audit/sqlAuditLog.ts';
import { openServiceCenterDatabase } from './database.ts';
import { PROCESSING_LOG_TABLE } from './migrations.ts';

const KEY = new Uint8Array(32).fill(5);
const entry = (n: number): AuditEntry => ({
  at: `2026-11-27T10:00:0${n}.000Z`,
  department: 'service-center',
  actor: '500106198809158880',
  actingFor: null,
  purpose: `application NB-20261127-AAAAA${n}`,
  action: 'registerNewborn',
  subjects: ['500106198809158880'],
  outcome: 200,
  requestId: `r${n}`,
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store as the service-center left it before migrations: its tables, and its log in `audit_log`. */
function storeFromBefore(): { dir: string; log: AuditLog; db: Database.Database } {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-migrations-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'service-center.sqlite'));
  db.exec(`CREATE TABLE applications (id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL,
    applicant_citizen_id TEXT NOT NULL, subject_key TEXT NOT NULL, client_key TEXT, input TEXT NOT NULL,
    submitted_at TEXT NOT NULL, due_at TEXT NOT NULL, completed_at TEXT)`);
  const log = new AuditLog(db, { key: KEY });
  for (const n of [1, 2, 3]) log.append(entry(n));
  return { dir, log, db };
}

describe('an embedded store made before the migrations', () => {
  it('keeps its processing log: the same entries and MACs, the chain verifying, the old tables gone', async () => {
    const { dir, log, db } = storeFromBefore();
    const head = log.head();
    db.close();
    const database = await openServiceCenterDatabase({ dataDir: dir });
    try {
      const moved = new SqlAuditLog({
        db: database.db,
        engine: 'sqlite',
        table: PROCESSING_LOG_TABLE,
        key: KEY,
      });
      expect(await moved.verify()).toEqual({ ok: true, entries: 3, headHash: head?.hash });
      expect(await moved.entryAt(3)).toEqual(head);
      await moved.append(entry(4));
      expect(await moved.verify()).toMatchObject({ ok: true, entries: 4 });
      expect((await moved.entriesAbout('500106198809158880')).map((e) => e.requestId)).toEqual([
        'r4',
        'r3',
        'r2',
        'r1',
      ]);
      const { rows } = await sql<{ name: string }>`
        SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'audit_chain')`.execute(
        database.db,
      );
      expect(rows).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('is left as it was when a migration fails half-way, and migrates on the next start', async () => {
    const { dir, db } = storeFromBefore();
    // A column 0002 adds second is there already: 0002 fails after its first statement ran.
    db.exec('ALTER TABLE applications ADD COLUMN lease_until TEXT');
    db.close();
    await expect(openServiceCenterDatabase({ dataDir: dir })).rejects.toThrow(/0002_errand_leases failed/);
    const after = new Database(path.join(dir, 'service-center.sqlite'), { readonly: true });
    const columns = (after.prepare('PRAGMA table_info(applications)').all() as { name: string }[]).map(
      (column) => column.name,
    );
    after.close();
    // 0002's first statement (lease_owner) was rolled back with the failing second one.
    expect(columns).not.toContain('lease_owner');
    const fixed = new Database(path.join(dir, 'service-center.sqlite'));
    fixed.exec('ALTER TABLE applications DROP COLUMN lease_until');
    fixed.close();
    const database = await openServiceCenterDatabase({ dataDir: dir });
    await database.close();
  });
});
