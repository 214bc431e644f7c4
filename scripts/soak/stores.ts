/**
 * The department stores as the exactly-once check reads them: the rows each department act leaves,
 * counted before the load and after it, and the keyed writes (`idempotent_writes`) every act is
 * recorded under with its key `<application>/<step>`.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RunningSystem } from '../../system/startSystem.ts';

/** A department act of the errands: the step, the department system that performs it and its route. */
export interface DepartmentAct {
  step: string;
  department: string;
  /** The route, also the operation its keyed writes are stored under. */
  route: string;
}

/** Every act the newborn and school enrolment errands ask a department system for. */
export const DEPARTMENT_ACTS: readonly DepartmentAct[] = [
  { step: 'issueBirthCertificate', department: 'health', route: '/v1/birth-certificates' },
  { step: 'openVaccinationRecord', department: 'health', route: '/v1/vaccination-records' },
  { step: 'registerHukou', department: 'public-security', route: '/v1/birth-registrations' },
  { step: 'bindHealthRecords', department: 'health', route: '/v1/newborn-identities' },
  {
    step: 'updateAssistance',
    department: 'civil-affairs',
    route: '/v1/assistance-cases/:caseId/members',
  },
  { step: 'registerSchoolAge', department: 'education', route: '/v1/school-age-registrations' },
  { step: 'enrolMedicalInsurance', department: 'medical-insurance', route: '/v1/newborn-enrolments' },
  { step: 'enrol', department: 'education', route: '/v1/enrolments' },
];

/** The tables whose rows the acts create, by department. */
const ACT_TABLES: Record<string, string[]> = {
  'public-security': ['birth_registrations'],
  health: ['birth_certificates', 'vaccination_records'],
  education: ['school_age_registrations', 'enrolments'],
  'civil-affairs': ['assistance_case_members'],
  'medical-insurance': ['enrolments'],
};

/** Rows per `<department>.<table>`, plus the service-center's applications and deliveries. */
export type RowCounts = Record<string, number>;

/** A keyed write of a department act. */
export interface KeyedWrite {
  department: string;
  route: string;
  key: string;
}

/** The department system stores of a running system, and the service-center's store on disk. */
export class SoakStores {
  readonly #system: RunningSystem;
  readonly #serviceCenterFile: string;

  /** @param dataDir - the system's `dataDir`, holding `service-center.sqlite` */
  constructor(system: RunningSystem, dataDir: string) {
    this.#system = system;
    this.#serviceCenterFile = path.join(dataDir, 'service-center.sqlite');
  }

  /** A department system's store, as the system lists it now (the restarted one after a restart). */
  department(name: string): Database.Database {
    const api = this.#system.departmentSystems.get(name);
    if (!api) throw new Error(`the system has no ${name} department system`);
    return api.server.db;
  }

  /** Runs `read` over the service-center's store, opened read-only beside the running subgraph. */
  serviceCenter<T>(read: (db: Database.Database) => T): T {
    const db = new Database(this.#serviceCenterFile, { readonly: true, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  /** Rows of every table an act writes, and of the service-center's applications and deliveries. */
  counts(): RowCounts {
    const counts: RowCounts = {};
    for (const [department, tables] of Object.entries(ACT_TABLES)) {
      const db = this.department(department);
      for (const table of tables) counts[`${department}.${table}`] = countRows(db, table);
    }
    this.serviceCenter((db) => {
      counts['service-center.applications'] = countRows(db, 'applications');
      counts['service-center.deliveries'] = hasTable(db, 'deliveries') ? countRows(db, 'deliveries') : 0;
    });
    return counts;
  }

  /** Every keyed write of an errand act (keys `<application>/<step>`), in every department store. */
  keyedWrites(): KeyedWrite[] {
    return DEPARTMENT_ACTS.flatMap(({ department, route }) =>
      this.department(department)
        .prepare<[string], { key: string }>('SELECT key FROM idempotent_writes WHERE operation = ?')
        .all(route)
        .map(({ key }) => ({ department, route, key })),
    );
  }
}

function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function hasTable(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}
