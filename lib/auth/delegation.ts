/**
 * Delegation tokens: how one service calls another for someone. Behind the gateway no service sees a
 * client's own token; each hop carries a short-lived JWT (ES256) signed with the calling service's own
 * key, for the one service it calls (`aud`), naming the caller (`iss`) and the identity it acts for
 * (`sub` and the claims of `claims.ts`) with the purpose it was asked for. So each department decides
 * on the service *and* the person, and a token taken from one service is refused at every other.
 *
 * Keys are limited to their subjects: the gateway signs only for the citizens, staff, hospitals (and
 * anonymous callers) it verified; the service-center only its own service identity acting for a
 * citizen on an application; a department system only itself (its events); a department subgraph
 * passes on to its own system whom it verified. A verifier refuses a valid signature on any other.
 */
import { importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { text } from '../i18n/messages.ts';
import { claimsOf, identityFromClaims } from './claims.ts';
import type { Identity } from './identity.ts';
import type { RefreshingKeySet } from './keySet.ts';
import { departmentOfSystem, GATEWAY, SERVICE_CENTER } from './services.ts';
import { bearerTokenOf, TokenError, tokenErrorOf } from './tokens.ts';

/** The JOSE `typ` of a delegation token: no other token (an identity provider's, a grant) passes for one. */
export const DELEGATION_TOKEN_TYPE = 'onething-delegation+jwt';

/** How long a delegation token lives: long enough for one call and its retries, no longer. */
export const DELEGATION_TTL_SECONDS = 120;

/** How long a signed delegation is used again for the same callee, identity and purpose. */
const DELEGATION_REUSE_MS = (DELEGATION_TTL_SECONDS * 1000) / 2;

/** The most signed (and verified) delegations a service remembers. */
const MAX_REMEMBERED = 10_000;

/** The service a key belongs to: its key id is `<service>.<id>`. */
export function serviceOfKeyId(kid: string | undefined): string | undefined {
  const dot = kid?.indexOf('.') ?? -1;
  return dot > 0 ? kid?.slice(0, dot) : undefined;
}

/** Who a verified delegation token says is asking. */
export interface Delegated {
  /** The service that called, e.g. `gateway`. */
  caller: string;
  /** The identity it acts for. */
  identity: Identity;
  /** Why it asks, e.g. `operation CitizenProfile`, as the caller's signer recorded it; null when not said. */
  purpose: string | null;
}

/** True when `caller`'s key may sign a delegation for `identity` (see the module comment). */
export function maySignFor(caller: string, identity: Identity): boolean {
  if (caller === GATEWAY) return identity.kind !== 'service';
  if (caller === SERVICE_CENTER) return identity.kind === 'service' && identity.service === SERVICE_CENTER;
  if (departmentOfSystem(caller) !== undefined)
    return identity.kind === 'service' && identity.service === caller;
  // A department subgraph passes on whom it verified: a person, or the service-center acting for one.
  return identity.kind !== 'service' || identity.service === SERVICE_CENTER;
}

/** Signs with one service's own private key: delegations, and the tokens that service alone issues. */
export class ServiceSigner {
  readonly service: string;
  readonly #jwk: JWK;
  #key: ReturnType<typeof importJWK> | undefined;
  readonly #delegations = new LRUCache<string, Promise<string>>({
    max: MAX_REMEMBERED,
    ttl: DELEGATION_REUSE_MS,
  });

  /** @param privateKey - the service's private JWK; its `kid` must be `<service>.<id>` */
  constructor(service: string, privateKey: JWK) {
    if (serviceOfKeyId(privateKey.kid) !== service) {
      throw new Error(
        `the signing key of ${service} must have a key id "${service}.<id>", got ${privateKey.kid}`,
      );
    }
    this.service = service;
    this.#jwk = privateKey;
  }

  /**
   * A delegation token for `audience` acting for `identity`, used again while at least half its life is
   * left (never for another callee, identity or purpose).
   */
  delegate(audience: string, identity: Identity, purpose: string | null = null): Promise<string> {
    if (!maySignFor(this.service, identity)) {
      throw new TokenError(
        'SUBJECT_NOT_ALLOWED',
        text('auth.mayNotActFor', { service: this.service, subject: claimsOf(identity).sub ?? '' }),
      );
    }
    const claims: Record<string, string> = claimsOf(identity);
    if (purpose) claims.purpose = purpose.slice(0, 200);
    const key = `${audience}\n${JSON.stringify(claims)}`;
    let token = this.#delegations.get(key);
    if (!token) {
      token = this.sign(claims, {
        audience,
        type: DELEGATION_TOKEN_TYPE,
        ttlSeconds: DELEGATION_TTL_SECONDS,
      });
      token.catch(() => this.#delegations.delete(key));
      this.#delegations.set(key, token);
    }
    return token;
  }

  /** Signs `claims` as this service (`iss`) for `audience`, as a JWT of JOSE type `type`. */
  async sign(
    claims: Record<string, unknown>,
    options: { audience?: string; type: string; ttlSeconds: number },
  ): Promise<string> {
    this.#key ??= importJWK(this.#jwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: 'ES256', kid: this.#jwk.kid as string, typ: options.type })
      .setIssuer(this.service)
      .setIssuedAt(now)
      .setExpirationTime(now + options.ttlSeconds);
    if (options.audience) jwt.setAudience(options.audience);
    return jwt.sign(await this.#key);
  }
}

/** Verifies tokens other services signed, with the deployment's key set of services. */
export class ServiceTokenVerifier {
  readonly service: string;
  readonly #keys: RefreshingKeySet;
  readonly #clockTolerance: number;
  readonly #verified = new LRUCache<string, { payload: JWTPayload; issuer: string }>({ max: MAX_REMEMBERED });
  #generation: number;

  /** @param service - the service verifying: only tokens for it (`aud`) are accepted */
  constructor(service: string, keys: RefreshingKeySet, clockToleranceSeconds = 30) {
    this.service = service;
    this.#keys = keys;
    this.#clockTolerance = clockToleranceSeconds;
    this.#generation = keys.generation;
  }

  /**
   * The verified claims and signer of a token of JOSE type `type` for this service: the signer is the
   * service whose key signed it, and must be the `iss` it claims.
   *
   * @throws TokenError for a token that does not verify, or one another service was meant to get
   */
  async verify(token: string, type: string): Promise<{ payload: JWTPayload; issuer: string }> {
    const generation = this.#keys.generation;
    if (generation !== this.#generation) {
      this.#verified.clear();
      this.#generation = generation;
    }
    const cacheKey = `${type}\n${token}`;
    const remembered = this.#verified.get(cacheKey);
    if (remembered) return remembered;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.#keys.getKey, {
        audience: this.service,
        typ: type,
        algorithms: ['ES256'],
        clockTolerance: this.#clockTolerance,
        requiredClaims: ['iss', 'exp', 'iat'],
      });
      const issuer = serviceOfKeyId(protectedHeader.kid);
      if (!issuer || payload.iss !== issuer) {
        throw new TokenError(
          'BAD_SIGNATURE',
          text('auth.signedByOther', { claimed: String(payload.iss), issuer: String(issuer) }),
        );
      }
      if ((payload.exp as number) - (payload.iat as number) > 3600) {
        throw new TokenError('TOO_OLD', text('auth.serviceTokenTooLong'));
      }
      const verified = { payload, issuer };
      const ttl = Math.min((payload.exp as number) * 1000 - Date.now(), this.#keys.refreshMs);
      if (ttl > 0) this.#verified.set(cacheKey, verified, { ttl });
      return verified;
    } catch (error) {
      throw tokenErrorOf(error);
    }
  }
}

