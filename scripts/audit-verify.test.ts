import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JWK } from 'jose';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_SCHEMA, type AuditEntry, AuditLog } from '../lib/audit/auditLog.ts';
import { SqlAuditLog } from '../lib/audit/sqlAuditLog.ts';
import { AUDIT_HEAD_TOKEN_TYPE, AuditWitness, FileWitnessSink, witnessFile } from '../lib/audit/witness.ts';
import type { ServiceSigner } from '../lib/auth/delegation.ts';
import { createTestDeployment } from '../lib/auth/testing.ts';
import { openServiceCenterDatabase } from '../subgraphs/service-center/storage/database.ts';
import { PROCESSING_LOG_TABLE } from '../subgraphs/service-center/storage/migrations.ts';
import { dropSchema, uniqueSchema } from '../subgraphs/service-center/storage/testDatabases.ts';
import { describeWithDatabase } from '../test/support/services.ts';
import { verifyAuditLogs } from './audit-verify.ts';

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

let signer: ServiceSigner;
let otherSigner: ServiceSigner;
let serviceCenterSigner: ServiceSigner;
let serviceKeys: JWK[];
beforeAll(async () => {
  const deployment = await createTestDeployment(['health-system', 'education-system', 'service-center']);
  signer = deployment.trustFor('health-system').signer;
  otherSigner = deployment.trustFor('education-system').signer;
  serviceCenterSigner = deployment.trustFor('service-center').signer;
  serviceKeys = deployment.keys.serviceKeys.keys;
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A file store with three entries whose head the witness signed; the database stays open to tamper with. */
async function witnessedLog(key?: Uint8Array) {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-audit-verify-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'health.sqlite'));
  const log = new AuditLog(db, { key });
  for (const n of [1, 2, 3]) log.append(entry(n));
  await new AuditWitness(log, signer, new FileWitnessSink(witnessFile(dir, 'health'))).witness();
  return { dir, db };
}

/** What someone with the database but not the key can do: rewrite the entries from `fromSeq` and re-chain them. */
function rechain(db: Database.Database, fromSeq: number, digest: () => Hash | Hmac): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as Record<
    string,
    unknown
  >[];
  const before = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(fromSeq - 1) as
    | { hash: string }
    | undefined;
  let prevHash = before?.hash ?? '0'.repeat(64);
  for (const row of rows) {
    const canonical = JSON.stringify([
      row.at,
      row.department,
      row.actor,
      row.acting_for,
      row.purpose,
      row.action,
      JSON.parse(row.subjects as string),
      row.outcome,
      row.request_id,
    ]);
    const hash: string = digest().update(prevHash).update(canonical).digest('hex');
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, row.seq);
    prevHash = hash;
  }
  db.exec(AUDIT_SCHEMA); // the triggers put back, to cover the tracks
}

describe('verifyAuditLogs', () => {
  it('passes an intact, witnessed log', async () => {
    const { dir, db } = await witnessedLog();
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({
        department: 'health',
        ok: true,
        entries: 3,
        witnessed: 3,
        signaturesChecked: true,
      }),
    ]);
  });

  it("names a witnessed head signed with another system's key", async () => {
    const { dir, db } = await witnessedLog();
    db.close();
    const file = witnessFile(dir, 'health');
    const signed = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '');
    const forged = await otherSigner.sign(
      { seq: signed.seq, hash: signed.hash },
      { type: AUDIT_HEAD_TOKEN_TYPE, ttlSeconds: 60 },
    );
    appendFileSync(file, `${JSON.stringify({ ...signed, signature: forged })}\n`);
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({
        ok: false,
        problem: expect.stringMatching(/^line 2 of the witness log .* is not signed by health-system$/),
      }),
    ]);
  });

  it('names a deleted entry, even with the triggers dropped first and put back', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.exec(AUDIT_SCHEMA);
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      { department: 'health', ok: false, seq: 2, problem: 'entry 2 is missing' },
    ]);
  });

  it('names a truncated tail by the head the witness signed', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    db.exec(AUDIT_SCHEMA);
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({
        department: 'health',
        ok: false,
        seq: 3,
        problem: expect.stringMatching(/^entry 3, a head the witness signed at .*, is missing/),
      }),
    ]);
  });

  it('names the whole log deleted by the heads the witness signed', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log;');
    db.exec(AUDIT_SCHEMA);
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({ ok: false, seq: 3, problem: expect.stringMatching(/is missing/) }),
    ]);
  });

  it('names an entry altered and re-chained with plain SHA-256', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'staff:someone-else' WHERE seq = 2").run();
    rechain(db, 2, () => createHash('sha256'));
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      { department: 'health', ok: false, seq: 2, problem: 'its content does not match its MAC' },
    ]);
  });

  it('names the first entry of a log re-chained whole under a wrong key', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET purpose = NULL WHERE seq = 3').run();
    rechain(db, 1, () => createHmac('sha256', 'a key guessed by whoever holds the database'));
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      { department: 'health', ok: false, seq: 1, problem: 'its content does not match its MAC' },
    ]);
  });

  it('names a dropped trigger', async () => {
    const { dir, db } = await witnessedLog();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.close();
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      { department: 'health', ok: false, seq: null, problem: 'trigger audit_log_no_update is missing' },
    ]);
  });

  it('names a witness line whose signature is not of its head', async () => {
    const { dir, db } = await witnessedLog();
    db.close();
    const file = witnessFile(dir, 'health');
    const signed = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '');
    appendFileSync(file, `${JSON.stringify({ ...signed, seq: 2 })}\n`);
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({ ok: false, problem: expect.stringMatching(/^line 2 of the witness log/) }),
    ]);
  });

  it('verifies with the key AUDIT_KEY_FILE__<SERVICE> names, and fails naming the variable without it', async () => {
    const key = new Uint8Array(32).fill(9);
    const { dir, db } = await witnessedLog(key);
    db.close();
    const keyFile = path.join(dir, 'health.key');
    writeFileSync(keyFile, key, { mode: 0o600 });
    expect(await verifyAuditLogs(dir, { AUDIT_KEY_FILE__HEALTH_SYSTEM: keyFile }, serviceKeys)).toEqual([
      expect.objectContaining({ department: 'health', ok: true, entries: 3 }),
    ]);
    expect(await verifyAuditLogs(dir, {}, serviceKeys)).toEqual([
      expect.objectContaining({
        ok: false,
        problem: expect.stringMatching(/^no audit key: set AUDIT_KEY_FILE__HEALTH_SYSTEM or AUDIT_KEY_FILE/),
      }),
    ]);
  });
});

