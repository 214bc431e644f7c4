/**
 * The market-regulation department's embedded store: the enterprise register, the dishonesty list,
 * authorisations, food business licences and name declarations.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  AuthorisationView,
  EnterpriseView,
  FoodLicenceView,
  NameDeclarationView,
} from '../../schema/market-regulation/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import type { DishonestyRecord, EnterpriseRecord, marketRegulationSeed } from './records.ts';

/** Tables of the store. A name belongs to one enterprise of the register: `name` is unique. */
export const MARKET_REGULATION_SCHEMA = `
CREATE TABLE enterprises (
  credit_code TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  industry TEXT NOT NULL,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  business_scope TEXT NOT NULL,
  legal_representative TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED', 'DEREGISTERED')),
  registered_on TEXT NOT NULL
);
CREATE INDEX enterprises_by_representative ON enterprises (legal_representative);
CREATE TABLE dishonesty_list (
  credit_code TEXT PRIMARY KEY REFERENCES enterprises(credit_code),
  listed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  authority TEXT NOT NULL
);
CREATE TABLE authorisations (
  id TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
  agent_citizen_id TEXT NOT NULL,
  matters TEXT NOT NULL,
  granted_on TEXT NOT NULL,
  valid_until TEXT NOT NULL
);
CREATE INDEX authorisations_by_enterprise ON authorisations (credit_code);
CREATE TABLE food_licences (
  number TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  floor_area REAL NOT NULL CHECK (floor_area > 0),
  seats INTEGER NOT NULL CHECK (seats >= 0),
  business_items TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL
);
CREATE INDEX food_licences_by_enterprise ON food_licences (credit_code);
CREATE TABLE name_declarations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  applicant TEXT NOT NULL,
  declared_on TEXT NOT NULL,
  reserved_until TEXT NOT NULL
);
CREATE INDEX name_declarations_by_name ON name_declarations (name);
`;

interface EnterpriseRow {
  credit_code: string;
  name: string;
  type: EnterpriseView['type'];
  industry: EnterpriseView['industry'];
  division_code: string;
  street: string;
  community: string;
  detail: string;
  business_scope: string;
  legal_representative: string;
  status: EnterpriseView['status'];
  registered_on: string;
}

interface LicenceRow {
  number: string;
  credit_code: string;
  division_code: string;
  street: string;
  community: string;
  detail: string;
  floor_area: number;
  seats: number;
  business_items: string;
  issued_on: string;
  valid_until: string;
}

interface AuthorisationRow {
  id: string;
  credit_code: string;
  agent_citizen_id: string;
  matters: string;
  granted_on: string;
  valid_until: string;
}

interface DeclarationRow {
  id: string;
  name: string;
  division_code: string;
  applicant: string;
  declared_on: string;
  reserved_until: string;
}

const licenceOf = (row: LicenceRow): FoodLicenceView => ({
  number: row.number,
  creditCode: row.credit_code,
  premises: {
    address: {
      divisionCode: row.division_code,
      street: row.street,
      community: row.community,
      detail: row.detail,
    },
    floorArea: row.floor_area,
    seats: row.seats,
  },
  businessItems: JSON.parse(row.business_items),
  issuedOn: row.issued_on,
  validUntil: row.valid_until,
});

const authorisationOf = (row: AuthorisationRow): AuthorisationView => ({
  id: row.id,
  creditCode: row.credit_code,
  agentCitizenId: row.agent_citizen_id,
  matters: JSON.parse(row.matters),
  grantedOn: row.granted_on,
  validUntil: row.valid_until,
});

const declarationOf = (row: DeclarationRow): NameDeclarationView => ({
  id: row.id,
  name: row.name,
  divisionCode: row.division_code,
  applicantCitizenId: row.applicant,
  declaredOn: row.declared_on,
  reservedUntil: row.reserved_until,
});

/** Queries and writes of the market-regulation store. */
export class MarketRegulationStore {
  constructor(readonly db: Database.Database) {}

  /** Inserts the seed into a fresh store. */
  static loadSeed(db: Database.Database, seed: SeedData<typeof marketRegulationSeed>): void {
    const store = new MarketRegulationStore(db);
    for (const enterprise of seed.enterprises) store.insertEnterprise(enterprise);
    for (const entry of seed['dishonesty-list']) store.#insertListing(entry);
    for (const authorisation of seed.authorisations) store.#insertAuthorisation(authorisation);
    for (const licence of seed['food-licences']) store.insertFoodLicence(licence);
  }

