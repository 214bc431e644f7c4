/**
 * Access grants: how a department learns, without asking public security itself, that the reader may
 * see a person's records. Public security owns who belongs to whose household and whose child is a
 * minor; it answers, per person in a query, a short-lived grant naming the reader and the person, and
 * the other departments' Person fields `@requires` it. The grant is signed (HMAC-SHA256 with a secret
 * the subgraphs share), so a grant forged in a representation sent straight to a subgraph is refused.
 */
import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

/** How long a grant stays valid: one request's worth. */
export const GRANT_TTL_SECONDS = 120;

/**
 * How long a signed grant is handed out again for the same reader and person. Public security still
 * decides on every request whether the reader is entitled and hands out no grant when not; a grant
 * handed out again has at least half its time left, as one minted anew would have all of it.
 */
const GRANT_REUSE_MS = (GRANT_TTL_SECONDS * 1000) / 2;

/** The most grants remembered, issued or verified, per instance. */
const MAX_REMEMBERED_GRANTS = 20_000;

/** Who a verified grant lets read whom. */
interface GrantClaims {
  reader: string;
  subject: string;
}

/**
 * Signs and checks access grants with one shared secret. Signing and checking an HS256 JWT costs
 * about a tenth of a millisecond of CPU, and a citizen's profile needs a grant per household member
 * in each of four departments: so a grant is signed once per reader and person and handed out again
 * while fresh, and each department remembers the grants it has verified until they expire.
 */
export class AccessGrants {
  readonly #key: Promise<webcrypto.CryptoKey>;
  readonly #issued = new LRUCache<string, string>({ max: MAX_REMEMBERED_GRANTS, ttl: GRANT_REUSE_MS });
  readonly #verified = new LRUCache<string, GrantClaims>({ max: MAX_REMEMBERED_GRANTS });

  /** @param secret - at least 32 bytes, shared by every subgraph of the deployment */
  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new RangeError('an access-grant secret needs at least 32 bytes');
    // Imported once: jose would import a raw secret anew for every signature.
    this.#key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  /** A grant letting `reader` (a token subject) read `subject`'s records (a citizen ID). */
  async grant(reader: string, subject: string): Promise<string> {
    const key = JSON.stringify([reader, subject]);
    const issued = this.#issued.get(key);
    if (issued) return issued;
    const grant = await new SignJWT({ acc: subject })
      .setProtectedHeader({ alg: 'HS256', typ: 'onething-grant' })
      .setSubject(reader)
      .setIssuedAt()
      .setExpirationTime(`${GRANT_TTL_SECONDS}s`)
      .sign(await this.#key);
    this.#issued.set(key, grant);
    return grant;
  }

  /** True when `grant` is valid and lets `reader` read `subject`'s records. */
  async allows(grant: string | null | undefined, reader: string, subject: string): Promise<boolean> {
    if (!grant) return false;
    const claims = this.#verified.get(grant) ?? (await this.#verify(grant));
    return claims?.reader === reader && claims.subject === subject;
  }

  /** The claims of a grant whose signature and expiry check out, remembered until it expires; else null. */
  async #verify(grant: string): Promise<GrantClaims | null> {
    try {
      const { payload } = await jwtVerify(grant, await this.#key, {
        algorithms: ['HS256'],
        clockTolerance: 5,
      });
      if (typeof payload.sub !== 'string' || typeof payload.acc !== 'string' || payload.exp === undefined)
        return null;
      const claims = { reader: payload.sub, subject: payload.acc };
      const ttl = payload.exp * 1000 - Date.now();
      if (ttl > 0) this.#verified.set(grant, claims, { ttl });
      return claims;
    } catch {
      return null;
    }
  }
}
