/**
 * The civil-affairs department's embedded store: marriage registrations, social-assistance cases and
 * the members of each case.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  AssistanceCaseView,
  CaseMemberRequest,
  HouseholdView,
  MarriageView,
  PersonView,
} from '../../schema/civil-affairs/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { SeedData } from '../kit/seed.ts';
import type { civilAffairsSeed } from './records.ts';

/**
 * Tables of the store. A case's members are rows of their own so that "which case is this citizen
 * in" stays an indexed look-up; `reason` and `joined_on` are null for members the case opened with.
 */
export const CIVIL_AFFAIRS_SCHEMA = `
CREATE TABLE marriages (
  id TEXT PRIMARY KEY,
  husband_citizen_id TEXT NOT NULL,
  wife_citizen_id TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  registry_division_code TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('MARRIED', 'DIVORCED'))
);
CREATE INDEX marriages_by_husband ON marriages(husband_citizen_id);
CREATE INDEX marriages_by_wife ON marriages(wife_citizen_id);
CREATE TABLE assistance_cases (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('MINIMUM_LIVING', 'EXTREME_POVERTY')),
  household_id TEXT NOT NULL,
  division_code TEXT NOT NULL,
  monthly_amount_yuan INTEGER NOT NULL,
  since TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'CLOSED'))
);
CREATE INDEX assistance_cases_by_household ON assistance_cases(household_id);
CREATE TABLE assistance_case_members (
  case_id TEXT NOT NULL REFERENCES assistance_cases(id),
  citizen_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  reason TEXT,
  joined_on TEXT,
  PRIMARY KEY (case_id, citizen_id)
);
CREATE INDEX assistance_case_members_by_citizen ON assistance_case_members(citizen_id);
`;

interface MarriageRow {
  id: string;
  husband_citizen_id: string;
  wife_citizen_id: string;
  registered_on: string;
  registry_division_code: string;
  status: MarriageView['status'];
}

interface CaseRow {
  id: string;
  kind: AssistanceCaseView['kind'];
  household_id: string;
  division_code: string;
  monthly_amount_yuan: number;
  since: string;
  status: AssistanceCaseView['status'];
}

/** Inserts the seed into a fresh store. */
export function loadCivilAffairsSeed(db: Database.Database, seed: SeedData<typeof civilAffairsSeed>): void {
  const insertMarriage = prepared(
    db,
    `INSERT INTO marriages VALUES (@id, @husbandCitizenId, @wifeCitizenId, @registeredOn, @registryDivisionCode,
       @status)`,
  );
  for (const marriage of seed.marriages) insertMarriage.run(marriage);
  const insertCase = prepared(
    db,
    `INSERT INTO assistance_cases VALUES (@id, @kind, @householdId, @divisionCode, @monthlyAmountYuan, @since,
       @status)`,
  );
  const insertMember = prepared(db, 'INSERT INTO assistance_case_members VALUES (?, ?, ?, NULL, NULL)');
  for (const assistanceCase of seed['assistance-cases']) {
    insertCase.run(assistanceCase);
    assistanceCase.memberCitizenIds.forEach((citizenId, position) => {
      insertMember.run(assistanceCase.id, citizenId, position);
    });
  }
}

function toMarriageView(row: MarriageRow): MarriageView {
  return {
    id: row.id,
    husbandCitizenId: row.husband_citizen_id,
    wifeCitizenId: row.wife_citizen_id,
    registeredOn: row.registered_on,
    registryDivisionCode: row.registry_division_code,
    status: row.status,
  };
}

/** Queries and writes of the civil-affairs store. */
export class CivilAffairsStore {
  constructor(readonly db: Database.Database) {}

  /** The marriage registrations with the given certificate numbers; unknown ones are left out. */
  marriagesByIds(ids: readonly string[]): MarriageView[] {
    return prepared<[string], MarriageRow>(this.db, `SELECT * FROM marriages WHERE id ${IN_LIST}`)
      .all(listParameter(ids))
      .map(toMarriageView);
  }

  /** The assistance cases with the given numbers, members in the order they joined; unknown ones are left out. */
  casesByIds(ids: readonly string[]): AssistanceCaseView[] {
    if (ids.length === 0) return [];
    const cases = prepared<[string], CaseRow>(
      this.db,
      `SELECT * FROM assistance_cases WHERE id ${IN_LIST}`,
    ).all(listParameter(ids));
    const members = prepared<[string], { case_id: string; citizen_id: string }>(
      this.db,
      `SELECT case_id, citizen_id FROM assistance_case_members WHERE case_id ${IN_LIST}
         ORDER BY position`,
    ).all(listParameter(ids));
    const membersOf = groupBy(members, (m) => m.case_id);
    return cases.map((row) => ({
      id: row.id,
      kind: row.kind,
      householdId: row.household_id,
      divisionCode: row.division_code,
      memberCitizenIds: (membersOf.get(row.id) ?? []).map((m) => m.citizen_id),
      monthlyAmountYuan: row.monthly_amount_yuan,
      since: row.since,
      status: row.status,
    }));
  }