  /** The enterprises with these credit codes, in the order asked; unknown codes are left out. */
  enterprisesOf(creditCodes: readonly string[]): EnterpriseView[] {
    if (creditCodes.length === 0) return [];
    const rows = prepared<[string], EnterpriseRow>(
      this.db,
      `SELECT * FROM enterprises WHERE credit_code ${IN_LIST}`,
    ).all(listParameter(creditCodes));
    const byCode = new Map(rows.map((row) => [row.credit_code, row]));
    return this.#views(creditCodes.flatMap((code) => byCode.get(code) ?? []));
  }

  /** The enterprises each citizen is the legal representative of, by citizen ID, oldest registration first. */
  enterprisesRepresentedBy(citizenIds: readonly string[]): Map<string, EnterpriseView[]> {
    if (citizenIds.length === 0) return new Map();
    const rows = prepared<[string], EnterpriseRow>(
      this.db,
      `SELECT * FROM enterprises WHERE legal_representative ${IN_LIST} ORDER BY registered_on, credit_code`,
    ).all(listParameter(citizenIds));
    return groupBy(this.#views(rows), (enterprise) => enterprise.legalRepresentativeCitizenId);
  }

  /** The authorisations these enterprises recorded, newest first, by credit code. */
  authorisationsOf(creditCodes: readonly string[]): Map<string, AuthorisationView[]> {
    if (creditCodes.length === 0) return new Map();
    const rows = prepared<[string], AuthorisationRow>(
      this.db,
      `SELECT * FROM authorisations WHERE credit_code ${IN_LIST} ORDER BY granted_on DESC, id DESC`,
    ).all(listParameter(creditCodes));
    return groupBy(rows.map(authorisationOf), (authorisation) => authorisation.creditCode);
  }

  /** The enterprise (not deregistered) registered under exactly this name, if any. */
  enterpriseNamed(name: string): EnterpriseRecord | undefined {
    const row = prepared<[string], EnterpriseRow>(
      this.db,
      `SELECT * FROM enterprises WHERE name = ? AND status != 'DEREGISTERED'`,
    ).get(name);
    return row ? this.#recordOf(row) : undefined;
  }

  /** The declarations of this name still reserved on `today`. */
  reservationsOf(name: string, today: string): NameDeclarationView[] {
    return prepared<[string, string], DeclarationRow>(
      this.db,
      'SELECT * FROM name_declarations WHERE name = ? AND reserved_until >= ? ORDER BY declared_on, id',
    )
      .all(name, today)
      .map(declarationOf);
  }

  /** The next free number of a series kept per division: one above the highest in use. */
  nextNumber(table: 'name_declarations' | 'authorisations', prefix: string, divisionCode: string): string {
    const row = prepared<[string], { highest: number | null }>(
      this.db,
      `SELECT MAX(CAST(substr(id, 10) AS INTEGER)) AS highest FROM ${table} WHERE substr(id, 3, 6) = ?`,
    ).get(divisionCode);
    return `${prefix}${divisionCode}-${String((row?.highest ?? 0) + 1).padStart(6, '0')}`;
  }

  /** How many enterprises and licences of a division are on file: new numbers follow them. */
  countIn(table: 'enterprises' | 'food_licences', divisionCode: string): number {
    const row = prepared<[string], { count: number }>(
      this.db,
      `SELECT COUNT(*) AS count FROM ${table} WHERE ${table === 'enterprises' ? 'substr(credit_code, 3, 6)' : 'substr(number, 4, 6)'} = ?`,
    ).get(divisionCode);
    return row?.count ?? 0;
  }

  /** Stores a declaration. */
  insertDeclaration(declaration: NameDeclarationView): void {
    prepared(
      this.db,
      'INSERT INTO name_declarations VALUES (@id, @name, @divisionCode, @applicantCitizenId, @declaredOn, @reservedUntil)',
    ).run(declaration);
  }

  /** Stores an enterprise of the register. */
  insertEnterprise(enterprise: EnterpriseRecord): void {
    const { registeredAddress: address, ...rest } = enterprise;
    prepared(
      this.db,
      `INSERT INTO enterprises VALUES (@creditCode, @name, @type, @industry, @divisionCode, @street, @community,
         @detail, @businessScope, @legalRepresentativeCitizenId, @status, @registeredOn)`,
    ).run({ ...rest, ...address });
  }

  /** Stores a food business licence. */
  insertFoodLicence(licence: FoodLicenceView): void {
    const { address } = licence.premises;
    prepared(
      this.db,
      `INSERT INTO food_licences VALUES (@number, @creditCode, @divisionCode, @street, @community, @detail,
         @floorArea, @seats, @businessItems, @issuedOn, @validUntil)`,
    ).run({
      ...address,
      number: licence.number,
      creditCode: licence.creditCode,
      floorArea: licence.premises.floorArea,
      seats: licence.premises.seats,
      businessItems: JSON.stringify(licence.businessItems),
      issuedOn: licence.issuedOn,
      validUntil: licence.validUntil,
    });
  }

  /** Writes an enterprise's name, registered address and legal representative as they now are. */
  updateRegistration(enterprise: EnterpriseRecord): void {
    const { registeredAddress: address } = enterprise;
    prepared(
      this.db,
      `UPDATE enterprises SET name = @name, division_code = @divisionCode, street = @street,
         community = @community, detail = @detail, legal_representative = @legalRepresentativeCitizenId
       WHERE credit_code = @creditCode`,
    ).run({
      ...address,
      creditCode: enterprise.creditCode,
      name: enterprise.name,
      legalRepresentativeCitizenId: enterprise.legalRepresentativeCitizenId,
    });
  }

  /** Moves a food business licence's premises to `address`, its size and items unchanged. */
  movePremises(licenceNumber: string, address: FoodLicenceView['premises']['address']): void {
    prepared(
      this.db,
      `UPDATE food_licences SET division_code = @divisionCode, street = @street, community = @community,
         detail = @detail WHERE number = @number`,
    ).run({ ...address, number: licenceNumber });
  }

  #insertListing(entry: DishonestyRecord): void {
    prepared(this.db, 'INSERT INTO dishonesty_list VALUES (@creditCode, @listedOn, @reason, @authority)').run(
      entry,
    );
  }

