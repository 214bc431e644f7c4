/**
 * The urban-management department's embedded store: signboards and drainage permits, each of an
 * enterprise's premises.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type { AnnouncedRegistration } from '../../schema/market-regulation/events.ts';
import type {
  DrainagePermitView,
  EnterpriseRecords,
  PremisesAddress,
  SignboardView,
} from '../../schema/urban-management/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import type { SignboardRecord, urbanManagementSeed } from './records.ts';

/** Tables of the store. */
export const URBAN_MANAGEMENT_SCHEMA = `
CREATE TABLE signboards (
  id TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  text TEXT NOT NULL,
  width REAL NOT NULL CHECK (width > 0),
  height REAL NOT NULL CHECK (height > 0),
  area REAL NOT NULL CHECK (area > 0),
  frontage_width REAL NOT NULL CHECK (frontage_width > 0),
  applicant TEXT NOT NULL,
  registered_on TEXT NOT NULL
);
CREATE INDEX signboards_by_enterprise ON signboards (credit_code);
CREATE INDEX signboards_by_premises ON signboards (division_code, detail);
CREATE TABLE drainage_permits (
  number TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  daily_volume REAL NOT NULL CHECK (daily_volume > 0),
  applicant TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL
);
CREATE INDEX drainage_permits_by_enterprise ON drainage_permits (credit_code);
CREATE INDEX drainage_permits_by_premises ON drainage_permits (division_code, detail);
`;

/**
 * What market regulation's registration changes add to urban management's records: the enterprise as
 * its signboard and permit records name it, and the signboards that must come down because the
 * enterprise moved away. Created on every start, so a store made before them gains them.
 */
export const REGISTRATION_FOLLOW_UP_SCHEMA = `
CREATE TABLE IF NOT EXISTS recorded_enterprises (
  credit_code TEXT PRIMARY KEY,
  name TEXT,
  legal_representative TEXT,
  changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signboard_removals (
  signboard_id TEXT PRIMARY KEY REFERENCES signboards(id),
  required_at TEXT NOT NULL
);
`;

/** A signboard with whether its removal is required. */
const SIGNBOARDS = `SELECT s.*, r.required_at FROM signboards s
  LEFT JOIN signboard_removals r ON r.signboard_id = s.id`;

interface AddressColumns {
  division_code: string;
  street: string;
  community: string;
  detail: string;
}

interface SignboardRow extends AddressColumns {
  id: string;
  credit_code: string;
  text: string;
  width: number;
  height: number;
  area: number;
  frontage_width: number;
  applicant: string;
  registered_on: string;
  required_at: string | null;
}

interface PermitRow extends AddressColumns {
  number: string;
  credit_code: string;
  daily_volume: number;
  applicant: string;
  issued_on: string;
  valid_until: string;
}

const addressOf = (row: AddressColumns): PremisesAddress => ({
  divisionCode: row.division_code,
  street: row.street,
  community: row.community,
  detail: row.detail,
});

const signboardOf = (row: SignboardRow): SignboardView => ({
  id: row.id,
  creditCode: row.credit_code,
  address: addressOf(row),
  text: row.text,
  width: row.width,
  height: row.height,
  area: row.area,
  frontageWidth: row.frontage_width,
  applicantCitizenId: row.applicant,
  registeredOn: row.registered_on,
  status: row.required_at ? 'REMOVAL_REQUIRED' : 'REGISTERED',
  removalRequiredAt: row.required_at,
});

const permitOf = (row: PermitRow): DrainagePermitView => ({
  number: row.number,
  creditCode: row.credit_code,
  address: addressOf(row),
  dailyVolume: row.daily_volume,
  applicantCitizenId: row.applicant,
  issuedOn: row.issued_on,
  validUntil: row.valid_until,
});

/** Queries and writes of the urban-management store. */
export class UrbanManagementStore {
  constructor(readonly db: Database.Database) {
    db.exec(REGISTRATION_FOLLOW_UP_SCHEMA);
  }

  /** Inserts the seed into a fresh store. */
  static loadSeed(db: Database.Database, seed: SeedData<typeof urbanManagementSeed>): void {
    const store = new UrbanManagementStore(db);
    for (const signboard of seed.signboards) store.insertSignboard(signboard);
    for (const permit of seed['drainage-permits']) store.insertDrainagePermit(permit);
  }

