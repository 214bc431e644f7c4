/**
 * Who is asking, from a request's `Authorization` header: the one check the gateway, every subgraph
 * and every department system make before they answer. Each says "no" in its own way — a GraphQL
 * `UNAUTHENTICATED` error, an HTTP 401 JSON body — so this module only decides, by throwing a
 * {@link TokenError}.
 */
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
  if (!verifier) throw new TokenError('BAD_SIGNATURE', 'this server has no keys to verify tokens with');
  return verifier.identityOf(authorization);
}
