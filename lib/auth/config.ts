/**
 * How a service authenticates, read once at start-up: the keys it verifies with and the one it signs
 * with. In production every value comes from the environment and a missing or development one stops
 * the service, naming each variable; in development (`npm start`, the tests) the development keys under
 * `<DATA_DIR>/dev-keys/` stand in, made on first use.
 *
 * | variable | meaning | who needs it |
 * | --- | --- | --- |
 * | `SERVICE_SIGNING_KEY` | this service's private JWK file (`npm run keys`) | every service |
 * | `SERVICE_KEYS` | the JWKS file of every service's public key | every service |
 * | `AUTH_ISSUER` | the `iss` of the identity provider's tokens | the gateway |
 * | `AUTH_AUDIENCE` | the `aud` they must carry; default `onething` | the gateway |
 * | `AUTH_JWKS` | the identity provider's public keys: a JWKS file or `https://` URL | the gateway |
 * | `AUTH_MAX_TOKEN_AGE_SECONDS` | the longest a client token may live; default 43200 (12 h) | the gateway |
 * | `AUTH_KEY_REFRESH_SECONDS` | how often key sets are read again; default 300 | every service |
 * | `AUTH_CLOCK_TOLERANCE_SECONDS` | clock skew tolerated; default 30 | every service |
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { isProduction } from '../runMode.ts';
import { DelegationVerifier, ServiceSigner, ServiceTokenVerifier } from './delegation.ts';
import { type DeploymentKeys, hasDevelopmentKey, loadDevelopmentKeys } from './deploymentKeys.ts';
import { AccessGrants, GRANT_SIGNER } from './grants.ts';
import { TokenIssuer } from './issuer.ts';
import { DEFAULT_KEY_REFRESH_SECONDS, type KeySource, RefreshingKeySet } from './keySet.ts';
import { GATEWAY } from './services.ts';
import { DEFAULT_MAX_TOKEN_AGE_SECONDS, TokenVerifier } from './tokens.ts';

/** The identity provider's issuer in development. */
export const DEVELOPMENT_ISSUER = 'onething-dev';

/** The audience of the identity provider's tokens for this graph, unless `AUTH_AUDIENCE` says otherwise. */
export const DEFAULT_AUDIENCE = 'onething';

/** What one service holds to know who calls it and to call others. */
export interface ServiceTrust {
  /** The service's name, e.g. `health-system`. */
  service: string;
  /** Signs with the service's own key: its delegations, and what it alone issues (grants, events). */
  signer: ServiceSigner;
  /** Verifies the delegation tokens the service is called with. */
  delegations: DelegationVerifier;
  /** Verifies any token another service signed for this one (delegations, signed events). */
  serviceTokens: ServiceTokenVerifier;
  /** Checks public security's access grants (and signs them, in public security's subgraph). */
  grants: AccessGrants;
  /** Verifies the identity provider's tokens: the gateway's alone. */
  clients?: TokenVerifier;
}

/** A whole deployment's keys in one process: the development system and the tests. */
export interface Authentication {
  /** Signs identity-provider tokens: test tokens, the explorer's, `npm run token`'s. */
  issuer: TokenIssuer;
  /** Verifies identity-provider tokens, as the gateway does. */
  verifier: TokenVerifier;
  /** What `service` holds. */
  trustFor(service: string): ServiceTrust;
  /** The keys themselves. */
  keys: DeploymentKeys;
  /** True when the keys are development keys. */
  development: boolean;
}

/** Policy values read from the environment, with their defaults. */
interface Policy {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
  keyRefreshSeconds: number;
}

function readSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a whole number of seconds 0–${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function readPolicy(env: NodeJS.ProcessEnv): Policy {
  return {
    issuer: env.AUTH_ISSUER || DEVELOPMENT_ISSUER,
    audience: env.AUTH_AUDIENCE || DEFAULT_AUDIENCE,
    clockToleranceSeconds: readSeconds(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 300),
    maxTokenAgeSeconds: readSeconds(
      env,
      'AUTH_MAX_TOKEN_AGE_SECONDS',
      DEFAULT_MAX_TOKEN_AGE_SECONDS,
      7 * 86_400,
    ),
    keyRefreshSeconds: readSeconds(env, 'AUTH_KEY_REFRESH_SECONDS', DEFAULT_KEY_REFRESH_SECONDS, 86_400),
  };
}

/** What `service` holds, given its private key, the service key set and (the gateway) the identity provider's keys. */
function serviceTrust(
  service: string,
  signingKey: JWK,
  serviceKeys: RefreshingKeySet,
  policy: Policy,
  identityProviderKeys: KeySource | undefined,
): ServiceTrust {
  const signer = new ServiceSigner(service, signingKey);
  const serviceTokens = new ServiceTokenVerifier(service, serviceKeys, policy.clockToleranceSeconds);
  return {
    service,
    signer,
    delegations: new DelegationVerifier(serviceTokens),
    serviceTokens,
    grants: new AccessGrants(serviceKeys, service === GRANT_SIGNER ? signer : undefined),
    clients: identityProviderKeys ? new TokenVerifier(identityProviderKeys, policy) : undefined,
  };
}

/** A deployment's authentication from its keys, all in one process. */
export function authenticationFromKeys(keys: DeploymentKeys, policy: Partial<Policy> = {}): Authentication {
  const full: Policy = { ...readPolicy({}), ...policy };
  const serviceKeys = new RefreshingKeySet(keys.serviceKeys, full.keyRefreshSeconds);
  const verifier = new TokenVerifier(keys.identityProvider.publicKeys, full);
  const trusts = new Map<string, ServiceTrust>();
  return {
    issuer: new TokenIssuer(keys.identityProvider.privateKey, full.issuer, full.audience),
    verifier,
    keys,
    development: hasDevelopmentKey(keys.serviceKeys),
    trustFor(service) {
      let trust = trusts.get(service);
      if (!trust) {
        const signingKey = keys.services[service];
        if (!signingKey) throw new Error(`the deployment has no key for the service ${service}`);
        trust = serviceTrust(service, signingKey, serviceKeys, full, undefined);
        if (service === GATEWAY) trust.clients = verifier;
        trusts.set(service, trust);
      }
      return trust;
    },
  };
}

/** The folder of the development keys. */
function developmentKeysDir(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.DATA_DIR ?? '.data', 'dev-keys');
}

/**
 * The development deployment's authentication for a system of `services` in one process (`npm start`,
 * the end-to-end tests).
 *
 * @throws Error in production: a production deployment runs each service alone (`npm run serve`) with its own keys
 */
export async function loadAuthentication(
  services: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Authentication> {
  if (isProduction(env)) {
    throw new Error(
      'the one-process system runs in development only (NODE_ENV=development); production runs every service with its own keys: npm run start:production -- --env-file <file>',
    );
  }
  return authenticationFromKeys(
    await loadDevelopmentKeys(developmentKeysDir(env), services),
    readPolicy(env),
  );
}

function readJsonFile<T>(file: string, variable: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${variable} must name a readable JSON file, got ${file}: ${(error as Error).message}`);
  }
}

/**
 * What `service` holds, from the environment (see the table above). In production every variable the
 * service needs must be set, to keys that are not development keys; the error names each one missing.
 * In development an unset variable falls back to the development keys of every service in `services`.
 */
export async function loadServiceTrust(
  service: string,
  services: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServiceTrust> {
  const production = isProduction(env);
  const policy = readPolicy(env);
  const needed = [
    'SERVICE_SIGNING_KEY',
    'SERVICE_KEYS',
    ...(service === GATEWAY ? ['AUTH_ISSUER', 'AUTH_JWKS'] : []),
  ];
  const missing = needed.filter((name) => !env[name]);
  if (production && missing.length > 0) {
    throw new Error(
      `${service} runs in production (NODE_ENV is not "development") and needs ${missing.join(', ')}: run npm run keys -- --out <dir> for a deployment's keys`,
    );
  }
  if (missing.length > 0) {
    const development = authenticationFromKeys(
      await loadDevelopmentKeys(developmentKeysDir(env), services),
      policy,
    );
    return development.trustFor(service);
  }
  const signingKey = readJsonFile<JWK>(env.SERVICE_SIGNING_KEY as string, 'SERVICE_SIGNING_KEY');
  const serviceKeys = new RefreshingKeySet(
    { file: path.resolve(env.SERVICE_KEYS as string) },
    policy.keyRefreshSeconds,
  );
  const identityProviderKeys: KeySource | undefined =
    service !== GATEWAY
      ? undefined
      : (env.AUTH_JWKS as string).startsWith('https://')
        ? new URL(env.AUTH_JWKS as string)
        : { file: path.resolve(env.AUTH_JWKS as string) };
  if (production) {
    const development = [
      hasDevelopmentKey(signingKey) && 'SERVICE_SIGNING_KEY',
      hasDevelopmentKey(serviceKeys.keys) && 'SERVICE_KEYS',
      identityProviderKeys &&
        'file' in identityProviderKeys &&
        hasDevelopmentKey(new RefreshingKeySet(identityProviderKeys).keys) &&
        'AUTH_JWKS',
      policy.issuer === DEVELOPMENT_ISSUER && service === GATEWAY && 'AUTH_ISSUER',
    ].filter(Boolean);
    if (development.length > 0) {
      throw new Error(
        `refusing to start ${service} in production with development keys or issuer: ${development.join(', ')}`,
      );
    }
  }
  return serviceTrust(service, signingKey, serviceKeys, policy, identityProviderKeys);
}