  #insertAuthorisation(authorisation: AuthorisationView): void {
    prepared(
      this.db,
      'INSERT INTO authorisations VALUES (@id, @creditCode, @agentCitizenId, @matters, @grantedOn, @validUntil)',
    ).run({ ...authorisation, matters: JSON.stringify(authorisation.matters) });
  }

  #recordOf(row: EnterpriseRow): EnterpriseRecord {
    return {
      creditCode: row.credit_code,
      name: row.name,
      type: row.type,
      industry: row.industry,
      registeredAddress: {
        divisionCode: row.division_code,
        street: row.street,
        community: row.community,
        detail: row.detail,
      },
      businessScope: row.business_scope,
      legalRepresentativeCitizenId: row.legal_representative,
      status: row.status,
      registeredOn: row.registered_on,
    };
  }

  /** Each enterprise with its licences (newest first) and any listing, in the rows' order. */
  #views(rows: readonly EnterpriseRow[]): EnterpriseView[] {
    if (rows.length === 0) return [];
    const codes = listParameter(rows.map((row) => row.credit_code));
    const licences = groupBy(
      prepared<[string], LicenceRow>(
        this.db,
        `SELECT * FROM food_licences WHERE credit_code ${IN_LIST} ORDER BY issued_on DESC, number DESC`,
      )
        .all(codes)
        .map(licenceOf),
      (licence) => licence.creditCode,
    );
    const listings = new Map(
      prepared<[string], DishonestyRecord>(
        this.db,
        `SELECT credit_code AS creditCode, listed_on AS listedOn, reason, authority FROM dishonesty_list
           WHERE credit_code ${IN_LIST}`,
      )
        .all(codes)
        .map((entry) => [entry.creditCode, entry]),
    );
    return rows.map((row) => {
      const listing = listings.get(row.credit_code);
      return {
        ...this.#recordOf(row),
        dishonesty: listing
          ? { listedOn: listing.listedOn, reason: listing.reason, authority: listing.authority }
          : null,
        foodLicences: licences.get(row.credit_code) ?? [],
      };
    });
  }
}
