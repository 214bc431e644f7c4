/**
 * Primary-school admission (小学入学) in the education department's store: a child gets a place in a
 * school's entry class while it has room, else a place on the school's waiting list. The list is
 * ordered by priority first (any priority category ahead of none), then by the order of requests.
 */

import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared } from '../../lib/sqlite.ts';
import type {
  EnrolmentDecision,
  EnrolmentPriority,
  EnrolmentRequest,
} from '../../schema/education/contract.ts';
import { ApiError } from '../kit/errors.ts';

/**
 * The admission requests made through the API, beside the seed's `enrolments` table: what ranks a
 * waitlisted child. `seq` orders requests; an enrolment without a row here (from the seed) ranks
 * first among those without priority, as it was on the list before any request.
 */
export const ADMISSION_SCHEMA = `
CREATE TABLE IF NOT EXISTS admission_requests (
  seq INTEGER PRIMARY KEY,
  enrolment_id TEXT NOT NULL UNIQUE REFERENCES enrolments(id),
  priorities TEXT NOT NULL,
  priority_rank INTEGER NOT NULL
)`;

interface SchoolRow {
  id: string;
  stage: string;
  capacity: number;
}

interface EnrolmentRow {
  id: string;
  citizen_id: string;
  school_id: string;
  entry_year: number;
  status: string;
}

/** Admits children to primary schools; one enrolment per child and entry year. */
export class AdmissionOffice {
  constructor(private readonly db: Database.Database) {
    // Created here, not with the seed's tables, so a store seeded before admissions existed gains it.
    db.exec(ADMISSION_SCHEMA);
  }

  /**
   * Decides a request: ENROLLED while the school's entry class of that year has fewer admitted pupils
   * than its capacity, else WAITLISTED. A child already enrolled or waitlisted for the year at the same
   * school gets that enrolment back; at another school the request is refused (409
   * `ENROLMENT_EXISTS`). Refuses an unknown school (404 `SCHOOL_NOT_FOUND`) and a school that is not a
   * primary school (422 `NOT_A_PRIMARY_SCHOOL`).
   */
  enrol(request: EnrolmentRequest): EnrolmentDecision {
    const school = prepared<[string], SchoolRow>(
      this.db,
      'SELECT id, stage, capacity FROM schools WHERE id = ?',
    ).get(request.schoolId);
    if (!school) {
      throw new ApiError(404, 'SCHOOL_NOT_FOUND', `the education register has no school ${request.schoolId}`);
    }
    if (school.stage !== 'PRIMARY') {
      throw new ApiError(
        422,
        'NOT_A_PRIMARY_SCHOOL',
        `school ${school.id} teaches ${school.stage}; children enter school at a PRIMARY school`,
      );
    }
    const existing = prepared<[string, number], EnrolmentRow>(
      this.db,
      "SELECT * FROM enrolments WHERE citizen_id = ? AND entry_year = ? AND status IN ('ENROLLED', 'WAITLISTED')",
    ).get(request.citizenId, request.entryYear);
    if (existing) {
      if (existing.school_id === school.id) return this.#decision(existing);
      throw new ApiError(
        409,
        'ENROLMENT_EXISTS',
        `child ${request.citizenId} is already ${existing.status.toLowerCase()} at school ${existing.school_id} for ${request.entryYear}; one enrolment per child and school year`,
        { enrolmentId: existing.id, schoolId: existing.school_id, status: existing.status },
      );
    }
    const admitted = prepared<[string, number], { count: number }>(
      this.db,
      "SELECT COUNT(*) AS count FROM enrolments WHERE school_id = ? AND entry_year = ? AND status IN ('ENROLLED', 'GRADUATED')",
    ).get(school.id, request.entryYear)?.count as number;
    const priorities = [...new Set(request.priorities ?? [])];
    const row: EnrolmentRow = {
      id: this.#newEnrolmentId(request.entryYear),
      citizen_id: request.citizenId,
      school_id: school.id,
      entry_year: request.entryYear,
      status: admitted < school.capacity ? 'ENROLLED' : 'WAITLISTED',
    };
    prepared(this.db, 'INSERT INTO enrolments VALUES (?, ?, ?, ?, ?)').run(...Object.values(row));
    prepared(
      this.db,
      'INSERT INTO admission_requests (enrolment_id, priorities, priority_rank) VALUES (?, ?, ?)',
    ).run(row.id, JSON.stringify(priorities), priorities.length > 0 ? 1 : 0);
    return this.#decision(row);
  }

  /** An enrolment as a decision, with its place on the waiting list as it stands now. */
  #decision(row: EnrolmentRow): EnrolmentDecision {
    const request = prepared<[string], { seq: number; priorities: string; priority_rank: number }>(
      this.db,
      'SELECT seq, priorities, priority_rank FROM admission_requests WHERE enrolment_id = ?',
    ).get(row.id);
    let waitlistPosition: number | null = null;
    if (row.status === 'WAITLISTED') {
      const rank = request?.priority_rank ?? 0;
      const seq = request?.seq ?? 0;
      waitlistPosition =
        (prepared<[string, number, string, number, number, number], { ahead: number }>(
          this.db,
          `SELECT COUNT(*) AS ahead FROM enrolments e LEFT JOIN admission_requests r ON r.enrolment_id = e.id
             WHERE e.school_id = ? AND e.entry_year = ? AND e.status = 'WAITLISTED' AND e.id != ?
               AND (COALESCE(r.priority_rank, 0) > ? OR (COALESCE(r.priority_rank, 0) = ? AND COALESCE(r.seq, 0) < ?))`,
        ).get(row.school_id, row.entry_year, row.id, rank, rank, seq)?.ahead ?? 0) + 1;
    }
    return {
      id: row.id,
      citizenId: row.citizen_id,
      schoolId: row.school_id,
      entryYear: row.entry_year,
      status: row.status as EnrolmentDecision['status'],
      priorities: request ? (JSON.parse(request.priorities) as EnrolmentPriority[]) : [],
      waitlistPosition,
    };
  }

  /** A fresh enrolment id in the register's style, `EN<entry year>-<6 digits>`. */
  #newEnrolmentId(entryYear: number): string {
    const taken = prepared<[string], { id: string }>(this.db, 'SELECT id FROM enrolments WHERE id = ?');
    for (;;) {
      const id = `EN${entryYear}-${String(randomInt(1_000_000)).padStart(6, '0')}`;
      if (!taken.get(id)) return id;
    }
  }
}
