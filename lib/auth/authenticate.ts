/**
 * Who the client is, from a request's `Authorization` header: the gateway's check of the identity
 * provider's tokens before it answers (behind it, services verify delegations: `delegation.ts`). It
 * only decides, by throwing a {@link TokenError}; the gateway says "no" as a GraphQL error.
 */

import { text } from '../i18n/messages.ts';
import { ANONYMOUS, type Identity } from './identity.ts';
import { TokenError, type TokenVerifier } from './tokens.ts';

/**
 * The identity of an `Authorization` header value: anonymous without one. Without a verifier no token
 * can be checked, so a request that carries one is refused rather than trusted.
 *
 * @throws TokenError for a token that does not verify, or any token when there is no verifier
 */
export async function authenticate(
  authorization: string | undefined,
  verifier: TokenVerifier | undefined,
): Promise<Identity> {
  if (!authorization) return ANONYMOUS;
  if (!verifier) throw new TokenError('BAD_SIGNATURE', text('auth.noKeys'));
  return verifier.identityOf(authorization);
}
