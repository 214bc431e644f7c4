/**
 * `npm run audit:verify`: checks every department's audit log in the data folder (`DATA_DIR`, default
 * `.data`) — and the service-center's log of its own processing (table `processing_log` of its store:
 * PostgreSQL when `DATABASE_URL` is set, else `<DATA_DIR>/service-center.sqlite`; kept and signed by the
 * service `service-center`, checked as `service-center`): the MAC chain under the keeper's audit key
 * (`AUDIT_KEY_FILE__<SERVICE>`, else `AUDIT_KEY_FILE`, else the development key in
 * `<DATA_DIR>/audit-dev-keys/`), that the append-only triggers are in place, and that the log still
 * holds every head its witness logs signed (`<DATA_DIR>/audit-witness/<department>.jsonl`, and for the
 * service-center each replica's `<DATA_DIR>/replicas/<replica>/audit-witness/service-center.jsonl`), each signed
 * by the keeper's key in `SERVICE_KEYS` (else the development keys in `<DATA_DIR>/dev-keys/`; with
 * neither the signatures go unchecked, and the output says so). Prints, per log, the number of entries
 * and the head; exits 1 naming the log and the first bad entry, or what it found missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { JSONWebKeySet, JWK } from 'jose';
import {
  AUDIT_TRIGGERS,
  type AuditHead,
  AuditLog,
  developmentAuditKeyFile,
  readAuditKey,
} from '../lib/audit/auditLog.ts';
import { SqlAuditLog } from '../lib/audit/sqlAuditLog.ts';
import { readWitnessedHeads, type WitnessedHead, witnessFile } from '../lib/audit/witness.ts';
import { departmentSystemOf, SERVICE_CENTER } from '../lib/auth/services.ts';
import { developmentKeyFile } from '../subgraphs/service-center/ProcessingLog.ts';
import { openServiceCenterDatabase } from '../subgraphs/service-center/storage/database.ts';
import { PROCESSING_LOG_TABLE } from '../subgraphs/service-center/storage/migrations.ts';
import { environmentOf, serviceSuffix } from '../system/serviceEnvironment.ts';

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

type Failure = Extract<AuditVerification, { ok: false }>;

/**
 * Checks that `entryAt` still holds every head the witness logs `files` signed, each signed by the
 * keeper's key when `serviceKeys` are at hand; answers the newest witnessed seq, or the failure.
 */
