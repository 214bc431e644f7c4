/**
 * Signing tokens. The development issuer makes an ES256 key pair on first use and keeps it under the
 * data folder (`<DATA_DIR>/dev-keys/`, never committed); `npm run -s token -- <identity>` and the tests
 * mint tokens with it. Its key ids start with `onething-dev-`, so production can refuse them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import { type AnonymousIdentity, type Identity, subjectOf } from './identity.ts';

/** The prefix of every development key id. */
export const DEV_KEY_ID_PREFIX = 'onething-dev-';

/** True when a key set holds a development key: production refuses to start with one. */
export function hasDevelopmentKey(keys: JSONWebKeySet): boolean {
  return keys.keys.some((key) => key.kid?.startsWith(DEV_KEY_ID_PREFIX));
}

/** Options of one token. */
export interface MintOptions {
  /** Lifetime in seconds; default 3600. */
  ttlSeconds?: number;
  /** The instant the token is issued; default now. Tests move it. */
  now?: Date;
}

/** Signs tokens with one private key for one issuer and audience. */
export class TokenIssuer {
  #signingKey: ReturnType<typeof importJWK> | undefined;

  constructor(
    private readonly privateKey: JWK,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  /** A signed token carrying `identity`. */
  async mint(identity: Exclude<Identity, AnonymousIdentity>, options: MintOptions = {}): Promise<string> {
    this.#signingKey ??= importJWK(this.privateKey, 'ES256');
    const key = await this.#signingKey;
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const claims: Record<string, string> = {};
    if (identity.kind === 'staff') claims.scope = identity.scopes.join(' ');
    if (identity.kind === 'service') {
      if (identity.actingFor) claims.act_for = identity.actingFor;
      if (identity.applicationId) claims.application = identity.applicationId;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.privateKey.kid as string, typ: 'JWT' })
      .setSubject(subjectOf(identity))
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.ttlSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(key);
  }
}

/** The development key pair: the private key to sign with, the public key set to verify with. */
export interface DevelopmentKeys {
  privateKey: JWK;
  jwks: JSONWebKeySet;
  /** The secret access grants are signed with. */
  grantSecret: Uint8Array;
}

function writeAtomically(file: string, content: string | Uint8Array, mode: number): void {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

function readPair(privateFile: string, jwksFile: string): DevelopmentKeys | undefined {
  try {
    const pair = {
      // The key set is written last: when it is there, the private key and the secret are complete.
      jwks: JSON.parse(readFileSync(jwksFile, 'utf8')) as JSONWebKeySet,
      privateKey: JSON.parse(readFileSync(privateFile, 'utf8')) as JWK,
      grantSecret: readFileSync(path.join(path.dirname(privateFile), 'grant-secret.bin')),
    };
    return pair.jwks.keys[0]?.kid === pair.privateKey.kid ? pair : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the development key pair from `dir`, generating it on first use. Safe when several processes
 * start at once: one takes a lock file and generates, the others wait for its key set.
 */
export async function loadDevelopmentKeys(dir: string): Promise<DevelopmentKeys> {
  const privateFile = path.join(dir, 'signing-key.jwk.json');
  const jwksFile = path.join(dir, 'jwks.json');
  const existing = readPair(privateFile, jwksFile);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path.join(dir, '.generating'), 'wx'));
  } catch {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const pair = readPair(privateFile, jwksFile);
      if (pair) return pair;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `development keys in ${dir} are locked by ${path.join(dir, '.generating')}; delete it if no process is generating keys`,
    );
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${DEV_KEY_ID_PREFIX}${randomUUID()}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  // The key set is written last and read first: a reader that finds it finds the private key too.
  const grantSecret = randomBytes(32);
  writeAtomically(path.join(dir, 'grant-secret.bin'), grantSecret, 0o600);
  writeAtomically(privateFile, JSON.stringify(privateJwk, null, 2), 0o600);
  writeAtomically(jwksFile, JSON.stringify({ keys: [publicJwk] }, null, 2), 0o644);
  return { privateKey: privateJwk, jwks: { keys: [publicJwk] }, grantSecret };
}
