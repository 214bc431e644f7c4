/**
 * The urban-management department's embedded store: signboards and drainage permits, each of an
 * enterprise's premises.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  DrainagePermitView,
  EnterpriseRecords,
  PremisesAddress,
  SignboardView,
} from '../../schema/urban-management/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import type { urbanManagementSeed } from './records.ts';

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
  constructor(readonly db: Database.Database) {}

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
        `SELECT * FROM signboards WHERE credit_code ${IN_LIST} ORDER BY registered_on DESC, id DESC`,
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
      'SELECT * FROM signboards WHERE division_code = ? AND detail = ? ORDER BY registered_on DESC LIMIT 1',
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
  insertSignboard(signboard: SignboardView): void {
    const { address, ...rest } = signboard;
    prepared(
      this.db,
      `INSERT INTO signboards VALUES (@id, @creditCode, @divisionCode, @street, @community, @detail, @text,
         @width, @height, @area, @frontageWidth, @applicantCitizenId, @registeredOn)`,
    ).run({ ...rest, ...address });
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
