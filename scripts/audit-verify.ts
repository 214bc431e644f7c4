/**
 * `npm run audit:verify`: checks the hash chain of every department's audit log in the data folder
 * (`DATA_DIR`, default `.data`) and prints, per department, the number of entries and the head hash —
 * record it elsewhere to detect later removal of the newest entries. Exits 1 naming the first altered,
 * inserted or deleted entry of any broken log.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog } from '../mocks/kit/audit.ts';

/** The outcome of checking one department's log. */
export type AuditVerification =
  | { department: string; ok: true; entries: number; headHash: string }
  | { department: string; ok: false; seq: number; problem: string };

/** Checks every `<department>.sqlite` in `dataDir` that has an audit log. */
export function verifyAuditLogs(dataDir: string): AuditVerification[] {
  if (!existsSync(dataDir)) return [];
  const results: AuditVerification[] = [];
  for (const file of readdirSync(dataDir)
    .filter((name) => name.endsWith('.sqlite'))
    .sort()) {
    const db = new Database(path.join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      const hasLog = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'")
        .get();
      if (!hasLog) continue;
      const department = path.basename(file, '.sqlite');
      results.push({ department, ...new AuditLog(db, { readonly: true }).verify() });
    } finally {
      db.close();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const results = verifyAuditLogs(dataDir);
  if (results.length === 0) console.log(`no audit logs in ${dataDir}`);
  for (const result of results) {
    console.log(
      result.ok
        ? `${result.department.padEnd(16)} OK      ${String(result.entries).padStart(6)} entries  head ${result.headHash}`
        : `${result.department.padEnd(16)} BROKEN  at entry ${result.seq}: ${result.problem}`,
    );
  }
  process.exit(results.every((result) => result.ok) ? 0 : 1);
}
