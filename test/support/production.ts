/**
 * A production deployment as the production test runs it: the key material `npm run keys` writes, in
 * a temporary folder; every service in its own process, in production mode, with mutual TLS
 * (`startProduction`); and a small HTTPS client that calls a service as the test chooses — with a
 * service's certificate, with none, with a token signed by any key of the deployment.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { JWK } from 'jose';
import { ServiceSigner } from '../../lib/auth/delegation.ts';
import { deploymentKeyFiles } from '../../lib/auth/deploymentKeys.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { clientTlsOptions, readTlsConfig, type TlsConfig } from '../../lib/http/tls.ts';
import { serviceSuffix } from '../../system/serviceEnvironment.ts';
import {
  type ProductionSystem,
  type RunningService,
  readEnvFile,
  startProduction,
} from '../../system/startProduction.ts';
import { ROOT } from '../../system/topology.ts';

/** A running deployment and the key material it was made with. */
export interface ProductionDeployment {
  system: ProductionSystem;
  /** The deployment's variables, as its services were started with them. */
  env: NodeJS.ProcessEnv;
  /** The folder `npm run keys` wrote into. */
  keysDir: string;
  /** Signs identity-provider tokens, as the government's identity platform would. */
  issuer: TokenIssuer;
  /** The private JWK of the identity provider's key. */
  identityProviderKey: JWK;
  /** A running service of the deployment: its processes, its balancer when it runs in replicas. */
  serviceOf(service: string): RunningService;
  /** A service's URL, e.g. `health-system` → `https://127.0.0.1:40123`. */
  urlOf(service: string): string;
  /** A service's certificate, key and the deployment's CA. */
  tlsOf(service: string): TlsConfig;
  /** Signs with a service's own key, as that service does. */
  signerOf(service: string): ServiceSigner;
  /** The deployment's CA certificate, PEM. */
  ca: string;
  /** Stops every service and removes the temporary folder. */
  stop(): Promise<void>;
}

/** Options of {@link startProductionDeployment}. */
export interface DeploymentOptions {
  /**
   * Changes to the env file's variables before the launch, given the folder the keys are in;
   * `DATA_DIR` (a fresh folder) and `LOG_LEVEL=warn` are set already.
   */
  configure?: (env: NodeJS.ProcessEnv, keysDir: string) => Promise<void> | void;
  /** Where the services' output goes once they listen; default discarded. */
  onOutput?: (service: string, line: string) => void;
  /** How many processes of each service to run, as `--replicas` gives them; one each by default. */
  replicas?: ReadonlyMap<string, number>;
}

/** Writes a deployment's key material and env file into `dir/keys` with `npm run keys`, as an operator would. */
export async function generateKeys(dir: string): Promise<string> {
  const keysDir = path.join(dir, 'keys');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', '--out', keysDir], {
    cwd: ROOT,
  });
  return keysDir;
}

