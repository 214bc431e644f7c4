import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLogs } from '../../scripts/audit-verify.ts';
import { type AuditEntry, AuditLog, citizenIdsIn } from './audit.ts';

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
  it('chains entries and verifies an untouched log', () => {
    const { db, log, dir } = logWithThreeEntries();
    expect(log.verify()).toMatchObject({ ok: true, entries: 3 });
    expect(log.entriesAbout(CITIZEN).map((e) => e.requestId)).toEqual(['r3', 'r2', 'r1']);
    db.close();
    expect(verifyAuditLogs(dir)).toEqual([
      expect.objectContaining({ department: 'health', ok: true, entries: 3 }),
    ]);
  });

  it('refuses updates and deletes through SQL', () => {
    const { db } = logWithThreeEntries();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    db.close();
  });

  it('detects an entry altered behind its back', () => {
    const { db, dir } = logWithThreeEntries();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'staff:someone-else' WHERE seq = 2").run();
    db.close();
    expect(verifyAuditLogs(dir)).toEqual([
      { department: 'health', ok: false, seq: 2, problem: 'its content does not match its hash' },
    ]);
  });

  it('detects an entry deleted behind its back', () => {
    const { db, dir } = logWithThreeEntries();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.close();
    expect(verifyAuditLogs(dir)).toEqual([
      { department: 'health', ok: false, seq: 2, problem: 'entry 2 is missing' },
    ]);
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
