/**
 * Authentication for the health subgraph's tests: a key pair made in memory for one test file, a
 * verifier the subgraph (and a mock department API) checks tokens with, an issuer that mints them
 * for any identity, and the access-grant secret that stands in for public security's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { AccessGrants } from '../../lib/auth/grants.ts';
import { type Identity, parseIdentity } from '../../lib/auth/identity.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';

/** What a test needs to sign in as anyone. */
export interface TestAuthentication {
  verifier: TokenVerifier;
  issuer: TokenIssuer;
  /** Signs grants as public security would; pass it to `buildSubgraph`. */
  grants: AccessGrants;
  /**
   * The `Authorization` header of an identity, written as for `npm run token` (a citizen ID,
   * `staff:<department>[:<scope>,…]`, `hospital:<id>`, `service:service-center`) or as an identity.
   */
  bearer(identity: string | Exclude<Identity, { kind: 'anonymous' }>): Promise<Record<string, string>>;
}

/** Makes a fresh key pair and grant secret; nothing is written to disk. */
export async function createTestAuthentication(): Promise<TestAuthentication> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `health-test-${randomUUID()}`;
  const policy = { issuer: 'onething-test', audience: 'onething' };
  const issuer = new TokenIssuer(
    { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    policy.issuer,
    policy.audience,
  );
  const verifier = new TokenVerifier(
    { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256' }] },
    policy,
  );
  return {
    verifier,
    issuer,
    grants: new AccessGrants(randomBytes(32)),
    bearer: async (identity) => {
      const token = await issuer.mint(typeof identity === 'string' ? parseIdentity(identity) : identity);
      return { authorization: `Bearer ${token}` };
    },
  };
}
