/**
 * The consent register: a citizen's authorisation that another citizen's application may use their
 * data for one purpose and one object (Fujian's 父亲授权母亲 step of the newborn errand: this birth
 * record). A consent is a record of its own, given before or after the application it serves; it is
 * GIVEN until the grantor revokes it (REVOKED), it expires unused (EXPIRED, `ttlDays` after it was
 * given) or the application for its object reads the grantor's data under it (USED, linked to that
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
export type ConsentStatus = 'GIVEN' | 'REVOKED' | 'USED' | 'EXPIRED';

/** Why no consent lets an application read: the newest consent of the grantor says which. */
export type ConsentRefusal =
  | 'CONSENT_MISSING'
  | 'CONSENT_NOT_FOR_THIS_BIRTH'
  | 'CONSENT_EXPIRED'
  | 'CONSENT_USED'
  | 'CONSENT_REVOKED';

/** How long a consent lasts unused when nothing else is configured. */
export const DEFAULT_CONSENT_TTL_DAYS = 30;

/**
 * The consent lifetime from `CONSENT_TTL_DAYS`, else {@link DEFAULT_CONSENT_TTL_DAYS}.
 *
 * @throws Error when it is set but not a positive number of days
 */
export function consentTtlDaysFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CONSENT_TTL_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_CONSENT_TTL_DAYS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0) {
    throw new Error(`CONSENT_TTL_DAYS must be a positive number of days, got ${JSON.stringify(raw)}`);
  }
  return days;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored consent. */
export interface ConsentRow {
  id: string;
  grantorCitizenId: string;
  granteeCitizenId: string;
  purpose: ConsentPurpose;
  /** What it is for, e.g. the birth record id; null for a consent stored before consents were bound. */
  objectId: string | null;
  status: ConsentStatus;
  givenAt: string;
  /** When it lapses unused. */
  expiresAt: string;
  revokedAt: string | null;
  usedAt: string | null;
  /** The application whose step used it; null until USED. */
  usedBy: string | null;
}

const TABLE = `
CREATE TABLE IF NOT EXISTS consents (
  id TEXT PRIMARY KEY,
  grantor_citizen_id TEXT NOT NULL,
  grantee_citizen_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  object_id TEXT,
  status TEXT NOT NULL,
  given_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  used_at TEXT,
  used_by TEXT REFERENCES applications(id)
);
`;

