/**
 * The service-center's own audit log (its 数据处理记录): every processing of personal data the
 * service-center does itself — an application submitted, an application read or resumed by staff, a
 * consent given, revoked or used — with who did it, for whom, for what purpose (`application <id>`,
 * `consent <id>`), whom it concerned and how it ended (refused attempts as refused, e.g. 403). It is the
 * departments' kind of log (`lib/audit/auditLog.ts`: HMAC-chained with a key held outside the
 * database, `AUDIT_KEY_FILE`, append-only triggers), kept in the service-center's store — PostgreSQL,
 * where every replica appends to the one chain, or the embedded SQLite (`lib/audit/sqlAuditLog.ts`,
 * table `processing_log`) — and its head is signed with the service-center's key every minute and on
 * shutdown into `<DATA_DIR>/audit-witness/service-center.jsonl` (`lib/audit/witness.ts`), so
 * `npm run audit:verify` checks it like a department's. A citizen reads their entries as
 * `Person.serviceCenterDataUses`, whichever replica answers.
 */
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { developmentAuditKeyAt, type StoredAuditEntry } from '../../lib/audit/auditLog.ts';
import { SqlAuditLog } from '../../lib/audit/sqlAuditLog.ts';
import { AuditWitness, FileWitnessSink, MemoryWitnessSink, witnessFile } from '../../lib/audit/witness.ts';
import type { ServiceSigner } from '../../lib/auth/delegation.ts';
import { type Identity, subjectOf } from '../../lib/auth/identity.ts';
import { MAX_AUDIT_ENTRIES_PER_SUBJECT } from '../../lib/contract/protocol.ts';
import { DEPARTMENT } from './access.ts';
import type { ServiceCenterDatabase } from './storage/database.ts';
import { PROCESSING_LOG_TABLE } from './storage/migrations.ts';

/** Options of a {@link ProcessingLog}. */
export interface ProcessingLogOptions {
  /** The service-center's store, which holds the log's table. */
  database: Pick<ServiceCenterDatabase, 'auditDb' | 'engine'>;
  /**
   * The log's MAC key (`AUDIT_KEY_FILE`, required in production by `system/services.ts`); default a
   * development key in `<dataDir>/audit-dev-keys/service-center.key` (a fresh one in memory without a
   * data folder), which protects nothing against whoever holds the data folder.
   */
  key?: Uint8Array;
  /** Where the development key is kept; none: in memory. */
  dataDir?: string;
  /** Signs the witnessed heads with the service-center's key; without it no head is witnessed. */
  signer?: ServiceSigner;
  /** Where the witness log goes: `<dataDir>/audit-witness/service-center.jsonl`, or memory. */
  witness: { dataDir: string } | 'memory';
  /** The time entries are recorded at; tests move it. */
  clock?: () => Date;
}

/** One processing, as the service-center records it. */
export interface Processing {
  /** Who did it: the caller, or the service-center itself (`null`) working on an application. */
  by: Identity | null;
  /** The citizen it was done for, when not the caller: the family staff applied for, the applicant. */
  actingFor?: string | null;
  /** Why: `application <id>`, `consent <id>`; null when no application or consent is known yet. */
  purpose: string | null;
  /** What was done, e.g. `applySchoolEnrolment`, `read application`, `use consent`. */
  action: string;
  /** The citizens whose data it concerned (duplicates and non-IDs are left out). */
  subjects: ReadonlyArray<string | null | undefined>;
  /** How it ended, as an HTTP status: 200 done, 400 bad input, 401/403 refused. */
  outcome: number;
  /** The client request it was part of, when one. */
  requestId?: string | null;
}

const CITIZEN_ID_FORM = /^\d{17}[\dX]$/;

/** The HTTP status a refusal is recorded with: the error's own, else by its code. */
export function outcomeOfError(error: unknown): number {
  if (!(error instanceof GraphQLError)) return 500;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  if (status) return status;
  switch (error.extensions.code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'BAD_USER_INPUT':
      return 400;
    // An act on a 办不成事 ticket in a state that does not allow it: a conflict.
    case 'TICKET_RESOLVED':
    case 'TICKET_TAKEN':
    case 'TICKET_NOT_TAKEN':
      return 409;
    default:
      return 500;
  }
}

/** The service-center's audit log and its witness. */
export class ProcessingLog {
  readonly log: SqlAuditLog;
  readonly witness: AuditWitness | undefined;
  readonly #clock: () => Date;

  constructor(options: ProcessingLogOptions) {
    this.log = new SqlAuditLog({
      db: options.database.auditDb,
      engine: options.database.engine,
      table: PROCESSING_LOG_TABLE,
      key: options.key ?? developmentAuditKeyAt(developmentKeyFile(options.dataDir)),
    });
    this.#clock = options.clock ?? (() => new Date());
    if (options.signer) {
      const sink =
        options.witness === 'memory'
          ? new MemoryWitnessSink()
          : new FileWitnessSink(witnessFile(options.witness.dataDir, DEPARTMENT));
      this.witness = new AuditWitness(this.log, options.signer, sink);
      this.witness.start();
    }
  }

  /** Appends one processing to the log. */
  async record(processing: Processing): Promise<void> {
    const { by } = processing;
    const actor =
      by === null ? `service:${DEPARTMENT}` : by.kind === 'anonymous' ? 'anonymous' : subjectOf(by);
    const subjects = [
      ...new Set(processing.subjects.filter((id): id is string => !!id && CITIZEN_ID_FORM.test(id))),
    ].sort();
    await this.log.append({
      at: this.#clock().toISOString(),
      department: DEPARTMENT,
      actor,
      actingFor: processing.actingFor && processing.actingFor !== actor ? processing.actingFor : null,
      purpose: processing.purpose,
      action: processing.action,
      subjects,
      outcome: processing.outcome,
      requestId: processing.requestId ?? null,
    });
  }

  /**
   * Runs `work`, recording it as `processing` says once it is done — with the outcome 200, or the
   * refusal's status when it throws (and rethrowing). `describe` may complete the processing from the
   * answer (e.g. the application created, whose family are the subjects).
   */
  async recorded<T>(
    processing: Omit<Processing, 'outcome'>,
    work: () => T | Promise<T>,
    describe?: (answer: T) => Partial<Processing>,
  ): Promise<T> {
    let answer: T;
    try {
      answer = await work();
    } catch (error) {
      // When the store itself is away (the likely cause), the refusal cannot be recorded either: the
      // caller is told why the work failed, not that the record failed after it.
      await this.record({ ...processing, outcome: outcomeOfError(error) }).catch(() => {});
      throw error;
    }
    await this.record({ ...processing, ...describe?.(answer), outcome: 200 });
    return answer;
  }

  /** The entries that concern a citizen, newest first, at most 100. */
  entriesAbout(citizenId: string): Promise<StoredAuditEntry[]> {
    return this.log.entriesAbout(citizenId, MAX_AUDIT_ENTRIES_PER_SUBJECT);
  }

  /** Signs the final head (shutdown); the store may be closed after. */
  async close(): Promise<void> {
    await this.witness?.stop();
  }
}

/** Where the development key of the processing log is kept: beside the departments' development keys. */
export function developmentKeyFile(dataDir: string | undefined): string | undefined {
  return dataDir === undefined ? undefined : path.join(dataDir, 'audit-dev-keys', `${DEPARTMENT}.key`);
}