/** Verifies the delegation tokens a service is called with. */
export class DelegationVerifier {
  readonly #tokens: ServiceTokenVerifier;

  constructor(tokens: ServiceTokenVerifier) {
    this.#tokens = tokens;
  }

  /** The service verifying, the only audience it accepts. */
  get service(): string {
    return this.#tokens.service;
  }

  /**
   * Who asks, from an `Authorization` header: the calling service, which must be one of `callers`, and
   * the identity it acts for, which its key must be allowed to sign for.
   *
   * @throws TokenError `NO_CREDENTIALS` without a header, a 401 problem for a token that does not
   *   verify, `CALLER_NOT_ALLOWED` or `SUBJECT_NOT_ALLOWED` (403) for a caller refused here
   */
  async verify(authorization: string | undefined, callers: readonly string[]): Promise<Delegated> {
    if (!authorization)
      throw new TokenError('NO_CREDENTIALS', text('auth.onlyTrustedServices', { service: this.service }));
    const { payload, issuer } = await this.#tokens.verify(
      bearerTokenOf(authorization),
      DELEGATION_TOKEN_TYPE,
    );
    if (!callers.includes(issuer)) {
      throw new TokenError('CALLER_NOT_ALLOWED', text('auth.mayNotCall', { issuer, service: this.service }));
    }
    const identity = identityFromClaims(payload);
    if (!identity) {
      throw new TokenError(
        'UNKNOWN_SUBJECT',
        text('auth.unknownSubject', { subject: JSON.stringify(payload.sub) ?? '' }),
      );
    }
    if (!maySignFor(issuer, identity)) {
      throw new TokenError(
        'SUBJECT_NOT_ALLOWED',
        text('auth.mayNotActFor', { service: issuer, subject: JSON.stringify(payload.sub) ?? '' }),
      );
    }
    return {
      caller: issuer,
      identity,
      purpose: typeof payload.purpose === 'string' ? payload.purpose : null,
    };
  }
}