const INDEXES = `
DROP INDEX IF EXISTS one_given_consent_per_purpose;
CREATE UNIQUE INDEX IF NOT EXISTS one_given_consent_per_object
  ON consents(grantor_citizen_id, grantee_citizen_id, purpose, object_id) WHERE status = 'GIVEN';
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
    objectId: (row.object_id as string | null) ?? null,
    status: row.status as ConsentStatus,
    givenAt: row.given_at as string,
    expiresAt: row.expires_at as string,
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
    private readonly ttlDays: number = DEFAULT_CONSENT_TTL_DAYS,
  ) {
    db.exec(TABLE);
    this.#migrate();
    db.exec(INDEXES);
  }

  /**
   * Brings a store made before consents were bound up to date: adds `object_id` and `expires_at`
   * when missing. An old consent keeps a null object (so no application can use it: the grantor gives
   * a new one for the birth) and expires `ttlDays` after it was given.
   */
  #migrate(): void {
    const columns = new Set(
      (this.db.pragma('table_info(consents)') as Array<{ name: string }>).map((column) => column.name),
    );
    this.db.transaction(() => {
      if (!columns.has('object_id')) this.db.exec('ALTER TABLE consents ADD COLUMN object_id TEXT');
      if (!columns.has('expires_at')) {
        this.db.exec('ALTER TABLE consents ADD COLUMN expires_at TEXT');
        this.db
          .prepare(
            "UPDATE consents SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', given_at, ?) WHERE expires_at IS NULL",
          )
          .run(`+${this.ttlDays} days`);
      }
    })();
  }

  /** Marks the GIVEN consents whose time ran out EXPIRED, so that they are listed and refused as such. */
  #expire(): void {
    prepared(
      this.db,
      "UPDATE consents SET status = 'EXPIRED' WHERE status = 'GIVEN' AND expires_at <= ?",
    ).run(this.clock().toISOString());
  }

  /**
   * Records that `grantor` consents to `grantee` using their data for `purpose` on `objectId` (e.g.
   * the birth record), expiring `ttlDays` from now, or answers the consent already GIVEN for the
   * same: giving twice is giving once. A USED, REVOKED or EXPIRED consent does not count; a new one
   * is made.
   */
  give(
    grantorCitizenId: string,
    granteeCitizenId: string,
    purpose: ConsentPurpose,
    objectId: string,
  ): ConsentRow {
    return this.db.transaction(() => {
      this.#expire();
      const given = this.#given({ grantorCitizenId, granteeCitizenId, purpose, objectId });
      if (given) return given;
      const now = this.clock();
      const id = newConsentId(now);
      prepared(
        this.db,
        `INSERT INTO consents
           (id, grantor_citizen_id, grantee_citizen_id, purpose, object_id, status, given_at, expires_at)
           VALUES (?, ?, ?, ?, ?, 'GIVEN', ?, ?)`,
      ).run(
        id,
        grantorCitizenId,
        granteeCitizenId,
        purpose,
        objectId,
        now.toISOString(),
        new Date(now.getTime() + this.ttlDays * DAY_MS).toISOString(),
      );
      return this.consent(id) as ConsentRow;
    })();
  }

  /** The consent with this number, or undefined. */
  consent(id: string): ConsentRow | undefined {
    this.#expire();
    const row = prepared(this.db, 'SELECT * FROM consents WHERE id = ?').get(id);
    return row ? toConsent(row as Row) : undefined;
  }

  /**
   * Revokes a GIVEN consent and answers it; a REVOKED, USED or EXPIRED one is answered as it stands
   * (a used consent cannot be taken back: the data was read under it).
   */
  revoke(id: string): ConsentRow | undefined {
    this.#expire();
    prepared(
      this.db,
      "UPDATE consents SET status = 'REVOKED', revoked_at = ? WHERE id = ? AND status = 'GIVEN'",
    ).run(this.clock().toISOString(), id);
    return this.consent(id);
  }

  /** The consents a citizen gave or received, newest first. */
  ofCitizen(citizenId: string): ConsentRow[] {
    this.#expire();
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
    this.#expire();
    return this.#usedBy(request, applicationId) !== undefined || this.#given(request) !== undefined;
  }

  /**
   * Marks the consent for `request` USED by the application and answers it: the one this application
   * already used (a retried or restarted step), else the oldest GIVEN one. Undefined when there is
   * none — the step must not read.
   */
  use(request: ConsentRequest, applicationId: string): ConsentRow | undefined {
    return this.db.transaction(() => {
      this.#expire();
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

  /**
   * Why no consent lets this application read (undefined when one does): from the grantor's newest
   * consent to the grantee for the purpose — one for another object, expired, used by another
   * application, revoked — or CONSENT_MISSING when there is none.
   */
  refusal(request: ConsentRequest, applicationId: string): ConsentRefusal | undefined {
    if (this.available(request, applicationId)) return undefined;
    const forObject = prepared(
      this.db,
      `SELECT * FROM consents WHERE grantor_citizen_id = ? AND grantee_citizen_id = ? AND purpose = ?
         AND object_id = ? ORDER BY given_at DESC, id DESC LIMIT 1`,
    ).get(request.grantorCitizenId, request.granteeCitizenId, request.purpose, request.objectId);
    if (forObject) {
      const status = (forObject as Row).status as ConsentStatus;
      if (status === 'EXPIRED') return 'CONSENT_EXPIRED';
      if (status === 'USED') return 'CONSENT_USED';
      if (status === 'REVOKED') return 'CONSENT_REVOKED';
    }
    const other = prepared(
      this.db,
      `SELECT 1 FROM consents WHERE grantor_citizen_id = ? AND grantee_citizen_id = ? AND purpose = ?
         AND status = 'GIVEN' LIMIT 1`,
    ).get(request.grantorCitizenId, request.granteeCitizenId, request.purpose);
    return other ? 'CONSENT_NOT_FOR_THIS_BIRTH' : 'CONSENT_MISSING';
  }

  #given(request: ConsentRequest): ConsentRow | undefined {
    const row = prepared(
      this.db,
      `SELECT * FROM consents WHERE grantor_citizen_id = ? AND grantee_citizen_id = ? AND purpose = ?
         AND object_id = ? AND status = 'GIVEN' AND expires_at > ? ORDER BY given_at, id LIMIT 1`,
    ).get(
      request.grantorCitizenId,
      request.granteeCitizenId,
      request.purpose,
      request.objectId,
      this.clock().toISOString(),
    );
    return row ? toConsent(row as Row) : undefined;
  }

  #usedBy(request: ConsentRequest, applicationId: string): ConsentRow | undefined {
    const row = prepared(
      this.db,
      `SELECT * FROM consents WHERE used_by = ? AND grantor_citizen_id = ? AND purpose = ? AND object_id = ?
         AND status = 'USED'`,
    ).get(applicationId, request.grantorCitizenId, request.purpose, request.objectId);
    return row ? toConsent(row as Row) : undefined;
  }
}
