/**
 * `npm run -s token -- <identity> [--env-file <file>]`: prints a token of the identity provider for an
 * identity, and nothing else, so it can be used as
 * `Authorization: Bearer $(npm run -s token -- 500103198910149170)`.
 *
 * Identities: a citizen ID; `staff:<department>[/<employee>][:<scope>,…]` (e.g.
 * `staff:health/E1024:health:read`); `hospital:<id>`. A staff token reads personal data only with a
 * purpose beside it on each request: `OneThing-Purpose: case <number>` (see `lib/auth/purpose.ts`).
 * Without `--env-file` it signs with the
 * development identity provider (made on first use under `<DATA_DIR>/dev-keys/`). With a deployment's
 * env file (`npm run keys`) it signs with that deployment's stand-in identity provider key
 * (`IDENTITY_PROVIDER_SIGNING_KEY`, `AUTH_ISSUER`, `AUTH_AUDIENCE`), for acceptance tests of the
 * deployment; a real deployment's identity provider keeps that key to itself.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { JWK } from 'jose';
import { DEFAULT_AUDIENCE, loadAuthentication } from '../lib/auth/config.ts';
import { parseIdentity } from '../lib/auth/identity.ts';
import { TokenIssuer } from '../lib/auth/issuer.ts';
import { deploymentServices } from '../system/topology.ts';

/** How long a test token lives: a working day, the deployment's default maximum. */
const TTL_SECONDS = 12 * 3600;

const args = process.argv.slice(2);
const envFileAt = args.indexOf('--env-file');
const envFile = envFileAt >= 0 ? args[envFileAt + 1] : undefined;
const [text] = args.filter((_, index) => envFileAt < 0 || (index !== envFileAt && index !== envFileAt + 1));
if (!text || (envFileAt >= 0 && !envFile)) {
  console.error(
    'usage: npm run -s token -- <citizen ID | staff:<department>[/<employee>][:<scope>,…] | hospital:<id>> [--env-file <file>]',
  );
  process.exit(2);
}

/** The identity provider of a deployment's env file. */
function issuerOf(file: string): TokenIssuer {
  const env = parseEnv(readFileSync(file, 'utf8'));
  const keyFile = env.IDENTITY_PROVIDER_SIGNING_KEY;
  if (!keyFile || !env.AUTH_ISSUER) {
    throw new Error(
      `${file} must set IDENTITY_PROVIDER_SIGNING_KEY and AUTH_ISSUER (npm run keys writes both)`,
    );
  }
  const key = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  return new TokenIssuer(key, env.AUTH_ISSUER, env.AUTH_AUDIENCE || DEFAULT_AUDIENCE);
}

try {
  const identity = parseIdentity(text);
  const issuer = envFile
    ? issuerOf(envFile)
    : (await loadAuthentication(deploymentServices(), { ...process.env, NODE_ENV: 'development' })).issuer;
  console.log(await issuer.mint(identity, { ttlSeconds: TTL_SECONDS }));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
