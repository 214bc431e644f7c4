/**
 * The medical-insurance department's embedded store: enrolments (one per insured person) and their
 * yearly contributions.
 */
import type Database from 'better-sqlite3';
import { IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type { EnrolmentView } from '../../schema/medical-insurance/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import type { ContributionRecord, medicalInsuranceSeed } from './records.ts';

/** Tables of the store. A person is enrolled once: `citizen_id` is unique. */
export const MEDICAL_INSURANCE_SCHEMA = `
CREATE TABLE enrolments (
  id TEXT PRIMARY KEY,
  citizen_id TEXT NOT NULL UNIQUE,
  insured_division_code TEXT NOT NULL,
  scheme TEXT NOT NULL CHECK (scheme IN ('RESIDENT', 'EMPLOYEE')),
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
  covered_from TEXT NOT NULL,
  enrolled_on TEXT NOT NULL
);
CREATE TABLE contributions (
  enrolment_id TEXT NOT NULL REFERENCES enrolments(id),
  year INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PAID', 'WAIVED', 'UNPAID')),
  PRIMARY KEY (enrolment_id, year)
);
`;

interface EnrolmentRow {
  id: string;
  citizen_id: string;
  insured_division_code: string;
  scheme: EnrolmentView['scheme'];
  status: EnrolmentView['status'];
  covered_from: string;
  enrolled_on: string;
}

/** Queries and writes of the medical-insurance store. */
export class MedicalInsuranceStore {
  constructor(readonly db: Database.Database) {}

  /** Inserts the seed into a fresh store. */
  static loadSeed(db: Database.Database, seed: SeedData<typeof medicalInsuranceSeed>): void {
    const store = new MedicalInsuranceStore(db);
    for (const enrolment of seed.enrolments) store.insert(enrolment);
  }

  /** The enrolments of these citizens, in the order asked; citizens without one are left out. */
  enrolmentsOf(citizenIds: readonly string[]): EnrolmentView[] {
    if (citizenIds.length === 0) return [];
    const found = new Map(
      prepared<[string], EnrolmentRow>(this.db, `SELECT * FROM enrolments WHERE citizen_id ${IN_LIST}`)
        .all(listParameter(citizenIds))
        .map((row) => [row.citizen_id, row]),
    );
    const rows = citizenIds.flatMap((citizenId) => found.get(citizenId) ?? []);
    const contributions = this.#contributionsOf(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      citizenId: row.citizen_id,
      insuredDivisionCode: row.insured_division_code,
      scheme: row.scheme,
      status: row.status,
      coveredFrom: row.covered_from,
      enrolledOn: row.enrolled_on,
      contributions: contributions.get(row.id) ?? [],
    }));
  }

  /** The next free enrolment number of an insured area: one above the highest in use. */
  nextEnrolmentNumber(divisionCode: string): string {
    const row = prepared<[string], { highest: number | null }>(
      this.db,
      'SELECT MAX(CAST(substr(id, 10) AS INTEGER)) AS highest FROM enrolments WHERE insured_division_code = ?',
    ).get(divisionCode);
    return `YB${divisionCode}-${String((row?.highest ?? 0) + 1).padStart(7, '0')}`;
  }

  /** Stores an enrolment with its contributions. */
  insert(enrolment: EnrolmentView): void {
    prepared(
      this.db,
      `INSERT INTO enrolments VALUES (@id, @citizenId, @insuredDivisionCode, @scheme, @status, @coveredFrom,
           @enrolledOn)`,
    ).run(enrolment);
    const insertContribution = prepared(this.db, 'INSERT INTO contributions VALUES (?, ?, ?)');
    for (const contribution of enrolment.contributions) {
      insertContribution.run(enrolment.id, contribution.year, contribution.status);
    }
  }

  /** Each enrolment's contributions, newest year first. */
  #contributionsOf(enrolmentIds: readonly string[]): Map<string, ContributionRecord[]> {
    const byEnrolment = new Map<string, ContributionRecord[]>();
    if (enrolmentIds.length === 0) return byEnrolment;
    const rows = prepared<
      [string],
      { enrolment_id: string; year: number; status: ContributionRecord['status'] }
    >(
      this.db,
      `SELECT * FROM contributions WHERE enrolment_id ${IN_LIST}
         ORDER BY year DESC`,
    ).all(listParameter(enrolmentIds));
    for (const row of rows) {
      const list = byEnrolment.get(row.enrolment_id) ?? [];
      list.push({ year: row.year, status: row.status });
      byEnrolment.set(row.enrolment_id, list);
    }
    return byEnrolment;
  }
}
