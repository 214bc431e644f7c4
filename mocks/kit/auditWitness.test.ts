import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog } from '../../lib/audit/auditLog.ts';
import {
  AUDIT_HEAD_TOKEN_TYPE,
  AuditWitness,
  MemoryWitnessSink,
  readWitnessedHeads,
  witnessFile,
} from '../../lib/audit/witness.ts';
import { verifyAuditLogs } from '../../scripts/audit-verify.ts';
import { buildDepartmentSystem } from '../health/server.ts';
import { DEFAULT_SEED_DIR } from './config.ts';
import { createTestCallers } from './testing.ts';

const CITIZEN = '11010519491231002X';
const entry = (requestId: string): AuditEntry => ({
  at: new Date().toISOString(),
  department: 'health',
  actor: 'staff:health',
  actingFor: null,
  purpose: 'application NB-20261127-AAAAAA',
  action: 'POST /v1/people/batch-get',
  subjects: [CITIZEN],
  outcome: 200,
  requestId,
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('AuditWitness', () => {
  it('signs the head with the system key, and appends a head only when the log grew', async () => {
    const { trust } = await createTestCallers('health');
    const log = new AuditLog(new Database(':memory:'));
    const sink = new MemoryWitnessSink();
    const witness = new AuditWitness(log, trust.signer, sink);
    await witness.witness();
    expect(sink.heads).toEqual([]);
    log.append(entry('r1'));
    log.append(entry('r2'));
    await witness.witness();
    await witness.witness();
    expect(sink.heads).toEqual([expect.objectContaining({ seq: 2, hash: log.head()?.hash })]);
    const signature = sink.heads[0]?.signature ?? '';
    expect(decodeProtectedHeader(signature).typ).toBe(AUDIT_HEAD_TOKEN_TYPE);
    expect(decodeJwt(signature)).toMatchObject({ iss: 'health-system', seq: 2, hash: log.head()?.hash });
  });

  it('is signed on shutdown; a system restarted over the same store continues the chain, and it verifies', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-audit-witness-'));
    dirs.push(dataDir);
    const { trust, authentication } = await createTestCallers('health');
    const start = () => buildDepartmentSystem({ seedDir: DEFAULT_SEED_DIR, dataDir, trust });

    const first = start();
    first.audit.append(entry('r1'));
    first.audit.append(entry('r2'));
    await first.app.close();
    const second = start();
    second.audit.append(entry('r3'));
    await second.app.close();

    const witnessed = readWitnessedHeads(witnessFile(dataDir, 'health'));
    expect(witnessed).toMatchObject({ ok: true, heads: [{ seq: 2 }, { seq: 3 }] });
    expect(await verifyAuditLogs(dataDir, {}, authentication.keys.serviceKeys.keys)).toEqual([
      expect.objectContaining({
        department: 'health',
        ok: true,
        entries: 3,
        witnessed: 3,
        signaturesChecked: true,
      }),
    ]);
  });
});
