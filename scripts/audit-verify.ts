/**
 * `npm run audit:verify`: checks every department's audit log in the data folder (`DATA_DIR`, default
 * `.data`) — and the service-center's log of its own processing (`service-center-audit.sqlite`, kept
 * and signed by the service `service-center`, checked as `service-center`): the MAC chain under the
 * department system's audit key (`AUDIT_KEY_FILE__<SERVICE>`, else `AUDIT_KEY_FILE`, else the store's
 * development key beside it), that the append-only triggers are in place, and that the log still
 * holds every head its witness log signed (`<DATA_DIR>/audit-witness/<department>.jsonl`), each signed
 * by the department system's key in `SERVICE_KEYS` (else the development keys in `<DATA_DIR>/dev-keys/`;
 * with neither the signatures go unchecked, and the output says so). Prints, per department, the
 * number of entries and the head; exits 1 naming the department and the first bad entry, or what it
 * found missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JSONWebKeySet, JWK } from 'jose';
import { AUDIT_TRIGGERS, AuditLog, developmentAuditKeyFile, readAuditKey } from '../lib/audit/auditLog.ts';
import { readWitnessedHeads, witnessFile } from '../lib/audit/witness.ts';
import { departmentSystemOf, SERVICE_CENTER } from '../lib/auth/services.ts';
import { serviceSuffix } from '../system/serviceEnvironment.ts';

/**
 * A service that keeps its audit log in a file of its own, beside its store: `<service>-audit.sqlite`
 * (the service-center's processing log, `service-center-audit.sqlite`).
 */
const OWN_AUDIT_FILE = /^(?<service>.+)-audit\.sqlite$/;

/**
 * Whose log the `.sqlite` file `file` holds: `<department>.sqlite` the department's, and
 * `<service>-audit.sqlite` the service's — named so in the output, the witness log
 * (`audit-witness/<service>.jsonl`) and the key variable (`AUDIT_KEY_FILE__<SERVICE>`).
 */
export function auditLogOwner(file: string): string {
  const name = path.basename(file);
  return OWN_AUDIT_FILE.exec(name)?.groups?.service ?? path.basename(name, '.sqlite');
}

/** The outcome of checking one department's log. */
export type AuditVerification =
  | {
      department: string;
      ok: true;
      entries: number;
      headHash: string;
      /** The newest head the witness signed (0: none yet). */
      witnessed: number;
      /** False when no service keys were at hand to check the witness's signatures with. */
      signaturesChecked: boolean;
    }
  | { department: string; ok: false; seq: number | null; problem: string };

/**
 * The service that keeps and signs the log named `department`: the department's system, or the
 * service-center for its own.
 */
function keeperOf(department: string): string {
  return department === SERVICE_CENTER ? SERVICE_CENTER : departmentSystemOf(department);
}

/** The audit key of `department`'s system: from the environment, else the store's development key. */
function auditKeyOf(department: string, db: Database.Database, env: NodeJS.ProcessEnv): Uint8Array {
  const own = `AUDIT_KEY_FILE${serviceSuffix(keeperOf(department))}`;
  if (env[own]) return readAuditKey(env[own], own);
  if (env.AUDIT_KEY_FILE) return readAuditKey(env.AUDIT_KEY_FILE, 'AUDIT_KEY_FILE');
  const file = developmentAuditKeyFile(db);
  if (!file || !existsSync(file)) {
    throw new Error(`no audit key: set ${own} or AUDIT_KEY_FILE (no development key at ${file})`);
  }
  return readAuditKey(file, 'the development audit key');
}

/** Every service's public key: `SERVICE_KEYS`, else the development keys under `dataDir`, else none. */
function serviceKeysOf(dataDir: string, env: NodeJS.ProcessEnv): JWK[] | undefined {
  const file = env.SERVICE_KEYS
    ? path.resolve(env.SERVICE_KEYS)
    : path.join(dataDir, 'dev-keys', 'deployment-keys.json');
  if (!existsSync(file)) return undefined;
  const read = JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet & { serviceKeys?: JSONWebKeySet };
  return (read.serviceKeys ?? read).keys;
}

/** Checks one department's log; see the module comment. */
function verifyDepartment(
  dataDir: string,
  department: string,
  db: Database.Database,
  env: NodeJS.ProcessEnv,
  serviceKeys: readonly JWK[] | undefined,
): AuditVerification {
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map(
      (row) => row.name,
    ),
  );
  const missing = AUDIT_TRIGGERS.filter((trigger) => !present.has(trigger));
  if (missing.length > 0) {
    return { department, ok: false, seq: null, problem: `trigger ${missing.join(', ')} is missing` };
  }
  let key: Uint8Array;
  try {
    key = auditKeyOf(department, db, env);
  } catch (error) {
    return { department, ok: false, seq: null, problem: (error as Error).message };
  }
  const log = new AuditLog(db, { key, readonly: true });
  const chain = log.verify();
  if (!chain.ok) return { department, ...chain };
  const heads = readWitnessedHeads(
    witnessFile(dataDir, department),
    serviceKeys && { service: keeperOf(department), keys: serviceKeys },
  );
  if (!heads.ok) return { department, ok: false, seq: null, problem: heads.problem };
  for (const head of heads.heads) {
    const entry = log.entryAt(head.seq);
    if (!entry) {
      return {
        department,
        ok: false,
        seq: head.seq,
        problem: `entry ${head.seq}, a head the witness signed at ${head.at}, is missing (the log was truncated or deleted)`,
      };
    }
    if (entry.hash !== head.hash) {
      return {
        department,
        ok: false,
        seq: head.seq,
        problem: `entry ${head.seq} is not the head the witness signed at ${head.at} (the log was rewritten)`,
      };
    }
  }
  return {
    department,
    ...chain,
    witnessed: heads.heads.at(-1)?.seq ?? 0,
    signaturesChecked: serviceKeys !== undefined,
  };
}

/**
 * Checks every `<department>.sqlite` and `<service>-audit.sqlite` in `dataDir` that has an audit log
 * (named as {@link auditLogOwner} says), with the audit keys `env`
 * names (default the process's environment) and the services' public keys `serviceKeys` (default
 * those `env` or the development keys give).
 */
export function verifyAuditLogs(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  serviceKeys: readonly JWK[] | undefined = serviceKeysOf(dataDir, env),
): AuditVerification[] {
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
      results.push(verifyDepartment(dataDir, auditLogOwner(file), db, env, serviceKeys));
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
        ? `${result.department.padEnd(16)} OK      ${String(result.entries).padStart(6)} entries  head ${result.headHash}  witnessed to ${result.witnessed}${result.signaturesChecked ? '' : ' (witness signatures not checked: no SERVICE_KEYS)'}`
        : `${result.department.padEnd(16)} BROKEN  ${result.seq === null ? '' : `at entry ${result.seq}: `}${result.problem}`,
    );
  }
  process.exit(results.every((result) => result.ok) ? 0 : 1);
}
