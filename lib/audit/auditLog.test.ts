import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLogs } from '../../scripts/audit-verify.ts';
import { type AuditEntry, AuditLog, citizenIdsIn, developmentAuditKeyFile } from './auditLog.ts';

const CITIZEN = '11010519491231002X';
const entry = (n: number): AuditEntry => ({
  at: `2026-11-27T10:00:0${n}.000Z`,
  department: 'health',
  actor: 'service:service-center',
  actingFor: CITIZEN,
  purpose: 'application NB-20261127-AAAAAA',
  action: 'POST /v1/people/batch-get',
  subjects: [CITIZEN],
  outcome: 200,
  requestId: `r${n}`,
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logWithThreeEntries() {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-audit-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'health.sqlite'));
  const log = new AuditLog(db);
  for (const n of [1, 2, 3]) log.append(entry(n));
  return { dir, db, log };
}

describe('AuditLog', () => {
  it('chains entries and verifies an untouched log', async () => {
    const { db, log, dir } = logWithThreeEntries();
    expect(log.verify()).toMatchObject({ ok: true, entries: 3 });
    expect(log.entriesAbout(CITIZEN).map((e) => e.requestId)).toEqual(['r3', 'r2', 'r1']);
    db.close();
    expect(await verifyAuditLogs(dir, {})).toEqual([
      expect.objectContaining({ department: 'health', ok: true, entries: 3 }),
    ]);
  });

  it('refuses updates and deletes through SQL', () => {
    const { db } = logWithThreeEntries();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    db.close();
  });

  it("keeps a file store's development key beside it, private, so a reopened log continues its chain", () => {
    const { db, dir } = logWithThreeEntries();
    const keyFile = developmentAuditKeyFile(db) as string;
    expect(keyFile).toBe(path.join(dir, 'audit-dev-keys', 'health.key'));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    db.close();
    const reopened = new Database(path.join(dir, 'health.sqlite'));
    new AuditLog(reopened).append(entry(4));
    expect(new AuditLog(reopened).verify()).toMatchObject({ ok: true, entries: 4 });
    reopened.close();
  });

  it('chains with the key it is given, and does not verify under another', () => {
    const db = new Database(':memory:');
    const key = new Uint8Array(32).fill(7);
    const log = new AuditLog(db, { key });
    for (const n of [1, 2]) log.append(entry(n));
    expect(new AuditLog(db, { key }).verify()).toMatchObject({ ok: true, entries: 2 });
    expect(new AuditLog(db, { key: new Uint8Array(32).fill(8) }).verify()).toEqual({
      ok: false,
      seq: 1,
      problem: 'its content does not match its MAC',
    });
  });

  it('keeps entries written before the log was keyed verifiable as a legacy prefix', () => {
    const db = new Database(':memory:');
    // A log as the unkeyed code wrote it: the table and its triggers, entries chained with SHA-256.
    db.exec(`CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
      department TEXT NOT NULL, actor TEXT NOT NULL, acting_for TEXT, purpose TEXT, action TEXT NOT NULL,
      subjects TEXT NOT NULL, outcome INTEGER NOT NULL, request_id TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`);
    let prevHash = '0'.repeat(64);
    for (const n of [1, 2]) {
      const e = entry(n);
      const hash = createHash('sha256')
        .update(prevHash)
        .update(
          JSON.stringify([
            e.at,
            e.department,
            e.actor,
            e.actingFor,
            e.purpose,
            e.action,
            e.subjects,
            e.outcome,
            e.requestId,
          ]),
        )
        .digest('hex');
      db.prepare(
        `INSERT INTO audit_log (at, department, actor, acting_for, purpose, action, subjects, outcome, request_id, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        e.at,
        e.department,
        e.actor,
        e.actingFor,
        e.purpose,
        e.action,
        JSON.stringify(e.subjects),
        e.outcome,
        e.requestId,
        prevHash,
        hash,
      );
      prevHash = hash;
    }
    const key = new Uint8Array(32).fill(7);
    const log = new AuditLog(db, { key });
    log.append(entry(3));
    expect(new AuditLog(db, { key }).verify()).toMatchObject({ ok: true, entries: 3 });
  });
});

describe('citizenIdsIn', () => {
  it('finds the valid citizen IDs in bodies, ignoring numbers that only look like one', () => {
    expect(
      citizenIdsIn(
        { ids: [CITIZEN, '110105194912310021'] },
        `{"items":[{"citizenId":"${CITIZEN.toLowerCase()}"}]}`,
      ),
    ).toEqual([CITIZEN]);
  });
});
