/**
 * Shares of records (the consent of an adult household member): an adult lets another adult of their
 * family household read their records in full, until a day at most a year ahead, and may stop at any
 * time. A share is in force while it has not expired and both are still registered in the household
 * they shared it in: it ends when either leaves. Whose records are shared is always the caller.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { addDays } from '../../lib/isoDate.ts';
import { groupBy, listParameter, prepared } from '../../lib/sqlite.ts';
import {
  RECORD_SHARE_MAX_DAYS,
  type RecordShareView,
  type recordShareEndRequest,
  type recordShareRequest,
} from '../../schema/public-security/contract.ts';
import { ApiError } from '../kit/errors.ts';

/** The table of shares; one row per owner and reader, replaced when shared again. */
export const RECORD_SHARES_SCHEMA = `
CREATE TABLE record_shares (
  owner_citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
  reader_citizen_id TEXT NOT NULL REFERENCES persons(citizen_id),
  household_id TEXT NOT NULL,
  shared_on TEXT NOT NULL,
  until TEXT NOT NULL,
  PRIMARY KEY (owner_citizen_id, reader_citizen_id)
);
CREATE INDEX record_shares_by_reader ON record_shares(reader_citizen_id);
`;

interface ShareRow {
  owner_citizen_id: string;
  reader_citizen_id: string;
  shared_on: string;
  until: string;
}

/** The shares in force of some people: theirs with others, and others' with them, by citizen ID. */
export interface RecordSharesOf {
  sharedWith: Map<string, RecordShareView[]>;
  sharedBy: Map<string, RecordShareView[]>;
}

/** Joins the share to both persons' current households: a share ends when either leaves. */
const IN_FORCE = `
  FROM record_shares s
  JOIN persons o ON o.citizen_id = s.owner_citizen_id AND o.household_id = s.household_id
  JOIN persons r ON r.citizen_id = s.reader_citizen_id AND r.household_id = s.household_id
  WHERE s.until >= @today`;

function toView(row: ShareRow): RecordShareView {
  return {
    ownerCitizenId: row.owner_citizen_id,
    readerCitizenId: row.reader_citizen_id,
    sharedOn: row.shared_on,
    until: row.until,
  };
}

/** The shares in force on `today` that these people made or were given, in one query each way. */
export function recordSharesOf(db: Database.Database, ids: readonly string[], today: string): RecordSharesOf {
  const select = (column: 'owner_citizen_id' | 'reader_citizen_id') =>
    prepared<{ today: string; ids: string }, ShareRow>(
      db,
      `SELECT s.owner_citizen_id, s.reader_citizen_id, s.shared_on, s.until ${IN_FORCE}
         AND s.${column} IN (SELECT value FROM json_each(@ids)) ORDER BY s.shared_on, s.reader_citizen_id`,
    ).all({ today, ids: listParameter(ids) });
  const views = (rows: ShareRow[], keyOf: (row: ShareRow) => string) =>
    new Map([...groupBy(rows, keyOf)].map(([id, group]) => [id, group.map(toView)]));
  return {
    sharedWith: views(select('owner_citizen_id'), (row) => row.owner_citizen_id),
    sharedBy: views(select('reader_citizen_id'), (row) => row.reader_citizen_id),
  };
}

interface MemberRow {
  citizen_id: string;
  birth_date: string;
  household_id: string;
  kind: 'FAMILY' | 'COLLECTIVE';
}

/** True when someone born on `birthDate` is 18 or older on `today` (both `YYYY-MM-DD`). */
function isAdultOn(birthDate: string, today: string): boolean {
  return today >= `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
}

/** Writes and ends shares of records. */
export class RecordShares {
  constructor(private readonly db: Database.Database) {}

  #member(citizenId: string): MemberRow | undefined {
    return prepared<[string], MemberRow>(
      this.db,
      `SELECT p.citizen_id, p.birth_date, p.household_id, h.kind
         FROM persons p JOIN households h ON h.id = p.household_id WHERE p.citizen_id = ?`,
    ).get(citizenId);
  }

  /**
   * Shares `owner`'s records with a member of their family household until `request.until` (default
   * and at most {@link RECORD_SHARE_MAX_DAYS} days after `today`). Sharing again replaces the end.
   * Refused (422): `SELF`, `COLLECTIVE_HOUSEHOLD`, `NOT_HOUSEHOLD_MEMBER` (also for an unknown
   * reader, so the refusal tells no one who is registered), `NOT_ADULT`, `UNTIL_OUT_OF_RANGE`.
   */
  share(owner: string, request: z.output<typeof recordShareRequest>, today: string): RecordShareView {
    if (request.readerCitizenId === owner) {
      throw new ApiError(422, 'SELF', 'one reads one’s own records already: name another household member');
    }
    const ownerEntry = this.#member(owner);
    if (ownerEntry?.kind === 'COLLECTIVE') {
      throw new ApiError(
        422,
        'COLLECTIVE_HOUSEHOLD',
        'members of a collective household (集体户) do not read each other’s records: nothing can be shared there',
      );
    }
    const readerEntry = this.#member(request.readerCitizenId);
    if (!ownerEntry || !readerEntry || readerEntry.household_id !== ownerEntry.household_id) {
      throw new ApiError(
        422,
        'NOT_HOUSEHOLD_MEMBER',
        'records are shared only with a member of one’s own household',
      );
    }
    if (!isAdultOn(ownerEntry.birth_date, today) || !isAdultOn(readerEntry.birth_date, today)) {
      throw new ApiError(
        422,
        'NOT_ADULT',
        'only an adult shares their records, and only with an adult: a parent reads a minor child’s already',
      );
    }
    const latest = addDays(today, RECORD_SHARE_MAX_DAYS);
    const until = request.until ?? latest;
    if (until <= today || until > latest) {
      throw new ApiError(
        422,
        'UNTIL_OUT_OF_RANGE',
        `until must be after today (${today}) and no later than ${latest}; got ${until}`,
      );
    }
    const share = { ownerCitizenId: owner, readerCitizenId: readerEntry.citizen_id, sharedOn: today, until };
    prepared(
      this.db,
      `INSERT INTO record_shares VALUES (@ownerCitizenId, @readerCitizenId, @householdId, @sharedOn, @until)
         ON CONFLICT (owner_citizen_id, reader_citizen_id) DO UPDATE SET household_id = excluded.household_id,
         shared_on = excluded.shared_on, until = excluded.until`,
    ).run({ ...share, householdId: ownerEntry.household_id });
    return share;
  }

  /**
   * Ends the share in force of `owner`'s records with the reader, answering it as it stood.
   * Refused (404 `NOT_SHARED`) when there is none.
   */
  stop(owner: string, request: z.output<typeof recordShareEndRequest>, today: string): RecordShareView {
    const row = prepared<{ today: string; owner: string; reader: string }, ShareRow>(
      this.db,
      `SELECT s.owner_citizen_id, s.reader_citizen_id, s.shared_on, s.until ${IN_FORCE}
         AND s.owner_citizen_id = @owner AND s.reader_citizen_id = @reader`,
    ).get({ today, owner, reader: request.readerCitizenId });
    if (!row) {
      throw new ApiError(404, 'NOT_SHARED', 'your records are not shared with this person');
    }
    prepared(this.db, 'DELETE FROM record_shares WHERE owner_citizen_id = ? AND reader_citizen_id = ?').run(
      owner,
      request.readerCitizenId,
    );
    return toView(row);
  }
}
