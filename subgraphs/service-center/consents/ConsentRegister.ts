/**
 * The consent register: a citizen's authorisation that another citizen's application may use their
 * data for one purpose (Fujian's 父亲授权母亲 step of the newborn errand). A consent is a record of its
 * own, given before or after the application it serves; it is GIVEN until the grantor revokes it
 * (REVOKED) or an application's step reads the grantor's data under it (USED, linked to that
 * application, for good). Kept in the service-center's store, so a restarted process knows exactly
 * which consents are there and which application used each.
 */

import type Database from 'better-sqlite3';
import { prepared } from '../../../lib/sqlite.ts';
import { newConsentId } from '../applicationNumber.ts';
import type { ConsentCheck, ConsentRequest } from '../errands/definition.ts';

/** What a consent allows: the newborn errand reading the other parent's records. */
export type ConsentPurpose = 'NEWBORN_REGISTRATION';

/** The purpose of the newborn errand's consent. */
export const NEWBORN_REGISTRATION: ConsentPurpose = 'NEWBORN_REGISTRATION';

/** Where a consent stands. */
export type ConsentStatus = 'GIVEN' | 'REVOKED' | 'USED';

/** A stored consent. */
export interface ConsentRow {
  id: string;
  grantorCitizenId: string;
  granteeCitizenId: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  givenAt: string;
  revokedAt: string | null;
  usedAt: string | null;
  /** The application whose step used it; null until USED. */
  usedBy: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS consents (
  id TEXT PRIMARY KEY,
  grantor_citizen_id TEXT NOT NULL,
  grantee_citizen_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  status TEXT NOT NULL,
  given_at TEXT NOT NULL,
  revoked_at TEXT,
  used_at TEXT,
  used_by TEXT REFERENCES applications(id)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_given_consent_per_purpose
  ON consents(grantor_citizen_id, grantee_citizen_id, purpose) WHERE status = 'GIVEN';
CREATE UNIQUE INDEX IF NOT EXISTS one_consent_per_grantor_and_application
  ON consents(used_by, grantor_citizen_id, purpose) WHERE used_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS consents_by_grantee ON consents(grantee_citizen_id, given_at);
`;

type Row = Record<string, unknown>;

function toConsent(row: Row): ConsentRow {
  return {
    id: row.id as string,
    grantorCitizenId: row.grantor_citizen_id as string,
    granteeCitizenId: row.grantee_citizen_id as string,
    purpose: row.purpose as ConsentPurpose,
    status: row.status as ConsentStatus,
    givenAt: row.given_at as string,
    revokedAt: (row.revoked_at as string | null) ?? null,
    usedAt: (row.used_at as string | null) ?? null,
    usedBy: (row.used_by as string | null) ?? null,
  };
}

/** The consents of the service-center. Synchronous (better-sqlite3): each method is atomic. */
export class ConsentRegister implements ConsentCheck {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date = () => new Date(),
  ) {
    db.exec(SCHEMA);
  }

  /**
   * Records that `grantor` consents to `grantee` using their data for `purpose`, or answers the
   * consent already GIVEN for the same: giving twice is giving once. A USED or REVOKED consent does
   * not count; a new one is made.
   */
  give(grantorCitizenId: string, granteeCitizenId: string, purpose: ConsentPurpose): ConsentRow {
    return this.db.transaction(() => {
      const given = this.#given({ grantorCitizenId, granteeCitizenId, purpose });
      if (given) return given;
      const now = this.clock();
      const id = newConsentId(now);
      prepared(
        this.db,
        `INSERT INTO consents (id, grantor_citizen_id, grantee_citizen_id, purpose, status, given_at)
           VALUES (?, ?, ?, ?, 'GIVEN', ?)`,
      ).run(id, grantorCitizenId, granteeCitizenId, purpose, now.toISOString());
      return this.consent(id) as ConsentRow;
    })();
  }

  /** The consent with this number, or undefined. */
  consent(id: string): ConsentRow | undefined {
    const row = prepared(this.db, 'SELECT * FROM consents WHERE id = ?').get(id);
    return row ? toConsent(row as Row) : undefined;
  }

  /**
   * Revokes a GIVEN consent and answers it; a REVOKED or USED one is answered as it stands (a used
   * consent cannot be taken back: the data was read under it).
   */
  revoke(id: string): ConsentRow | undefined {
    prepared(
      this.db,
      "UPDATE consents SET status = 'REVOKED', revoked_at = ? WHERE id = ? AND status = 'GIVEN'",
    ).run(this.clock().toISOString(), id);
    return this.consent(id);
  }

  /** The consents a citizen gave or received, newest first. */
  ofCitizen(citizenId: string): ConsentRow[] {
    return prepared(
      this.db,
      `SELECT * FROM consents WHERE grantor_citizen_id = ? OR grantee_citizen_id = ?
         ORDER BY given_at DESC, id DESC`,
    )
      .all(citizenId, citizenId)
      .map((row) => toConsent(row as Row));
  }

  /** True when a consent is GIVEN for `request`, or one was already USED by this application. */
  available(request: ConsentRequest, applicationId: string): boolean {
    return this.#usedBy(request, applicationId) !== undefined || this.#given(request) !== undefined;
  }

  /**
   * Marks the consent for `request` USED by the application and answers it: the one this application
   * already used (a retried or restarted step), else the oldest GIVEN one. Undefined when there is
   * none — the step must not read.
   */
  use(request: ConsentRequest, applicationId: string): ConsentRow | undefined {
    return this.db.transaction(() => {
      const used = this.#usedBy(request, applicationId);
      if (used) return used;
      const given = this.#given(request);
      if (!given) return undefined;
      prepared(this.db, "UPDATE consents SET status = 'USED', used_at = ?, used_by = ? WHERE id = ?").run(
        this.clock().toISOString(),
        applicationId,
        given.id,
      );
      return this.consent(given.id);
    })();
  }

  #given(request: ConsentRequest): ConsentRow | undefined {
    const row = prepared(
      this.db,
      `SELECT * FROM consents WHERE grantor_citizen_id = ? AND grantee_citizen_id = ? AND purpose = ?
         AND status = 'GIVEN' ORDER BY given_at, id LIMIT 1`,
    ).get(request.grantorCitizenId, request.granteeCitizenId, request.purpose);
    return row ? toConsent(row as Row) : undefined;
  }

  #usedBy(request: ConsentRequest, applicationId: string): ConsentRow | undefined {
    const row = prepared(
      this.db,
      `SELECT * FROM consents WHERE used_by = ? AND grantor_citizen_id = ? AND purpose = ? AND status = 'USED'`,
    ).get(applicationId, request.grantorCitizenId, request.purpose);
    return row ? toConsent(row as Row) : undefined;
  }
}