/** Generates a deployment's keys in a temporary folder and starts every service of it. */
export async function startProductionDeployment(
  options: DeploymentOptions = {},
): Promise<ProductionDeployment> {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-production-'));
  try {
    const keysDir = await generateKeys(dir);
    const env: NodeJS.ProcessEnv = {
      ...readEnvFile(path.join(keysDir, 'onething.env')),
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'warn',
    };
    await options.configure?.(env, keysDir);
    const system = await startProduction({
      env,
      ports: 'ephemeral',
      onOutput: options.onOutput,
      replicas: options.replicas,
    });
    const files = deploymentKeyFiles(keysDir);
    const identityProviderKey = JSON.parse(readFileSync(files.identityProviderSigningKey, 'utf8')) as JWK;
    const tls = new Map<string, TlsConfig>();
    const signers = new Map<string, ServiceSigner>();
    const tlsOf = (service: string) => {
      let config = tls.get(service);
      if (!config) {
        const suffix = serviceSuffix(service);
        config = readTlsConfig({
          TLS_CERT_FILE: env[`TLS_CERT_FILE${suffix}`],
          TLS_KEY_FILE: env[`TLS_KEY_FILE${suffix}`],
          TLS_CA_FILE: env.TLS_CA_FILE,
        });
        if (!config) throw new Error(`the deployment has no certificate for ${service}`);
        tls.set(service, config);
      }
      return config;
    };
    const serviceOf = (service: string): RunningService => {
      const running = system.services.get(service);
      if (!running) throw new Error(`the deployment runs no ${service}`);
      return running;
    };
    return {
      system,
      env,
      keysDir,
      identityProviderKey,
      issuer: new TokenIssuer(identityProviderKey, env.AUTH_ISSUER as string, env.AUTH_AUDIENCE as string),
      serviceOf,
      urlOf: (service) => serviceOf(service).url.replace(/\/graphql$/, ''),
      tlsOf,
      signerOf(service) {
        let signer = signers.get(service);
        if (!signer) {
          const key = JSON.parse(readFileSync(files.serviceSigningKey(service), 'utf8')) as JWK;
          signer = new ServiceSigner(service, key);
          signers.set(service, signer);
        }
        return signer;
      },
      ca: readFileSync(env.TLS_CA_FILE as string, 'utf8'),
      async stop() {
        await system.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** One HTTPS request as a test makes it. */
export interface HttpsRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A JSON body: an object is sent as JSON, a string as it is. */
  body?: unknown;
  /** The CA the server's certificate must be of (always the deployment's). */
  ca: string | Buffer;
  /** The certificate the caller presents, as a service would; none when absent. */
  cert?: TlsConfig;
  /** How long to wait, ms; default 10 000. */
  timeoutMs?: number;
}

/** An answer as a test reads it. */
export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads any path of an answer; a wrong one fails its assertion.
  json: any;
}

/**
 * Sends one request over a connection of its own (an agent per request, never pooled: each carries
 * the certificate the test chose, and no connection of another identity is reused). Rejects with the
 * TLS error when the server refuses the handshake.
 */
export function httpsRequest(url: string, options: HttpsRequest): Promise<HttpsAnswer> {
  const agent = new https.Agent({
    keepAlive: false,
    ...(options.cert ? clientTlsOptions(options.cert) : { ca: options.ca }),
  });
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Promise<HttpsAnswer>((resolve, reject) => {
    const request = https.request(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      agent,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      timeout: options.timeoutMs ?? 10_000,
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in time`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
    });
    request.end(body);
  }).finally(() => agent.destroy());
}

/** Opens each store of the deployment (`<DATA_DIR>/<name>.sqlite`) read-only, by store name. */
function openStores(dataDir: string): Map<string, Database.Database> {
  const stores = new Map<string, Database.Database>();
  for (const file of readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'))) {
    stores.set(file.slice(0, -'.sqlite'.length), new Database(path.join(dataDir, file), { readonly: true }));
  }
  return stores;
}

/**
 * Every table of every store of the deployment but the audit logs, as a row count and a hash of the
 * rows: two states are equal when nothing was written. Read from the stores' files, read-only, while
 * the services run.
 */
export function storeState(dataDir: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const [store, db] of openStores(dataDir)) {
    try {
      const tables = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'sqlite_sequence') ORDER BY name",
        )
        .all() as Array<{ name: string }>;
      for (const { name } of tables) {
        const rows = db.prepare(`SELECT * FROM "${name}"`).all();
        state[`${store}.${name}`] =
          `${rows.length} ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
      }
    } finally {
      db.close();
    }
  }
  return state;
}

/** An entry of a department system's audit log, as a test reads it. */
export interface AuditRow {
  seq: number;
  actor: string;
  purpose: string | null;
  action: string;
  outcome: number;
}

/** The entries of `department`'s audit log after `afterSeq` (all of them by default), oldest first. */
export function auditEntries(dataDir: string, department: string, afterSeq = 0): AuditRow[] {
  const db = new Database(path.join(dataDir, `${department}.sqlite`), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return db
      .prepare('SELECT seq, actor, purpose, action, outcome FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(afterSeq) as AuditRow[];
  } finally {
    db.close();
  }
}

/** The newest entry's number in `department`'s audit log; 0 when it is empty. */
export function lastAuditSeq(dataDir: string, department: string): number {
  return auditEntries(dataDir, department).at(-1)?.seq ?? 0;
}

/** How a service run by {@link runService} ended. */
export interface ServiceRun {
  /** Its exit code once it stopped by itself; null when it listened (and was then stopped). */
  exitCode: number | null;
  /** The URL it printed once listening. */
  listeningAt?: string;
  /** What it printed on stdout and stderr. */
  output: string;
  /** What it printed on stderr. */
  stderr: string;
}

/**
 * Runs `npm run serve -- <service>` with exactly `env` (nothing of the test's own environment) until it
 * either exits or listens; one that listens is stopped at once.
 */
export function runService(service: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ServiceRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'system/serve.ts', service], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  let listeningAt: string | undefined;
  return new Promise<ServiceRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${service} neither exited nor listened within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (listeningAt) return;
      listeningAt = new RegExp(`${service} listening at (\\S+)`).exec(output)?.[1];
      if (listeningAt) child.kill('SIGTERM');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      read(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: listeningAt ? null : code, listeningAt, output, stderr });
    });
  });
}
