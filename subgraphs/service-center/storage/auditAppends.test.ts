/**
 * The processing log's appends on both engines: many at once from one replica go in few writes (group
 * commit) and in the order asked, two replicas appending together still make one unbroken chain, and an
 * entry the database refuses is refused alone — none is reported stored that is not, none lost.
 */
import { type KyselyPlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../lib/audit/auditLog.ts';
import { SqlAuditLog } from '../../../lib/audit/sqlAuditLog.ts';
import { describeWithDatabase } from '../../../test/support/services.ts';
import { PROCESSING_LOG_TABLE } from './migrations.ts';
import { postgres, SQLITE, type TestDatabase, type TestDatabaseKind } from './testDatabases.ts';

const KEY = new Uint8Array(32).fill(7);

function entry(n: number): AuditEntry {
  return {
    at: new Date(Date.UTC(2026, 11, 5, 8, 0, n)).toISOString(),
    department: 'service-center',
    actor: 'service:service-center',
    actingFor: '500101199001010011',
    purpose: `application NB-${n}`,
    action: `use consent ${n}`,
    subjects: ['500101199001010011'],
    outcome: 200,
    requestId: null,
  };
}

function auditAppends(kind: TestDatabaseKind): void {
  let database: TestDatabase;
  let writes: number;
  /** Counts the statements the log sends. */
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      writes += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const logOn = (db: TestDatabase['auditDb']) =>
    new SqlAuditLog({ db, engine: kind.name, table: PROCESSING_LOG_TABLE, key: KEY });

  beforeEach(async () => {
    database = await kind.open();
    writes = 0;
  });
  afterEach(async () => {
    await database.drop();
  });

  it('writes appends asked for at once together, in the order asked, as one unbroken chain', async () => {
    const log = logOn(database.auditDb.withPlugin(counting));
    await Promise.all(Array.from({ length: 40 }, (_, n) => log.append(entry(n))));

    // The first append is written alone; the 39 that came meanwhile wait for it and go in one more.
    expect(writes).toBeLessThanOrEqual(3);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 40 });
    const { rows } = await sql<{ seq: number; action: string }>`
      SELECT seq, action FROM ${sql.table(PROCESSING_LOG_TABLE)} ORDER BY seq`.execute(database.auditDb);
    expect(rows.map((row) => row.action)).toEqual(Array.from({ length: 40 }, (_, n) => `use consent ${n}`));
  });

  it('keeps one chain when two replicas append at the same time', async () => {
    const first = logOn(database.auditDb);
    const second = logOn(database.auditDb);
    await first.append(entry(0));
    await second.append(entry(1));
    await Promise.all(Array.from({ length: 30 }, (_, n) => (n % 2 ? first : second).append(entry(n + 2))));

    expect(await first.verify()).toMatchObject({ ok: true, entries: 32 });
  });

  it('refuses only the entry the database refuses, never the others written with it', async () => {
    const log = logOn(database.auditDb);
    await log.append(entry(0));
    const broken = { ...entry(1), outcome: null as unknown as number };
    const results = await Promise.allSettled([
      log.append(entry(2)),
      log.append(broken),
      log.append(entry(3)),
    ]);

    // Entry 2 goes alone; the broken one and entry 3 wait and go together, which fails — then each alone.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await log.append(entry(4));
    expect(await log.verify()).toMatchObject({ ok: true, entries: 4 });
  });
}

describe('the processing log on the embedded SQLite', () => auditAppends(SQLITE));

describeWithDatabase('the processing log on PostgreSQL', (url) => auditAppends(postgres(url)));
