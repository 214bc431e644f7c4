/**
 * Access grants: how a department learns, without asking public security itself, that the reader may
 * see a person's records. Public security owns who belongs to whose household and whose child is a
 * minor; it answers, per person in a query, a short-lived grant naming the reader and the person, and
 * the other departments' Person fields `@requires` it. A grant is signed with public security's own
 * key (ES256): every department verifies it with public security's public key and none can sign one,
 * so a grant forged in a representation sent straight to a subgraph is refused.
 */
import { type JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import type { ServiceSigner } from './delegation.ts';
import { serviceOfKeyId } from './delegation.ts';
import type { RefreshingKeySet } from './keySet.ts';

/** How long a grant stays valid: one request's worth. */
export const GRANT_TTL_SECONDS = 120;

/** The JOSE `typ` of a grant: no other token passes for one. */
export const GRANT_TOKEN_TYPE = 'onething-grant+jwt';

/** The only service whose key signs grants. */
export const GRANT_SIGNER = 'public-security';

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
 * Checks access grants with public security's public keys, and — in public security's subgraph, which
 * holds its private key — signs them. A grant is signed once per reader and person and handed out again
 * while fresh, and each department remembers the grants it has verified until they expire.
 */
export class AccessGrants {
  readonly #keys: RefreshingKeySet;
  readonly #signer: ServiceSigner | undefined;
  readonly #issued = new LRUCache<string, Promise<string>>({
    max: MAX_REMEMBERED_GRANTS,
    ttl: GRANT_REUSE_MS,
  });
  readonly #verified = new LRUCache<string, GrantClaims>({ max: MAX_REMEMBERED_GRANTS });
  #generation: number;

  /**
   * @param keys - the deployment's service keys; only public security's verify a grant
   * @param signer - public security's own signer, in public security's subgraph only
   */
  constructor(keys: RefreshingKeySet, signer?: ServiceSigner) {
    if (signer && signer.service !== GRANT_SIGNER) {
      throw new Error(`only ${GRANT_SIGNER} signs access grants, not ${signer.service}`);
    }
    this.#keys = keys;
    this.#signer = signer;
    this.#generation = keys.generation;
  }

  /** True when this instance can sign grants (it holds public security's key). */
  get canGrant(): boolean {
    return this.#signer !== undefined;
  }

  /**
   * A grant letting `reader` (a token subject) read `subject`'s records (a citizen ID).
   *
   * @throws Error when this instance holds no signing key (see {@link canGrant})
   */
  grant(reader: string, subject: string): Promise<string> {
    const signer = this.#signer;
    if (!signer) throw new Error(`only ${GRANT_SIGNER} signs access grants`);
    const key = JSON.stringify([reader, subject]);
    let grant = this.#issued.get(key);
    if (!grant) {
      grant = signer.sign(
        { sub: reader, acc: subject },
        { type: GRANT_TOKEN_TYPE, ttlSeconds: GRANT_TTL_SECONDS },
      );
      grant.catch(() => this.#issued.delete(key));
      this.#issued.set(key, grant);
    }
    return grant;
  }

  /** True when `grant` is valid and lets `reader` read `subject`'s records. */
  async allows(grant: string | null | undefined, reader: string, subject: string): Promise<boolean> {
    if (!grant) return false;
    const generation = this.#keys.generation;
    if (generation !== this.#generation) {
      this.#verified.clear();
      this.#generation = generation;
    }
    const claims = this.#verified.get(grant) ?? (await this.#verify(grant));
    return claims?.reader === reader && claims.subject === subject;
  }

  /** The claims of a grant whose signature and expiry check out, remembered until it expires; else null. */
  async #verify(grant: string): Promise<GrantClaims | null> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(grant, this.#keys.getKey, {
        algorithms: ['ES256'],
        typ: GRANT_TOKEN_TYPE,
        issuer: GRANT_SIGNER,
        clockTolerance: 5,
        requiredClaims: ['exp'],
      });
      if (serviceOfKeyId(verified.protectedHeader.kid) !== GRANT_SIGNER) return null;
      payload = verified.payload;
    } catch {
      return null;
    }
    if (typeof payload.sub !== 'string' || typeof payload.acc !== 'string') return null;
    const claims = { reader: payload.sub, subject: payload.acc };
    const ttl = Math.min((payload.exp as number) * 1000 - Date.now(), this.#keys.refreshMs);
    if (ttl > 0) this.#verified.set(grant, claims, { ttl });
    return claims;
  }
}