async function checkWitnessedHeads(
  department: string,
  files: readonly string[],
  serviceKeys: readonly JWK[] | undefined,
  entryAt: (seq: number) => AuditHead | undefined | Promise<AuditHead | undefined>,
): Promise<{ witnessed: number } | Failure> {
  const heads: WitnessedHead[] = [];
  for (const file of files) {
    const read = readWitnessedHeads(
      file,
      serviceKeys && { service: keeperOf(department), keys: serviceKeys },
    );
    if (!read.ok) return { department, ok: false, seq: null, problem: read.problem };
    heads.push(...read.heads);
  }
  for (const head of heads) {
    const entry = await entryAt(head.seq);
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
  return { witnessed: Math.max(0, ...heads.map((head) => head.seq)) };
}

/** Checks one department's log; see the module comment. */
async function verifyDepartment(
  dataDir: string,
  department: string,
  db: Database.Database,
  env: NodeJS.ProcessEnv,
  serviceKeys: readonly JWK[] | undefined,
): Promise<AuditVerification> {
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
  const witness = await checkWitnessedHeads(
    department,
    [witnessFile(dataDir, department)],
    serviceKeys,
    (seq) => log.entryAt(seq),
  );
  if ('ok' in witness) return witness;
  return { department, ...chain, witnessed: witness.witnessed, signaturesChecked: serviceKeys !== undefined };
}

/** Every witness log of the service-center: the data folder's, and each replica's (`replicas/<name>/`). */
function serviceCenterWitnessFiles(dataDir: string): string[] {
  const files = [witnessFile(dataDir, SERVICE_CENTER)];
  const replicas = path.join(dataDir, 'replicas');
  if (existsSync(replicas)) {
    for (const replica of readdirSync(replicas).sort())
      files.push(witnessFile(path.join(replicas, replica), SERVICE_CENTER));
  }
  return files.filter((file) => existsSync(file));
}

/**
 * Checks the service-center's processing log, in its PostgreSQL (`DATABASE_URL`, `DATABASE_SCHEMA`, or
 * the service-center's own `…__SERVICE_CENTER`) or in `<dataDir>/service-center.sqlite`; undefined when
 * there is neither.
 */
export async function verifyServiceCenterLog(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  serviceKeys: readonly JWK[] | undefined = serviceKeysOf(dataDir, env),
): Promise<AuditVerification | undefined> {
  const department = SERVICE_CENTER;
  const own = environmentOf(SERVICE_CENTER, env);
  const sqliteFile = path.join(dataDir, 'service-center.sqlite');
  if (!own.DATABASE_URL && !existsSync(sqliteFile)) return undefined;
  const keyVariable = `AUDIT_KEY_FILE${serviceSuffix(SERVICE_CENTER)}`;
  let key: Uint8Array;
  try {
    const devKey = developmentKeyFile(dataDir) as string;
    if (own.AUDIT_KEY_FILE)
      key = readAuditKey(own.AUDIT_KEY_FILE, env[keyVariable] ? keyVariable : 'AUDIT_KEY_FILE');
    else if (existsSync(devKey)) key = readAuditKey(devKey, 'the development audit key');
    else
      throw new Error(`no audit key: set ${keyVariable} or AUDIT_KEY_FILE (no development key at ${devKey})`);
  } catch (error) {
    return { department, ok: false, seq: null, problem: (error as Error).message };
  }
  const database = await openServiceCenterDatabase(
    own.DATABASE_URL
      ? {
          databaseUrl: own.DATABASE_URL,
          schema: own.DATABASE_SCHEMA || undefined,
          poolSize: 2,
          migrate: false,
        }
      : { dataDir, migrate: false },
  );
  try {
    const log = new SqlAuditLog({
      db: database.db,
      engine: database.engine,
      table: PROCESSING_LOG_TABLE,
      key,
    });
    const missing = await log.missingTriggers();
    if (missing.length > 0) {
      return { department, ok: false, seq: null, problem: `trigger ${missing.join(', ')} is missing` };
    }
    const chain = await log.verify();
    if (!chain.ok) return { department, ...chain };
    const witness = await checkWitnessedHeads(
      department,
      serviceCenterWitnessFiles(dataDir),
      serviceKeys,
      (seq) => log.entryAt(seq),
    );
    if ('ok' in witness) return witness;
    return {
      department,
      ...chain,
      witnessed: witness.witnessed,
      signaturesChecked: serviceKeys !== undefined,
    };
  } catch (error) {
    return { department, ok: false, seq: null, problem: (error as Error).message };
  } finally {
    await database.close();
  }
}

/**
 * Checks every `<department>.sqlite` in `dataDir` that has an audit log, and the service-center's
 * processing log ({@link verifyServiceCenterLog}), with the audit keys `env` names (default the
 * process's environment) and the services' public keys `serviceKeys` (default those `env` or the
 * development keys give).
 */
export async function verifyAuditLogs(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  serviceKeys: readonly JWK[] | undefined = serviceKeysOf(dataDir, env),
): Promise<AuditVerification[]> {
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
      results.push(await verifyDepartment(dataDir, path.basename(file, '.sqlite'), db, env, serviceKeys));
    } finally {
      db.close();
    }
  }
  const serviceCenter = await verifyServiceCenterLog(dataDir, env, serviceKeys);
  if (serviceCenter) results.push(serviceCenter);
  return results.sort((a, b) => a.department.localeCompare(b.department));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const results = await verifyAuditLogs(dataDir);
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
