/**
 * The public-security department's embedded store: households, the people registered in them and
 * the birth registrations made through the API.
 */
import type Database from 'better-sqlite3';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  BirthRegistration,
  BirthRegistrationRequest,
  HouseholdView,
  PersonView,
} from '../../schema/public-security/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { SeedData } from '../kit/seed.ts';
import { RECORD_SHARES_SCHEMA, type RecordSharesOf, recordSharesOf } from './recordShares.ts';
import type { publicSecuritySeed } from './records.ts';

/** Tables of the store; every value is a column so that look-ups stay indexed. */
export const PUBLIC_SECURITY_SCHEMA = `
CREATE TABLE households (
  id TEXT PRIMARY KEY,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  community TEXT NOT NULL,
  detail TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('FAMILY', 'COLLECTIVE')),
  head_citizen_id TEXT NOT NULL,
  registered_on TEXT NOT NULL
);
CREATE TABLE persons (
  citizen_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  ethnicity TEXT NOT NULL,
  household_id TEXT NOT NULL REFERENCES households(id),
  relation_to_head TEXT NOT NULL,
  phone TEXT,
  father_citizen_id TEXT,
  mother_citizen_id TEXT
);
CREATE INDEX persons_by_household ON persons(household_id);
CREATE TABLE birth_registrations (
  birth_certificate_number TEXT PRIMARY KEY,
  citizen_id TEXT NOT NULL UNIQUE REFERENCES persons(citizen_id),
  household_id TEXT NOT NULL,
  registered_on TEXT NOT NULL
);
${RECORD_SHARES_SCHEMA}`;

interface PersonRow {
  citizen_id: string;
  name: string;
  sex: 'MALE' | 'FEMALE';
  birth_date: string;
  ethnicity: string;
  household_id: string;
  relation_to_head: PersonView['relationToHead'];
  phone: string | null;
  father_citizen_id: string | null;
  mother_citizen_id: string | null;
  hukou_division_code: string;
  household_kind: HouseholdView['kind'];
}

interface HouseholdRow {
  id: string;
  division_code: string;
  street: string;
  community: string;
  detail: string;
  kind: HouseholdView['kind'];
  head_citizen_id: string;
  registered_on: string;
}

/** Inserts the seed into a fresh store. */
export function loadPublicSecuritySeed(
  db: Database.Database,
  seed: SeedData<typeof publicSecuritySeed>,
): void {
  const insertHousehold = prepared(
    db,
    `INSERT INTO households VALUES (@id, @divisionCode, @street, @community, @detail, @kind, @headCitizenId,
       @registeredOn)`,
  );
  for (const household of seed.households) insertHousehold.run(household);
  const insertPerson = prepared(
    db,
    `INSERT INTO persons VALUES (@citizenId, @name, @sex, @birthDate, @ethnicity, @householdId, @relationToHead,
       @phone, @fatherCitizenId, @motherCitizenId)`,
  );
  for (const person of seed.persons) insertPerson.run(person);
}

function toPersonView(row: PersonRow, shares: RecordSharesOf): PersonView {
  return {
    citizenId: row.citizen_id,
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    ethnicity: row.ethnicity,
    householdId: row.household_id,
    relationToHead: row.relation_to_head,
    phone: row.phone,
    fatherCitizenId: row.father_citizen_id,
    motherCitizenId: row.mother_citizen_id,
    hukouDivisionCode: row.hukou_division_code,
    householdKind: row.household_kind,
    recordsSharedWith: shares.sharedWith.get(row.citizen_id) ?? [],
    recordsSharedByOthers: shares.sharedBy.get(row.citizen_id) ?? [],
  };
}

/** Queries and writes of the public-security store. */
export class PublicSecurityStore {
  constructor(
    readonly db: Database.Database,
    private readonly today: () => string,
  ) {}

  /** The people with the given citizen IDs, with the shares of records in force today; unknown IDs are left out. */
  personsByIds(ids: readonly string[]): PersonView[] {
    const rows = prepared<[string], PersonRow>(
      this.db,
      `SELECT p.*, h.division_code AS hukou_division_code, h.kind AS household_kind FROM persons p JOIN households h ON h.id = p.household_id
         WHERE p.citizen_id ${IN_LIST}`,
    ).all(listParameter(ids));
    const shares = recordSharesOf(this.db, ids, this.today());
    return rows.map((row) => toPersonView(row, shares));
  }

