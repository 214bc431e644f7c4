import { describe, expect, it } from 'vitest';
import { authenticate } from './authenticate.ts';
import { ANONYMOUS } from './identity.ts';
import { TokenVerifier } from './tokens.ts';

const verifier = new TokenVerifier({ keys: [] }, { issuer: 'onething-test', audience: 'onething-test' });

describe('authenticate', () => {
  it('takes a request without a token for anonymous', async () => {
    await expect(authenticate(undefined, verifier)).resolves.toEqual(ANONYMOUS);
    await expect(authenticate(undefined, undefined)).resolves.toEqual(ANONYMOUS);
  });

  it('refuses any token when there are no keys to check it with, rather than trusting it', async () => {
    await expect(authenticate('Bearer a.b.c', undefined)).rejects.toMatchObject({
      name: 'TokenError',
      problem: 'BAD_SIGNATURE',
    });
  });

  it('refuses a token that does not verify, saying why', async () => {
    await expect(authenticate('Bearer not-a-token', verifier)).rejects.toMatchObject({
      name: 'TokenError',
      problem: 'MALFORMED',
    });
  });
});