  /**
   * What the department holds about each citizen: marriages newest first and the ACTIVE case they are
   * a member of (the newest, should the register ever hold two). Citizens with no marriage and no case
   * membership are left out.
   */
  peopleByIds(ids: readonly string[]): PersonView[] {
    const marriages = prepared<[string, string], MarriageRow>(
      this.db,
      `SELECT * FROM marriages WHERE husband_citizen_id ${IN_LIST} OR wife_citizen_id ${IN_LIST}
         ORDER BY registered_on DESC, id DESC`,
    )
      .all(listParameter(ids), listParameter(ids))
      .map(toMarriageView);
    const memberships = prepared<
      [string],
      { citizen_id: string; case_id: string; status: AssistanceCaseView['status'] }
    >(
      this.db,
      `SELECT m.citizen_id, m.case_id, c.status FROM assistance_case_members m
         JOIN assistance_cases c ON c.id = m.case_id
         WHERE m.citizen_id ${IN_LIST} ORDER BY c.since DESC, c.id DESC`,
    ).all(listParameter(ids));
    const activeCaseIdOf = new Map<string, string>();
    for (const m of memberships) {
      if (m.status === 'ACTIVE' && !activeCaseIdOf.has(m.citizen_id))
        activeCaseIdOf.set(m.citizen_id, m.case_id);
    }
    const cases = new Map(this.casesByIds([...new Set(activeCaseIdOf.values())]).map((c) => [c.id, c]));
    const marriagesOf = new Map<string, MarriageView[]>();
    for (const marriage of marriages) {
      for (const spouse of [marriage.husbandCitizenId, marriage.wifeCitizenId]) {
        marriagesOf.set(spouse, [...(marriagesOf.get(spouse) ?? []), marriage]);
      }
    }
    const members = new Set(memberships.map((m) => m.citizen_id));
    const people: PersonView[] = [];
    for (const citizenId of ids) {
      const own = marriagesOf.get(citizenId) ?? [];
      const caseId = activeCaseIdOf.get(citizenId);
      if (own.length === 0 && !members.has(citizenId)) continue;
      people.push({ citizenId, marriages: own, assistanceCase: caseId ? (cases.get(caseId) ?? null) : null });
    }
    return people;
  }

  /** The ACTIVE case of each household that has one (the newest, should there be two); others are left out. */
  householdsByIds(ids: readonly string[]): HouseholdView[] {
    const rows = prepared<[string], { id: string; household_id: string }>(
      this.db,
      `SELECT id, household_id FROM assistance_cases WHERE status = 'ACTIVE' AND household_id ${IN_LIST} ORDER BY since DESC, id DESC`,
    ).all(listParameter(ids));
    const caseIdOf = new Map<string, string>();
    for (const row of rows) if (!caseIdOf.has(row.household_id)) caseIdOf.set(row.household_id, row.id);
    const cases = new Map(this.casesByIds([...caseIdOf.values()]).map((c) => [c.id, c]));
    return ids.flatMap((householdId) => {
      const assistanceCase = cases.get(caseIdOf.get(householdId) ?? '');
      return assistanceCase ? [{ householdId, assistanceCase }] : [];
    });
  }

  /** True when the citizen is already a member of the case. */
  isCaseMember(caseId: string, citizenId: string): boolean {
    return !!prepared(
      this.db,
      'SELECT 1 FROM assistance_case_members WHERE case_id = ? AND citizen_id = ?',
    ).get(caseId, citizenId);
  }

  /**
   * Adds a citizen to an ACTIVE case and answers the case. Adding a member again changes nothing and
   * answers the case as it is, so the write is idempotent by nature as well as by key. A citizen is
   * in at most one ACTIVE case: benefits are paid once per person.
   */
  addCaseMember(caseId: string, request: CaseMemberRequest, today: string): AssistanceCaseView {
    const [assistanceCase] = this.casesByIds([caseId]);
    if (!assistanceCase) {
      throw new ApiError(404, 'ASSISTANCE_CASE_NOT_FOUND', `there is no assistance case numbered ${caseId}`);
    }
    if (assistanceCase.status !== 'ACTIVE') {
      throw new ApiError(
        422,
        'ASSISTANCE_CASE_CLOSED',
        `assistance case ${caseId} is closed; members can only be added to an ACTIVE case`,
      );
    }
    if (assistanceCase.memberCitizenIds.includes(request.citizenId)) return assistanceCase;
    const other = prepared<[string, string], { case_id: string }>(
      this.db,
      `SELECT m.case_id FROM assistance_case_members m JOIN assistance_cases c ON c.id = m.case_id
         WHERE m.citizen_id = ? AND c.status = 'ACTIVE' AND c.id <> ?`,
    ).get(request.citizenId, caseId);
    if (other) {
      throw new ApiError(
        409,
        'MEMBER_OF_ANOTHER_CASE',
        `the citizen is already a member of ACTIVE assistance case ${other.case_id}; a citizen belongs to one active case`,
        { caseId: other.case_id },
      );
    }
    prepared(
      this.db,
      `INSERT INTO assistance_case_members (case_id, citizen_id, position, reason, joined_on)
         SELECT ?, ?, COALESCE(MAX(position), -1) + 1, ?, ? FROM assistance_case_members WHERE case_id = ?`,
    ).run(caseId, request.citizenId, request.reason, today, caseId);
    return { ...assistanceCase, memberCitizenIds: [...assistanceCase.memberCitizenIds, request.citizenId] };
  }
}
