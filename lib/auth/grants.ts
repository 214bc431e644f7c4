/**
 * Access grants: how a department learns, without asking public security itself, that the reader may
 * see a person's records. Public security owns who belongs to whose household and whose child is a
 * minor; it answers, per person in a query, a short-lived grant naming the reader and the person, and
 * the other departments' Person fields `@requires` it. The grant is signed (HMAC-SHA256 with a secret
 * the subgraphs share), so a grant forged in a representation sent straight to a subgraph is refused.
 */
import { jwtVerify, SignJWT } from 'jose';

/** How long a grant stays valid: one request's worth. */
export const GRANT_TTL_SECONDS = 120;

/** Signs and checks access grants with one shared secret. */
export class AccessGrants {
  readonly #key: Uint8Array;

  /** @param secret - at least 32 bytes, shared by every subgraph of the deployment */
  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new RangeError('an access-grant secret needs at least 32 bytes');
    this.#key = secret;
  }

  /** A grant letting `reader` (a token subject) read `subject`'s records (a citizen ID). */
  grant(reader: string, subject: string): Promise<string> {
    return new SignJWT({ acc: subject })
      .setProtectedHeader({ alg: 'HS256', typ: 'onething-grant' })
      .setSubject(reader)
      .setIssuedAt()
      .setExpirationTime(`${GRANT_TTL_SECONDS}s`)
      .sign(this.#key);
  }

  /** True when `grant` is valid and lets `reader` read `subject`'s records. */
  async allows(grant: string | null | undefined, reader: string, subject: string): Promise<boolean> {
    if (!grant) return false;
    try {
      const { payload } = await jwtVerify(grant, this.#key, { algorithms: ['HS256'], clockTolerance: 5 });
      return payload.sub === reader && payload.acc === subject;
    } catch {
      return false;
    }
  }
}