  /** The records of these enterprises, in the order asked; enterprises without any are left out. */
  recordsOf(creditCodes: readonly string[]): EnterpriseRecords[] {
    if (creditCodes.length === 0) return [];
    const codes = listParameter(creditCodes);
    const signboards = groupBy(
      prepared<[string], SignboardRow>(
        this.db,
        `${SIGNBOARDS} WHERE s.credit_code ${IN_LIST} ORDER BY s.registered_on DESC, s.id DESC`,
      )
        .all(codes)
        .map(signboardOf),
      (signboard) => signboard.creditCode,
    );
    const permits = groupBy(
      prepared<[string], PermitRow>(
        this.db,
        `SELECT * FROM drainage_permits WHERE credit_code ${IN_LIST} ORDER BY issued_on DESC, number DESC`,
      )
        .all(codes)
        .map(permitOf),
      (permit) => permit.creditCode,
    );
    return creditCodes.flatMap((creditCode) => {
      const records = {
        creditCode,
        registration: this.registrationOf(creditCode),
        signboards: signboards.get(creditCode) ?? [],
        drainagePermits: permits.get(creditCode) ?? [],
      };
      return records.signboards.length + records.drainagePermits.length > 0 ? [records] : [];
    });
  }

  /** The signboard of these premises (same division and detail), if any. */
  signboardAt(address: PremisesAddress): SignboardView | undefined {
    const row = prepared<[string, string], SignboardRow>(
      this.db,
      `${SIGNBOARDS} WHERE s.division_code = ? AND s.detail = ? ORDER BY s.registered_on DESC LIMIT 1`,
    ).get(address.divisionCode, address.detail);
    return row ? signboardOf(row) : undefined;
  }

  /** A permit of these premises (same division and detail) valid on `today`, if any. */
  permitValidAt(address: PremisesAddress, today: string): DrainagePermitView | undefined {
    const row = prepared<[string, string, string], PermitRow>(
      this.db,
      `SELECT * FROM drainage_permits WHERE division_code = ? AND detail = ? AND valid_until >= ?
         ORDER BY issued_on DESC LIMIT 1`,
    ).get(address.divisionCode, address.detail, today);
    return row ? permitOf(row) : undefined;
  }

  /** How many signboards of a division, or permits of a division issued in a year, are on file. */
  countIn(table: 'signboards' | 'drainage_permits', prefix: string): number {
    const row = prepared<[string], { count: number }>(
      this.db,
      `SELECT COUNT(*) AS count FROM ${table} WHERE ${table === 'signboards' ? 'id' : 'number'} LIKE ? || '%'`,
    ).get(prefix);
    return row?.count ?? 0;
  }

  /** Stores a signboard. */
  insertSignboard(signboard: SignboardRecord): void {
    const { address } = signboard;
    prepared(
      this.db,
      `INSERT INTO signboards VALUES (@id, @creditCode, @divisionCode, @street, @community, @detail, @text,
         @width, @height, @area, @frontageWidth, @applicantCitizenId, @registeredOn)`,
    ).run({
      ...address,
      id: signboard.id,
      creditCode: signboard.creditCode,
      text: signboard.text,
      width: signboard.width,
      height: signboard.height,
      area: signboard.area,
      frontageWidth: signboard.frontageWidth,
      applicantCitizenId: signboard.applicantCitizenId,
      registeredOn: signboard.registeredOn,
    });
  }

  /** The enterprise's signboards at this address (same division and detail) still registered. */
  registeredSignboardsAt(creditCode: string, address: PremisesAddress): SignboardView[] {
    return prepared<[string, string, string], SignboardRow>(
      this.db,
      `${SIGNBOARDS} WHERE s.credit_code = ? AND s.division_code = ? AND s.detail = ? AND r.required_at IS NULL
         ORDER BY s.id`,
    )
      .all(creditCode, address.divisionCode, address.detail)
      .map(signboardOf);
  }

  /** Records that a signboard must come down. */
  requireRemoval(signboardId: string, at: string): void {
    prepared(this.db, 'INSERT OR IGNORE INTO signboard_removals VALUES (?, ?)').run(signboardId, at);
  }

  /** The enterprise as the records name it; null before any change was announced. */
  registrationOf(creditCode: string): AnnouncedRegistration | null {
    const row = prepared<
      [string],
      { name: string | null; legal_representative: string | null; changed_at: string }
    >(this.db, 'SELECT * FROM recorded_enterprises WHERE credit_code = ?').get(creditCode);
    return row
      ? { name: row.name, legalRepresentativeCitizenId: row.legal_representative, changedAt: row.changed_at }
      : null;
  }

  /** Writes the enterprise's name and representative as announced; a part not given keeps its value. */
  saveRegistration(creditCode: string, change: AnnouncedRegistration): void {
    prepared(
      this.db,
      `INSERT INTO recorded_enterprises VALUES (@creditCode, @name, @representative, @changedAt)
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

  /** Stores a drainage permit. */
  insertDrainagePermit(permit: DrainagePermitView): void {
    const { address, ...rest } = permit;
    prepared(
      this.db,
      `INSERT INTO drainage_permits VALUES (@number, @creditCode, @divisionCode, @street, @community, @detail,
         @dailyVolume, @applicantCitizenId, @issuedOn, @validUntil)`,
    ).run({ ...rest, ...address });
  }
}
