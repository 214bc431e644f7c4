/**
 * How the graph authenticates, read once at start-up: which issuer and audience tokens must carry,
 * which keys sign them, and the key services sign their own tokens with.
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `AUTH_ISSUER` | the `iss` every token must carry | `onething-dev` |
 * | `AUTH_AUDIENCE` | the `aud` every token must carry | `onething` |
 * | `AUTH_JWKS` | a JWKS file path or `https://` URL of the keys that sign tokens | the development keys |
 * | `AUTH_SIGNING_KEY` | a private JWK file the service-center signs its tokens with | the development key |
 * | `AUTH_GRANT_SECRET` | a file of ≥ 32 random bytes the subgraphs sign access grants with | the development secret |
 * | `AUTH_CLOCK_TOLERANCE_SECONDS` | clock skew tolerated | 30 |
 *
 * The development keys live in `<DATA_DIR>/dev-keys/` and are made on first use. With
 * `NODE_ENV=production`, `AUTH_JWKS` and `AUTH_SIGNING_KEY` are required and development keys are refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';
import { AccessGrants } from './grants.ts';
import { hasDevelopmentKey, loadDevelopmentKeys, TokenIssuer } from './issuer.ts';
import { TokenVerifier } from './tokens.ts';

/** Everything a server needs to verify tokens, and to sign its own. */
export interface Authentication {
  verifier: TokenVerifier;
  /** Signs tokens for this deployment's services (and, in development, for anyone). */
  issuer: TokenIssuer;
  /** Signs and checks the access grants subgraphs pass each other (see `grants.ts`). */
  grants: AccessGrants;
  /** True when the keys are the development keys. */
  development: boolean;
}

function readJson<T>(file: string, variable: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${variable} must name a readable JSON file, got ${file}: ${(error as Error).message}`);
  }
}

/** Reads the authentication configuration; fails fast naming a missing or bad variable. */
export async function loadAuthentication(env: NodeJS.ProcessEnv = process.env): Promise<Authentication> {
  const issuerName = env.AUTH_ISSUER || 'onething-dev';
  const audience = env.AUTH_AUDIENCE || 'onething';
  const tolerance = Number(env.AUTH_CLOCK_TOLERANCE_SECONDS ?? 30);
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    throw new Error(
      `AUTH_CLOCK_TOLERANCE_SECONDS must be 0–300 seconds, got ${env.AUTH_CLOCK_TOLERANCE_SECONDS}`,
    );
  }
  const production = env.NODE_ENV === 'production';
  if (production && (!env.AUTH_JWKS || !env.AUTH_SIGNING_KEY || !env.AUTH_GRANT_SECRET)) {
    throw new Error(
      'in production AUTH_JWKS, AUTH_SIGNING_KEY and AUTH_GRANT_SECRET must be set: development keys are not accepted',
    );
  }
  const devKeysDir = path.resolve(env.DATA_DIR ?? '.data', 'dev-keys');

  let keys: JSONWebKeySet | URL;
  let signingKey: JWK;
  let development = false;
  if (env.AUTH_JWKS && env.AUTH_SIGNING_KEY) {
    keys = env.AUTH_JWKS.startsWith('https://')
      ? new URL(env.AUTH_JWKS)
      : readJson<JSONWebKeySet>(env.AUTH_JWKS, 'AUTH_JWKS');
    signingKey = readJson<JWK>(env.AUTH_SIGNING_KEY, 'AUTH_SIGNING_KEY');
    development = !(keys instanceof URL) && hasDevelopmentKey(keys);
  } else {
    const dev = await loadDevelopmentKeys(devKeysDir);
    keys = dev.jwks;
    signingKey = dev.privateKey;
    development = true;
  }
  if (production && (development || signingKey.kid?.startsWith('onething-dev-'))) {
    throw new Error(
      'refusing to start in production with development keys: set AUTH_JWKS and AUTH_SIGNING_KEY to real keys',
    );
  }
  const grantSecret = env.AUTH_GRANT_SECRET
    ? readFileSync(env.AUTH_GRANT_SECRET)
    : (await loadDevelopmentKeys(devKeysDir)).grantSecret;
  return {
    verifier: new TokenVerifier(keys, { issuer: issuerName, audience, clockToleranceSeconds: tolerance }),
    issuer: new TokenIssuer(signingKey, issuerName, audience),
    grants: new AccessGrants(grantSecret),
    development,
  };
}
