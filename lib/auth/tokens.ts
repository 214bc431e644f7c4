/**
 * Bearer tokens: signed JWTs (ES256) whose claims carry an {@link Identity}. Verified with jose against
 * a JSON Web Key Set; the issuer and the audience are checked and the clock skew is bounded.
 *
 * Claims: `sub` (see `identity.ts`), `scope` (space-separated, staff), `act_for` and `application`
 * (the service-center acting for a citizen), plus `iss`, `aud`, `iat`, `exp`.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { parseCitizenId } from '../citizenId.ts';
import type { Identity } from './identity.ts';

/** What a verifier checks. */
export interface TokenPolicy {
  /** The expected `iss`. */
  issuer: string;
  /** The expected `aud`. */
  audience: string;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds; default 30. */
  clockToleranceSeconds?: number;
}

/** Why a token was refused, in `extensions.reason` of an `UNAUTHENTICATED` error. */
export type TokenProblem =
  | 'MALFORMED'
  | 'EXPIRED'
  | 'BAD_SIGNATURE'
  | 'WRONG_ISSUER_OR_AUDIENCE'
  | 'UNKNOWN_SUBJECT';

/** A token that cannot be accepted. */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Turns verified claims into an identity; a subject of no known form is refused. */
export function identityFromClaims(claims: JWTPayload): Identity {
  const sub = claims.sub ?? '';
  if (sub.startsWith('staff:')) {
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    return { kind: 'staff', department: sub.slice('staff:'.length), scopes };
  }
  if (sub.startsWith('hospital:')) return { kind: 'hospital', hospitalId: sub.slice('hospital:'.length) };
  if (sub.startsWith('service:')) {
    return {
      kind: 'service',
      service: sub.slice('service:'.length),
      actingFor: typeof claims.act_for === 'string' ? claims.act_for : null,
      applicationId: typeof claims.application === 'string' ? claims.application : null,
    };
  }
  const citizen = parseCitizenId(sub);
  if (citizen.ok) return { kind: 'citizen', citizenId: citizen.value };
  throw new TokenError('UNKNOWN_SUBJECT', `the token's subject ${JSON.stringify(sub)} is no known identity`);
}

/** The most verified tokens a verifier remembers. */
const MAX_REMEMBERED_TOKENS = 10_000;

/** Verifies bearer tokens against a key set. */
export class TokenVerifier {
  readonly #keys: JWTVerifyGetKey;
  /** Tokens already verified, each until it expires; bounded, the least recently used dropped. */
  readonly #verified = new LRUCache<string, Identity>({ max: MAX_REMEMBERED_TOKENS });
  readonly #policy: Required<TokenPolicy>;

  /** @param keys - the key set itself, or the URL of a JWKS endpoint */
  constructor(keys: JSONWebKeySet | URL, policy: TokenPolicy) {
    this.#keys = keys instanceof URL ? createRemoteJWKSet(keys) : createLocalJWKSet(keys);
    this.#policy = { clockToleranceSeconds: 30, ...policy };
  }

  /**
   * The identity of an `Authorization` header value: anonymous without one.
   *
   * @throws TokenError when the header is not `Bearer <jwt>` or the token does not verify
   */
  async identityOf(authorization: string | undefined): Promise<Identity> {
    if (!authorization) return { kind: 'anonymous' };
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match?.[1]) throw new TokenError('MALFORMED', 'the Authorization header must be "Bearer <JWT>"');
    const token = match[1];
    // A verified token is remembered until it expires: one request crosses the gateway, several
    // subgraphs and department systems with the same token, and its signature need not be checked again.
    const remembered = this.#verified.get(token);
    if (remembered) return remembered;
    try {
      const { payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#policy.issuer,
        audience: this.#policy.audience,
        clockTolerance: this.#policy.clockToleranceSeconds,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const identity = identityFromClaims(payload);
      const ttl = (payload.exp as number) * 1000 - Date.now();
      if (ttl > 0) this.#verified.set(token, identity, { ttl });
      return identity;
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenError('EXPIRED', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) {
        throw new TokenError(
          'WRONG_ISSUER_OR_AUDIENCE',
          `the token was not issued for this graph: ${error.message}`,
        );
      }
      if (
        error instanceof errors.JWSSignatureVerificationFailed ||
        error instanceof errors.JWKSNoMatchingKey
      ) {
        throw new TokenError('BAD_SIGNATURE', 'the token is not signed by a trusted key');
      }
      throw new TokenError('MALFORMED', `the token cannot be read: ${(error as Error).message}`);
    }
  }
}
