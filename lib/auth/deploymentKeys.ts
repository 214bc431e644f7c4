/**
 * A deployment's key material for tokens: the identity provider's key pair (standing in for the
 * government's unified identity platform) and one ES256 key pair per service. `npm run keys` writes a
 * production set to files; development keeps one set under `<DATA_DIR>/dev-keys/` made on first use;
 * the tests make theirs in memory. Development key ids carry `onething-dev-`, so production refuses them.
 *
 * Files (`writeDeploymentKeys`):
 *
 * | file | holds | given to |
 * | --- | --- | --- |
 * | `identity-provider/signing-key.jwk.json` | the identity provider's private key | no service (`npm run token` in acceptance tests) |
 * | `identity-provider/jwks.json` | its public key set | the gateway (`AUTH_JWKS`) |
 * | `services/<service>.jwk.json` | a service's private key | that service alone (`SERVICE_SIGNING_KEY`) |
 * | `services/jwks.json` | every service's public key | every service (`SERVICE_KEYS`) |
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';

/** The marker in every development key id: production refuses a key that carries it. */
export const DEV_KEY_MARKER = 'onething-dev-';

/** One deployment's keys. */
export interface DeploymentKeys {
  identityProvider: { privateKey: JWK; publicKeys: JSONWebKeySet };
  /** Each service's private key, by service name. */
  services: Record<string, JWK>;
  /** Every service's public key: what each service verifies the others with. */
  serviceKeys: JSONWebKeySet;
}

/** True when any key of `keys` is a development key. */
export function hasDevelopmentKey(keys: JSONWebKeySet | JWK): boolean {
  const list = 'keys' in keys && Array.isArray(keys.keys) ? keys.keys : [keys as JWK];
  return list.some((key) => key.kid?.includes(DEV_KEY_MARKER));
}

async function keyPair(kid: string): Promise<{ privateKey: JWK; publicKey: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const meta = { kid, alg: 'ES256', use: 'sig' };
  return {
    privateKey: { ...(await exportJWK(privateKey)), ...meta },
    publicKey: { ...(await exportJWK(publicKey)), ...meta },
  };
}

/**
 * New keys for `services`. A service's key id is `<service>.<id>`: verifiers read the signer from it.
 *
 * @param development - mark every key id as a development key
 */
export async function generateDeploymentKeys(
  services: readonly string[],
  { development = false }: { development?: boolean } = {},
): Promise<DeploymentKeys> {
  const marker = development ? DEV_KEY_MARKER : '';
  const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const idp = await keyPair(`${marker}identity-provider-${stamp}-${randomUUID().slice(0, 8)}`);
  const pairs = await Promise.all(
    services.map(
      async (service) =>
        [service, await keyPair(`${service}.${marker}${stamp}-${randomUUID().slice(0, 8)}`)] as const,
    ),
  );
  return {
    identityProvider: { privateKey: idp.privateKey, publicKeys: { keys: [idp.publicKey] } },
    services: Object.fromEntries(pairs.map(([service, pair]) => [service, pair.privateKey])),
    serviceKeys: { keys: pairs.map(([, pair]) => pair.publicKey) },
  };
}

/** Where {@link writeDeploymentKeys} puts each file under `dir`. */
export function deploymentKeyFiles(dir: string) {
  return {
    identityProviderSigningKey: path.join(dir, 'identity-provider', 'signing-key.jwk.json'),
    identityProviderKeys: path.join(dir, 'identity-provider', 'jwks.json'),
    serviceKeys: path.join(dir, 'services', 'jwks.json'),
    serviceSigningKey: (service: string) => path.join(dir, 'services', `${service}.jwk.json`),
  };
}

/** Writes `content` to `file` all at once (a reader never sees half of it). */
export function writeAtomically(file: string, content: string | Uint8Array, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

/** Writes a deployment's keys as files under `dir` (private keys 0600, key sets 0644). */
export function writeDeploymentKeys(keys: DeploymentKeys, dir: string): void {
  const files = deploymentKeyFiles(dir);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  writeAtomically(files.identityProviderSigningKey, json(keys.identityProvider.privateKey), 0o600);
  writeAtomically(files.identityProviderKeys, json(keys.identityProvider.publicKeys), 0o644);
  for (const [service, key] of Object.entries(keys.services)) {
    writeAtomically(files.serviceSigningKey(service), json(key), 0o600);
  }
  writeAtomically(files.serviceKeys, json(keys.serviceKeys), 0o644);
}

function readDevelopmentKeys(file: string, services: readonly string[]): DeploymentKeys | undefined {
  try {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as DeploymentKeys;
    return services.every((service) => keys.services[service]) ? keys : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The development keys under `dir`, made on first use and made anew when a service joined. Safe when
 * several processes start at once: one takes a lock file and generates, the others wait for its keys.
 */
export async function loadDevelopmentKeys(dir: string, services: readonly string[]): Promise<DeploymentKeys> {
  const file = path.join(dir, 'deployment-keys.json');
  const existing = readDevelopmentKeys(file, services);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, '.generating');
  try {
    closeSync(openSync(lock, 'wx'));
  } catch {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const keys = readDevelopmentKeys(file, services);
      if (keys) return keys;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `development keys in ${dir} are locked by ${lock}; delete it if no process is generating keys`,
    );
  }
  try {
    const keys = await generateDeploymentKeys(services, { development: true });
    writeAtomically(file, JSON.stringify(keys, null, 2), 0o600);
    return keys;
  } finally {
    rmSync(lock, { force: true });
  }
}
