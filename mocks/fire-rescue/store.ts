/**
 * The fire-rescue department's embedded store: the supervised premises and their fire safety checks.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  EnterpriseFireRecords,
  FireSafetyCheckView,
  PremisesAddress,
  SupervisedEnterprise,
} from '../../schema/fire-rescue/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import { checkKindFor } from './inspection.ts';
import type { FireSafetyCheckRecord, fireRescueSeed, PremisesRecord } from './records.ts';

/** Tables of the store. One premises per enterprise and address. */
export const FIRE_RESCUE_SCHEMA = `
CREATE TABLE premises (
  id TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  floor_area REAL NOT NULL CHECK (floor_area > 0),
  seats INTEGER NOT NULL CHECK (seats >= 0),
  UNIQUE (credit_code, division_code, detail)
);
CREATE INDEX premises_by_enterprise ON premises (credit_code);
CREATE TABLE fire_safety_checks (
  id TEXT PRIMARY KEY,
  premises_id TEXT NOT NULL REFERENCES premises(id),
  credit_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('COMMITMENT', 'ON_SITE_INSPECTION')),
  status TEXT NOT NULL CHECK (status IN ('ACCEPTED', 'BOOKED', 'PASSED', 'FAILED')),
  applicant TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  due_at TEXT,
  decided_at TEXT,
  findings TEXT NOT NULL
);
CREATE INDEX fire_safety_checks_by_enterprise ON fire_safety_checks (credit_code);
CREATE INDEX fire_safety_checks_by_premises ON fire_safety_checks (premises_id);
`;

/**
 * What market regulation's registration changes add to fire rescue's records: the enterprise as the
 * supervision record names it, and the checks that no longer cover its registered premises. Created on
 * every start, so a store made before them gains them.
 */
export const REGISTRATION_FOLLOW_UP_SCHEMA = `
CREATE TABLE IF NOT EXISTS supervised_enterprises (
  credit_code TEXT PRIMARY KEY,
  name TEXT,
  legal_representative TEXT,
  changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS superseded_checks (
  check_id TEXT PRIMARY KEY REFERENCES fire_safety_checks(id),
  superseded_at TEXT NOT NULL,
  superseded_by TEXT REFERENCES fire_safety_checks(id)
);
`;

/** A check with whether it was superseded. */
const CHECKS = `SELECT c.*, s.superseded_at, s.superseded_by FROM fire_safety_checks c
  LEFT JOIN superseded_checks s ON s.check_id = c.id`;

interface PremisesRow {
  id: string;
  credit_code: string;
  division_code: string;
  street: string;
  community: string;
  detail: string;
  floor_area: number;
  seats: number;
}

interface CheckRow {
  id: string;
  premises_id: string;
  credit_code: string;
  kind: FireSafetyCheckView['kind'];
  status: FireSafetyCheckView['status'];
  applicant: string;
  requested_at: string;
  due_at: string | null;
  decided_at: string | null;
  findings: string;
  superseded_at: string | null;
  superseded_by: string | null;
}

const premisesOf = (row: PremisesRow): PremisesRecord => ({
  id: row.id,
  creditCode: row.credit_code,
  address: {
    divisionCode: row.division_code,
    street: row.street,
    community: row.community,
    detail: row.detail,
  },
  floorArea: row.floor_area,
  seats: row.seats,
});

const checkOf = (row: CheckRow): FireSafetyCheckView => ({
  id: row.id,
  premisesId: row.premises_id,
  creditCode: row.credit_code,
  kind: row.kind,
  status: row.status,
  applicantCitizenId: row.applicant,
  requestedAt: row.requested_at,
  dueAt: row.due_at,
  decidedAt: row.decided_at,
  findings: JSON.parse(row.findings),
  supersededAt: row.superseded_at,
  supersededBy: row.superseded_by,
});

/** Queries and writes of the fire-rescue store. */
export class FireRescueStore {
  constructor(readonly db: Database.Database) {
    db.exec(REGISTRATION_FOLLOW_UP_SCHEMA);
  }

  /** Inserts the seed into a fresh store. */
  static loadSeed(db: Database.Database, seed: SeedData<typeof fireRescueSeed>): void {
    const store = new FireRescueStore(db);
    for (const premises of seed.premises) store.savePremises(premises);
    for (const check of seed['fire-safety-checks']) store.insertCheck(check);
  }

  /** Each enterprise's premises and checks (newest first), in the order asked; enterprises with none are left out. */
  recordsOf(creditCodes: readonly string[]): EnterpriseFireRecords[] {
    if (creditCodes.length === 0) return [];
    const codes = listParameter(creditCodes);
    const premises = groupBy(
      prepared<[string], PremisesRow>(
        this.db,
        `SELECT * FROM premises WHERE credit_code ${IN_LIST} ORDER BY id`,
      )
        .all(codes)
        .map(premisesOf),
      (entry) => entry.creditCode,
    );
    const checks = groupBy(
      prepared<[string], CheckRow>(
        this.db,
        `${CHECKS} WHERE c.credit_code ${IN_LIST} ORDER BY c.requested_at DESC, c.id DESC`,
      )
        .all(codes)
        .map(checkOf),
      (check) => check.creditCode,
    );
    return creditCodes.flatMap((creditCode) => {
      const own = premises.get(creditCode);
      if (!own) return [];
      return [
        {
          creditCode,
          registration: this.registrationOf(creditCode),
          premises: own.map((entry) => ({
            ...entry,
            inspectionRequired: checkKindFor(entry.floorArea) === 'ON_SITE_INSPECTION',
          })),
          checks: checks.get(creditCode) ?? [],
        },
      ];
    });
  }

