/**
 * The identity provider's bearer tokens: signed JWTs (ES256) carrying a citizen, a staff member or a
 * hospital, as the government's unified identity platform issues them. Only the gateway accepts them;
 * behind it every hop carries a delegation token of the calling service instead (`delegation.ts`), so
 * a citizen's token never leaves the gateway.
 *
 * A token is refused unless it is signed by a key of the identity provider's key set, for this graph's
 * issuer and audience, within its lifetime (with bounded clock skew), issued no longer ago than the
 * maximum age and for no longer than it, and about a subject the identity provider may sign for — never
 * a service of the graph.
 */
import { errors, type JWTPayload, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { render, type Text, text } from '../i18n/messages.ts';
import { identityFromClaims } from './claims.ts';
import type { Identity } from './identity.ts';
import { DEFAULT_KEY_REFRESH_SECONDS, type KeySource, RefreshingKeySet } from './keySet.ts';

/** What a verifier checks. */
export interface TokenPolicy {
  /** The expected `iss`. */
  issuer: string;
  /** The expected `aud`. */
  audience: string;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds; default 30. */
  clockToleranceSeconds?: number;
  /** The longest a token may live, and the longest ago it may have been issued, in seconds; default 12 h. */
  maxTokenAgeSeconds?: number;
  /** How often a key set from a file or URL is read again, in seconds; default 300. */
  keyRefreshSeconds?: number;
}

/** The default of {@link TokenPolicy.maxTokenAgeSeconds}: a working day. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 12 * 3600;

/** Why a token was refused, in `extensions.reason` of an `UNAUTHENTICATED` or `FORBIDDEN` error. */
export type TokenProblem =
  | 'MALFORMED'
  | 'EXPIRED'
  | 'TOO_OLD'
  | 'BAD_SIGNATURE'
  | 'WRONG_ISSUER_OR_AUDIENCE'
  | 'UNKNOWN_SUBJECT'
  | 'NO_CREDENTIALS'
  | 'SUBJECT_NOT_ALLOWED'
  | 'CALLER_NOT_ALLOWED';

/** Problems that mean "known caller, not allowed here" (HTTP 403) rather than "not authenticated" (401). */
const FORBIDDING: ReadonlySet<TokenProblem> = new Set(['SUBJECT_NOT_ALLOWED', 'CALLER_NOT_ALLOWED']);

/**
 * A token that cannot be accepted. Its problem is told in the reader's language when it is a
 * {@link Text} of the catalogue ({@link TokenError.text}); its `message`, for logs, is the English.
 */
export class TokenError extends Error {
  override name = 'TokenError';
  /** The problem as a message of the catalogue, when it was given as one. */
  readonly text: Text | undefined;
  constructor(
    readonly problem: TokenProblem,
    message: string | Text,
  ) {
    super(typeof message === 'string' ? message : render('en', message));
    this.text = typeof message === 'string' ? undefined : message;
  }

  /** The HTTP status a server answers this refusal with: 403 for a caller it knows but refuses, else 401. */
  get status(): 401 | 403 {
    return FORBIDDING.has(this.problem) ? 403 : 401;
  }
}

/** The subjects the identity provider signs for: people and hospitals, never the graph's services. */
const IDENTITY_PROVIDER_SUBJECTS: ReadonlySet<Identity['kind']> = new Set(['citizen', 'staff', 'hospital']);

/** The identity of claims the identity provider signed; a subject it may not sign for is refused. */
function identityProviderSubject(claims: JWTPayload): Identity {
  const identity = identityFromClaims(claims);
  if (!identity)
    throw new TokenError(
      'UNKNOWN_SUBJECT',
      text('auth.unknownSubject', { subject: JSON.stringify(claims.sub) ?? '' }),
    );
  if (!IDENTITY_PROVIDER_SUBJECTS.has(identity.kind)) {
    throw new TokenError(
      'SUBJECT_NOT_ALLOWED',
      text('auth.subjectNotAllowed', { subject: JSON.stringify(claims.sub) ?? '' }),
    );
  }
  return identity;
}

/** Turns a jose verification failure into the {@link TokenError} a caller is answered with. */
export function tokenErrorOf(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? new TokenError('TOO_OLD', text('auth.tooOld'))
      : new TokenError('EXPIRED', text('auth.expired'));
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenError(
      'WRONG_ISSUER_OR_AUDIENCE',
      text('auth.wrongIssuerOrAudience', { detail: error.message }),
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new TokenError('BAD_SIGNATURE', text('auth.badSignature'));
  }
  return new TokenError('MALFORMED', text('auth.malformed', { detail: (error as Error).message }));
}

/** The JWT of an `Authorization: Bearer <jwt>` header value. */
export function bearerTokenOf(authorization: string): string {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
  if (!match?.[1]) throw new TokenError('MALFORMED', text('auth.bearerFormat'));
  return match[1];
}

/** The most verified tokens a verifier remembers. */
const MAX_REMEMBERED_TOKENS = 10_000;

/** Verifies the identity provider's bearer tokens against its key set. */
export class TokenVerifier {
  readonly #keys: RefreshingKeySet;
  /** Tokens already verified, each until it expires or the key set may have changed; bounded. */
  readonly #verified = new LRUCache<string, Identity>({ max: MAX_REMEMBERED_TOKENS });
  readonly #policy: Required<TokenPolicy>;
  #generation: number;

  /** @param keys - the key set itself, a file holding it, or the `https://` URL of a JWKS endpoint */
  constructor(keys: KeySource | RefreshingKeySet, policy: TokenPolicy) {
    this.#policy = {
      clockToleranceSeconds: 30,
      maxTokenAgeSeconds: DEFAULT_MAX_TOKEN_AGE_SECONDS,
      keyRefreshSeconds: DEFAULT_KEY_REFRESH_SECONDS,
      ...policy,
    };
    this.#keys =
      keys instanceof RefreshingKeySet ? keys : new RefreshingKeySet(keys, this.#policy.keyRefreshSeconds);
    this.#generation = this.#keys.generation;
  }

  /** The issuer and audience tokens must carry. */
  get policy(): Readonly<Required<TokenPolicy>> {
    return this.#policy;
  }

  /**
   * The identity of an `Authorization` header value: anonymous without one.
   *
   * @throws TokenError when the header is not `Bearer <jwt>` or the token does not verify
   */
  async identityOf(authorization: string | undefined): Promise<Identity> {
    if (!authorization) return { kind: 'anonymous' };
    const token = bearerTokenOf(authorization);
    const generation = this.#keys.generation;
    if (generation !== this.#generation) {
      // The key set changed: what was verified with a removed key must be verified again.
      this.#verified.clear();
      this.#generation = generation;
    }
    const remembered = this.#verified.get(token);
    if (remembered) return remembered;
    try {
      const { payload } = await jwtVerify(token, this.#keys.getKey, {
        issuer: this.#policy.issuer,
        audience: this.#policy.audience,
        clockTolerance: this.#policy.clockToleranceSeconds,
        maxTokenAge: this.#policy.maxTokenAgeSeconds,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const lifetime = (payload.exp as number) - (payload.iat as number);
      if (lifetime > this.#policy.maxTokenAgeSeconds) {
        throw new TokenError(
          'TOO_OLD',
          text('auth.livesTooLong', { lifetime, maxAge: this.#policy.maxTokenAgeSeconds }),
        );
      }
      const identity = identityProviderSubject(payload);
      const ttl = Math.min((payload.exp as number) * 1000 - Date.now(), this.#keys.refreshMs);
      if (ttl > 0) this.#verified.set(token, identity, { ttl });
      return identity;
    } catch (error) {
      throw tokenErrorOf(error);
    }
  }
}