  /** The households with the given numbers, each with its members (head first); unknown ones are left out. */
  householdsByIds(ids: readonly string[]): HouseholdView[] {
    const households = prepared<[string], HouseholdRow>(
      this.db,
      `SELECT * FROM households WHERE id ${IN_LIST}`,
    ).all(listParameter(ids));
    const members = prepared<[string], { household_id: string; citizen_id: string }>(
      this.db,
      `SELECT household_id, citizen_id FROM persons WHERE household_id ${IN_LIST}
         ORDER BY relation_to_head = 'HEAD' DESC, birth_date, citizen_id`,
    ).all(listParameter(ids));
    const membersOf = groupBy(members, (m) => m.household_id);
    return households.map((h) => ({
      id: h.id,
      divisionCode: h.division_code,
      street: h.street,
      community: h.community,
      detail: h.detail,
      kind: h.kind,
      headCitizenId: h.head_citizen_id,
      registeredOn: h.registered_on,
      memberCitizenIds: (membersOf.get(h.id) ?? []).map((m) => m.citizen_id),
    }));
  }

  /**
   * Registers a newborn in a household and issues its citizen ID from the household's division code,
   * the birth date and the next free sequence number of the right parity. One registration per birth
   * certificate: a second request for the same certificate is refused with the ID already issued.
   */
  registerBirth(request: BirthRegistrationRequest, today: string): BirthRegistration {
    const existing = prepared<[string], { citizen_id: string }>(
      this.db,
      'SELECT citizen_id FROM birth_registrations WHERE birth_certificate_number = ?',
    ).get(request.birthCertificateNumber);
    if (existing) {
      throw new ApiError(
        409,
        'BIRTH_ALREADY_REGISTERED',
        'this birth certificate has already been registered',
        {
          citizenId: existing.citizen_id,
        },
      );
    }
    const [household] = this.householdsByIds([request.householdId]);
    if (!household) {
      throw new ApiError(404, 'HOUSEHOLD_NOT_FOUND', `household ${request.householdId} does not exist`);
    }
    const parents = [request.fatherCitizenId, request.motherCitizenId].filter((id): id is string => !!id);
    if (!parents.some((id) => household.memberCitizenIds.includes(id))) {
      throw new ApiError(
        422,
        'PARENT_NOT_IN_HOUSEHOLD',
        `neither parent is registered in household ${household.id}; a newborn joins a parent's household`,
      );
    }
    const citizenId = this.#nextCitizenId(household.divisionCode, request.birthDate, request.sex);
    const relation =
      household.headCitizenId === request.fatherCitizenId ||
      household.headCitizenId === request.motherCitizenId
        ? 'CHILD'
        : 'GRANDCHILD';
    prepared(
      this.db,
      `INSERT INTO persons VALUES (@citizenId, @name, @sex, @birthDate, @ethnicity, @householdId, @relation,
           NULL, @fatherCitizenId, @motherCitizenId)`,
    ).run({ ...request, ethnicity: request.ethnicity ?? '汉族', citizenId, relation });
    prepared(this.db, 'INSERT INTO birth_registrations VALUES (?, ?, ?, ?)').run(
      request.birthCertificateNumber,
      citizenId,
      household.id,
      today,
    );
    return {
      citizenId,
      householdId: household.id,
      birthCertificateNumber: request.birthCertificateNumber,
      registeredOn: today,
    };
  }

  /** The lowest free sequence number with the parity of `sex` for this division and birth date. */
  #nextCitizenId(divisionCode: string, birthDate: string, sex: 'MALE' | 'FEMALE'): string {
    const prefix = `${divisionCode}${birthDate.replaceAll('-', '')}`;
    const taken = new Set(
      prepared<[string], { citizen_id: string }>(
        this.db,
        'SELECT citizen_id FROM persons WHERE citizen_id LIKE ?',
      )
        .all(`${prefix}%`)
        .map((row) => Number(row.citizen_id.slice(14, 17))),
    );
    for (let sequence = sex === 'MALE' ? 1 : 2; sequence <= 999; sequence += 2) {
      if (!taken.has(sequence)) return composeCitizenId({ divisionCode, birthDate, sequence, sex });
    }
    throw new ApiError(503, 'SEQUENCE_EXHAUSTED', `no free sequence number left for ${prefix}`);
  }
}