  /** The enterprise's premises at this address (same division and detail), if fire rescue knows them. */
  premisesAt(creditCode: string, address: PremisesAddress): PremisesRecord | undefined {
    const row = prepared<[string, string, string], PremisesRow>(
      this.db,
      'SELECT * FROM premises WHERE credit_code = ? AND division_code = ? AND detail = ?',
    ).get(creditCode, address.divisionCode, address.detail);
    return row ? premisesOf(row) : undefined;
  }

  /** The checks of one premises, newest first. */
  checksOfPremises(premisesId: string): FireSafetyCheckView[] {
    return prepared<[string], CheckRow>(
      this.db,
      `${CHECKS} WHERE c.premises_id = ? ORDER BY c.requested_at DESC, c.id DESC`,
    )
      .all(premisesId)
      .map(checkOf);
  }

  /** The check with this number, if any. */
  check(id: string): FireSafetyCheckView | undefined {
    const row = prepared<[string], CheckRow>(this.db, `${CHECKS} WHERE c.id = ?`).get(id);
    return row ? checkOf(row) : undefined;
  }

  /** The next free number of a series kept per division: one above the highest in use. */
  nextNumber(table: 'premises' | 'fire_safety_checks', prefix: string, divisionCode: string): string {
    const row = prepared<[string], { highest: number | null }>(
      this.db,
      `SELECT MAX(CAST(substr(id, 10) AS INTEGER)) AS highest FROM ${table} WHERE substr(id, 3, 6) = ?`,
    ).get(divisionCode);
    return `${prefix}${divisionCode}-${String((row?.highest ?? 0) + 1).padStart(6, '0')}`;
  }

  /** Stores premises, or updates their size. */
  savePremises(premises: PremisesRecord): void {
    prepared(
      this.db,
      `INSERT INTO premises VALUES (@id, @creditCode, @divisionCode, @street, @community, @detail, @floorArea, @seats)
         ON CONFLICT (id) DO UPDATE SET floor_area = excluded.floor_area, seats = excluded.seats`,
    ).run({
      ...premises.address,
      id: premises.id,
      creditCode: premises.creditCode,
      floorArea: premises.floorArea,
      seats: premises.seats,
    });
  }

  /** Stores a new check. */
  insertCheck(check: FireSafetyCheckRecord): void {
    prepared(
      this.db,
      `INSERT INTO fire_safety_checks VALUES (@id, @premisesId, @creditCode, @kind, @status, @applicantCitizenId,
         @requestedAt, @dueAt, @decidedAt, @findings)`,
    ).run({
      id: check.id,
      premisesId: check.premisesId,
      creditCode: check.creditCode,
      kind: check.kind,
      status: check.status,
      applicantCitizenId: check.applicantCitizenId,
      requestedAt: check.requestedAt,
      dueAt: check.dueAt,
      decidedAt: check.decidedAt,
      findings: JSON.stringify(check.findings),
    });
  }

  /** Records that a check no longer covers the enterprise's registered premises, and which replaces it. */
  supersedeCheck(checkId: string, at: string, by: string | null): void {
    prepared(this.db, 'INSERT OR IGNORE INTO superseded_checks VALUES (?, ?, ?)').run(checkId, at, by);
  }

  /** The enterprise as the supervision record names it; null before any change was announced. */
  registrationOf(creditCode: string): SupervisedEnterprise | null {
    const row = prepared<
      [string],
      { name: string | null; legal_representative: string | null; changed_at: string }
    >(this.db, 'SELECT * FROM supervised_enterprises WHERE credit_code = ?').get(creditCode);
    return row
      ? { name: row.name, legalRepresentativeCitizenId: row.legal_representative, changedAt: row.changed_at }
      : null;
  }

  /** Writes the enterprise's name and representative as announced; a part not given keeps its value. */
  saveRegistration(
    creditCode: string,
    change: { name: string | null; legalRepresentativeCitizenId: string | null; changedAt: string },
  ): void {
    prepared(
      this.db,
      `INSERT INTO supervised_enterprises VALUES (@creditCode, @name, @representative, @changedAt)
         ON CONFLICT (credit_code) DO UPDATE SET name = COALESCE(excluded.name, name),
           legal_representative = COALESCE(excluded.legal_representative, legal_representative),
           changed_at = excluded.changed_at`,
    ).run({
      creditCode,
      name: change.name,
      representative: change.legalRepresentativeCitizenId,
      changedAt: change.changedAt,
    });
  }

  /** Stores a check's decision: its status, when it was decided and what was found. */
  updateCheck(check: FireSafetyCheckView): void {
    prepared(
      this.db,
      'UPDATE fire_safety_checks SET status = @status, decided_at = @decidedAt, findings = @findings WHERE id = @id',
    ).run({
      id: check.id,
      status: check.status,
      decidedAt: check.decidedAt,
      findings: JSON.stringify(check.findings),
    });
  }
}