/**
 * The service-center's processing log lies in its store — `<DATA_DIR>/service-center.sqlite`, or the
 * PostgreSQL of `DATABASE_URL` — and is checked as `service-center`, with its key variable and the
 * witness logs of the data folder and of each replica's folder.
 */
function serviceCenterLogChecks(engine: 'sqlite' | 'postgres', databaseUrl = ''): void {
  const schema = uniqueSchema('sc_verify');
  afterAll(async () => {
    if (engine === 'postgres') await dropSchema(databaseUrl, schema);
  });

  it('checks it as service-center: its key variable, its witnesses, a deleted entry found', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onething-audit-verify-'));
    dirs.push(dir);
    const location = engine === 'postgres' ? { databaseUrl, schema, poolSize: 2 } : { dataDir: dir };
    const env = engine === 'postgres' ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : {};
    const key = new Uint8Array(32).fill(7);
    const database = await openServiceCenterDatabase(location);
    const log = new SqlAuditLog({
      db: database.db,
      engine: database.engine,
      table: PROCESSING_LOG_TABLE,
      key,
    });
    for (const n of [1, 2, 3]) await log.append({ ...entry(n), department: 'service-center' });
    // Two replicas witnessed it: the data folder's witness and a replica's own.
    await new AuditWitness(
      log,
      serviceCenterSigner,
      new FileWitnessSink(witnessFile(dir, 'service-center')),
    ).witness();
    await log.append({ ...entry(4), department: 'service-center' });
    const replicaDir = path.join(dir, 'replicas', 'service-center-2');
    await new AuditWitness(
      log,
      serviceCenterSigner,
      new FileWitnessSink(witnessFile(replicaDir, 'service-center')),
    ).witness();
    const keyFile = path.join(dir, 'service-center.key');
    writeFileSync(keyFile, key, { mode: 0o600 });

    expect(
      await verifyAuditLogs(dir, { ...env, AUDIT_KEY_FILE__SERVICE_CENTER: keyFile }, serviceKeys),
    ).toEqual([
      {
        department: 'service-center',
        ok: true,
        entries: 4,
        headHash: expect.any(String),
        witnessed: 4,
        signaturesChecked: true,
      },
    ]);
    expect(await verifyAuditLogs(dir, env, serviceKeys)).toEqual([
      expect.objectContaining({
        department: 'service-center',
        ok: false,
        problem: expect.stringMatching(/^no audit key: set AUDIT_KEY_FILE__SERVICE_CENTER or AUDIT_KEY_FILE/),
      }),
    ]);
    // Entry 2 deleted behind the triggers' back: the chain has a gap.
    await sql
      .raw(
        engine === 'sqlite'
          ? 'DROP TRIGGER processing_log_no_delete'
          : 'ALTER TABLE processing_log DISABLE TRIGGER processing_log_no_delete',
      )
      .execute(database.db);
    await sql`DELETE FROM processing_log WHERE seq = 2`.execute(database.db);
    const reopened = database.engine === 'postgres';
    if (reopened)
      await sql
        .raw('ALTER TABLE processing_log ENABLE TRIGGER processing_log_no_delete')
        .execute(database.db);
    await database.close();
    if (reopened) {
      // The trigger put back to cover the tracks: the gap in the chain still shows.
      expect(
        await verifyAuditLogs(dir, { ...env, AUDIT_KEY_FILE__SERVICE_CENTER: keyFile }, serviceKeys),
      ).toEqual([
        expect.objectContaining({
          department: 'service-center',
          ok: false,
          seq: 2,
          problem: 'entry 2 is missing',
        }),
      ]);
      return;
    }
    expect(
      await verifyAuditLogs(dir, { ...env, AUDIT_KEY_FILE__SERVICE_CENTER: keyFile }, serviceKeys),
    ).toEqual([
      expect.objectContaining({
        department: 'service-center',
        ok: false,
        problem: 'trigger processing_log_no_delete is missing',
      }),
    ]);
  });
}

describe("the service-center's processing log in the embedded store", () => serviceCenterLogChecks('sqlite'));

describeWithDatabase("the service-center's processing log in PostgreSQL", (url) =>
  serviceCenterLogChecks('postgres', url),
);
