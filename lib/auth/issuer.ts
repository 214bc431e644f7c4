/**
 * The identity provider's signing: citizens', staff and hospitals' bearer tokens, as the government's
 * unified identity platform signs them. A deployment holds only its public key set (`AUTH_JWKS`); the
 * private key is the identity provider's. Development keeps a stand-in (see `deploymentKeys.ts`), and
 * `npm run -s token -- <identity>`, the explorer and the tests sign with it; with `--env-file`, `npm run
 * token` signs with a deployment's stand-in key for acceptance tests.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import { claimsOf } from './claims.ts';
import type { AnonymousIdentity, Identity } from './identity.ts';

/** Options of one token. */
export interface MintOptions {
  /** Lifetime in seconds; default 3600. */
  ttlSeconds?: number;
  /** The instant the token is issued; default now. Tests move it. */
  now?: Date;
}

/** The identities the identity provider signs tokens for: people and hospitals, never a service. */
export type ProvidedIdentity = Exclude<Identity, AnonymousIdentity | { kind: 'service' }>;

/** Signs the identity provider's tokens with one private key for one issuer and audience. */
export class TokenIssuer {
  #signingKey: ReturnType<typeof importJWK> | undefined;

  constructor(
    private readonly privateKey: JWK,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  /**
   * A signed token carrying `identity`.
   *
   * @throws TypeError for a service identity: the identity provider signs people and hospitals only
   */
  async mint(identity: Exclude<Identity, AnonymousIdentity>, options: MintOptions = {}): Promise<string> {
    if (identity.kind === 'service') {
      throw new TypeError(
        `the identity provider signs citizens, staff and hospitals, not service:${identity.service}`,
      );
    }
    this.#signingKey ??= importJWK(this.privateKey, 'ES256');
    const key = await this.#signingKey;
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const { sub, ...claims } = claimsOf(identity);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.privateKey.kid as string, typ: 'JWT' })
      .setSubject(sub as string)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.ttlSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(key);
  }
}
