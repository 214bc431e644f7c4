/**
 * The consent register: a citizen's authorisation that another citizen's application may use their
 * data for one purpose and one object (Fujian's 父亲授权母亲 step of the newborn errand: this birth
 * record). A consent is a record of its own, given before or after the application it serves; it is
 * GIVEN until the grantor revokes it (REVOKED), it expires unused (EXPIRED, `ttlDays` after it was
 * given) or the application for its object reads the grantor's data under it (USED, linked to that
 * application, for good). Kept in the service-center's store, so every replica, and a restarted one, knows
 * exactly which consents are there and which application used each.
 */

import { newConsentId } from '../applicationNumber.ts';
import type { ConsentCheck, ConsentRequest } from '../errands/definition.ts';
import { isUniqueViolation, type ServiceCenterDb, sql } from '../storage/database.ts';

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

/** The consents of the service-center, over either engine; each method is atomic. */
export class ConsentRegister implements ConsentCheck {
  readonly #db: ServiceCenterDb;
  readonly #clock: () => Date;
  readonly #ttlDays: number;

  constructor(
    db: ServiceCenterDb,
    clock: () => Date = () => new Date(),
    ttlDays: number = DEFAULT_CONSENT_TTL_DAYS,
  ) {
    this.#db = db;
    this.#clock = clock;
    this.#ttlDays = ttlDays;
  }

  async #rows(query: ReturnType<typeof sql>): Promise<Row[]> {
    return (await query.execute(this.#db)).rows as Row[];
  }

  /** Marks the GIVEN consents whose time ran out EXPIRED, so that they are listed and refused as such. */
  async #expire(): Promise<void> {
    await sql`UPDATE consents SET status = 'EXPIRED'
                WHERE status = 'GIVEN' AND expires_at <= ${this.#clock().toISOString()}`.execute(this.#db);
  }

  /**
   * Records that `grantor` consents to `grantee` using their data for `purpose` on `objectId` (e.g.
   * the birth record), expiring `ttlDays` from now, or answers the consent already GIVEN for the
   * same: giving twice is giving once, also when both arrive together (the unique index decides). A
   * USED, REVOKED or EXPIRED consent does not count; a new one is made.
   */
  async give(
    grantorCitizenId: string,
    granteeCitizenId: string,
    purpose: ConsentPurpose,
    objectId: string,
  ): Promise<ConsentRow> {
    await this.#expire();
    const request = { grantorCitizenId, granteeCitizenId, purpose, objectId };
    const given = await this.#given(request);
    if (given) return given;
    const now = this.#clock();
    const id = newConsentId(now);
    try {
      await sql`INSERT INTO consents
                  (id, grantor_citizen_id, grantee_citizen_id, purpose, object_id, status, given_at, expires_at)
                  VALUES (${id}, ${grantorCitizenId}, ${granteeCitizenId}, ${purpose}, ${objectId}, 'GIVEN',
                    ${now.toISOString()}, ${new Date(now.getTime() + this.#ttlDays * DAY_MS).toISOString()})`.execute(
        this.#db,
      );
    } catch (error) {
      const winner = isUniqueViolation(error) ? await this.#given(request) : undefined;
      if (!winner) throw error;
      return winner;
    }
    return (await this.consent(id)) as ConsentRow;
  }

  /** The consent with this number, or undefined. */
  async consent(id: string): Promise<ConsentRow | undefined> {
    await this.#expire();
    const [row] = await this.#rows(sql`SELECT * FROM consents WHERE id = ${id}`);
    return row ? toConsent(row) : undefined;
  }

  /**
   * Revokes a GIVEN consent and answers it; a REVOKED, USED or EXPIRED one is answered as it stands
   * (a used consent cannot be taken back: the data was read under it).
   */
  async revoke(id: string): Promise<ConsentRow | undefined> {
    await this.#expire();
    await sql`UPDATE consents SET status = 'REVOKED', revoked_at = ${this.#clock().toISOString()}
                WHERE id = ${id} AND status = 'GIVEN'`.execute(this.#db);
    return this.consent(id);
  }

  /** The consents a citizen gave or received, newest first. */
  async ofCitizen(citizenId: string): Promise<ConsentRow[]> {
    await this.#expire();
    const rows = await this.#rows(
      sql`SELECT * FROM consents WHERE grantor_citizen_id = ${citizenId} OR grantee_citizen_id = ${citizenId}
            ORDER BY given_at DESC, id DESC`,
    );
    return rows.map(toConsent);
  }

  /**
   * True when a consent is GIVEN for `request` and unexpired, or one was already USED by this
   * application. (On an errand's path: it reads, and leaves marking expired consents to the listings.)
   */
  async available(request: ConsentRequest, applicationId: string): Promise<boolean> {
    return (await this.#usable(request, applicationId)) !== undefined;
  }

  /**
   * The consent this application may use for `request`, in one look-up: the one it already used, else
   * the oldest GIVEN unexpired one; undefined when there is none.
   */
  async #usable(request: ConsentRequest, applicationId: string): Promise<Row | undefined> {
    const [row] = await this.#rows(
      sql`SELECT * FROM consents
            WHERE grantor_citizen_id = ${request.grantorCitizenId} AND purpose = ${request.purpose}
              AND object_id = ${request.objectId}
              AND ((status = 'USED' AND used_by = ${applicationId})
                OR (status = 'GIVEN' AND grantee_citizen_id = ${request.granteeCitizenId}
                    AND expires_at > ${this.#clock().toISOString()}))
            ORDER BY CASE WHEN status = 'USED' THEN 0 ELSE 1 END, given_at, id LIMIT 1`,
    );
    return row;
  }

  /**
   * Marks the consent for `request` USED by the application and answers it: the one this application
   * already used (a retried or restarted step), else the oldest GIVEN one. Undefined when there is
   * none — the step must not read. Taking a consent is a conditional update, so two replicas cannot
   * use one consent for two applications, nor one application two consents.
   */
  async use(request: ConsentRequest, applicationId: string): Promise<ConsentRow | undefined> {
    return (await this.take(request, applicationId))?.consent;
  }

  /**
   * {@link use}, saying whether this call took the consent (GIVEN → USED) or found it used by the
   * application already: a consent's use is recorded once, when it is taken.
   */
  async take(
    request: ConsentRequest,
    applicationId: string,
  ): Promise<{ consent: ConsentRow; taken: boolean } | undefined> {
    for (;;) {
      const now = this.#clock().toISOString();
      try {
        // The oldest GIVEN unexpired consent, taken in one statement.
        const [taken] = await this.#rows(
          sql`UPDATE consents SET status = 'USED', used_at = ${now}, used_by = ${applicationId}
                WHERE status = 'GIVEN' AND id = (
                  SELECT id FROM consents
                    WHERE grantor_citizen_id = ${request.grantorCitizenId}
                      AND grantee_citizen_id = ${request.granteeCitizenId} AND purpose = ${request.purpose}
                      AND object_id = ${request.objectId} AND status = 'GIVEN' AND expires_at > ${now}
                    ORDER BY given_at, id LIMIT 1)
                RETURNING *`,
        );
        if (taken) return { consent: toConsent(taken), taken: true };
      } catch (error) {
        // This application holds another consent of the grantor's already: the look below finds it.
        if (!isUniqueViolation(error)) throw error;
      }
      const usable = await this.#usable(request, applicationId);
      if (!usable) return undefined;
      if (usable.status === 'USED') return { consent: toConsent(usable), taken: false };
      // A GIVEN one appeared, or another application's take raced this one: look again.
    }
  }

  /**
   * Why no consent lets this application read (undefined when one does): from the grantor's newest
   * consent to the grantee for the purpose — one for another object, expired, used by another
   * application, revoked — or CONSENT_MISSING when there is none.
   */
  async refusal(request: ConsentRequest, applicationId: string): Promise<ConsentRefusal | undefined> {
    await this.#expire();
    if (await this.available(request, applicationId)) return undefined;
    const [forObject] = await this.#rows(
      sql`SELECT status FROM consents WHERE grantor_citizen_id = ${request.grantorCitizenId}
            AND grantee_citizen_id = ${request.granteeCitizenId} AND purpose = ${request.purpose}
            AND object_id = ${request.objectId} ORDER BY given_at DESC, id DESC LIMIT 1`,
    );
    if (forObject) {
      const status = forObject.status as ConsentStatus;
      if (status === 'EXPIRED') return 'CONSENT_EXPIRED';
      if (status === 'USED') return 'CONSENT_USED';
      if (status === 'REVOKED') return 'CONSENT_REVOKED';
    }
    const [other] = await this.#rows(
      sql`SELECT 1 AS found FROM consents WHERE grantor_citizen_id = ${request.grantorCitizenId}
            AND grantee_citizen_id = ${request.granteeCitizenId} AND purpose = ${request.purpose}
            AND status = 'GIVEN' LIMIT 1`,
    );
    return other ? 'CONSENT_NOT_FOR_THIS_BIRTH' : 'CONSENT_MISSING';
  }

  async #given(request: ConsentRequest): Promise<ConsentRow | undefined> {
    const [row] = await this.#rows(
      sql`SELECT * FROM consents WHERE grantor_citizen_id = ${request.grantorCitizenId}
            AND grantee_citizen_id = ${request.granteeCitizenId} AND purpose = ${request.purpose}
            AND object_id = ${request.objectId} AND status = 'GIVEN' AND expires_at > ${this.#clock().toISOString()}
            ORDER BY given_at, id LIMIT 1`,
    );
    return row ? toConsent(row) : undefined;
  }
}
