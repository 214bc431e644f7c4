/**
 * How each service of the deployment is built from its own environment: the one place that knows
 * which module serves which service name. `serve.ts` runs one; `startProduction.ts` runs them all, each
 * in its own process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readGatewayConfig } from '../gateway/config.ts';
import { buildGateway } from '../gateway/server.ts';
import { readAuditKey } from '../lib/audit/auditLog.ts';
import { loadServiceTrust } from '../lib/auth/config.ts';
import { departmentOfSystem, GATEWAY, SERVICE_CENTER } from '../lib/auth/services.ts';
import { readTlsConfig, useOutgoingTls } from '../lib/http/tls.ts';
import { readScrapeToken } from '../lib/metrics.ts';
import { isProduction } from '../lib/runMode.ts';
import { readSubgraphUrlOverrides } from '../lib/subgraphUrls.ts';
import { readMockStorageConfig } from '../mocks/kit/config.ts';
import { departmentSystemUrlVariable } from '../mocks/kit/events/receiverUrls.ts';
import { parseDatabaseUrl } from '../subgraphs/service-center/storage/database.ts';
import type { DepartmentSystemModule, SubgraphModule } from './buildOptions.ts';
import { defaultDepartmentSystemPort, deploymentServices, ROOT, readSupergraphConfig } from './topology.ts';

/** A built service, not yet listening. */
export interface ServiceServer {
  /** Listens where the environment says and answers the service's URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

function readPort(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/**
 * The service-center's store settings: `DATABASE_URL` (checked here, so a malformed one stops the start
 * before anything listens), `DATABASE_SCHEMA`, and `ERRAND_LEASE_SECONDS` (default 5).
 */
function readServiceCenterStorage(env: NodeJS.ProcessEnv) {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl) parseDatabaseUrl(databaseUrl);
  const rawLease = env.ERRAND_LEASE_SECONDS?.trim();
  const leaseSeconds = rawLease ? Number(rawLease) : 5;
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 300) {
    throw new Error(
      `ERRAND_LEASE_SECONDS must be a number of seconds from 1 to 300, got ${JSON.stringify(rawLease)}`,
    );
  }
  return {
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    leaseMs: leaseSeconds * 1000,
    sweepMs: Math.max(500, Math.min(2000, (leaseSeconds * 1000) / 2)),
  };
}

function readDepartmentTimeout(env: NodeJS.ProcessEnv): number {
  const value = Number(env.DEPARTMENT_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(value) || value < 10) {
    throw new Error(
      `DEPARTMENT_TIMEOUT_MS must be a whole number of milliseconds ≥ 10, got ${env.DEPARTMENT_TIMEOUT_MS}`,
    );
  }
  return value;
}

/**
 * The audit key of a service that keeps an audit log — a department system, or the service-center
 * (its own processing) — from the file `AUDIT_KEY_FILE` names (≥ 32 random bytes, kept outside the
 * data folder: `npm run keys` writes one per such service). Required in production; in development
 * none is needed — the service keeps a development key beside its store.
 */
function readAuditKeyFile(service: string, env: NodeJS.ProcessEnv): Uint8Array | undefined {
  if (env.AUDIT_KEY_FILE) return readAuditKey(env.AUDIT_KEY_FILE, 'AUDIT_KEY_FILE');
  if (isProduction(env)) {
    throw new Error(
      `AUDIT_KEY_FILE is not set: ${service} needs its audit log's key in production (npm run keys writes one)`,
    );
  }
  return undefined;
}

function served(
  app: FastifyInstance,
  env: NodeJS.ProcessEnv,
  defaultPort: number,
  protocol: 'http' | 'https',
  urlPath = '',
): ServiceServer {
  return {
    async listen() {
      const host = env.HOST || '127.0.0.1';
      await app.listen({ port: readPort(env, defaultPort), host });
      const address = app.server.address();
      if (!address || typeof address === 'string')
        throw new Error('the server is not listening on a TCP port');
      return `${protocol}://${host.includes(':') ? `[${host}]` : host}:${address.port}${urlPath}`;
    },
    close: () => app.close(),
  };
}

/**
 * Builds `service` from `env` (already narrowed to the service: see `serviceEnvironment.ts`).
 *
 * @throws Error naming the service when it is no service of the deployment, or its configuration is wrong
 */
export async function buildServiceServer(service: string, env: NodeJS.ProcessEnv): Promise<ServiceServer> {
  const config = readSupergraphConfig();
  const services = deploymentServices(config);
  if (!services.includes(service)) {
    throw new Error(`${service} is no service of this deployment; the services are ${services.join(', ')}`);
  }
  const trust = await loadServiceTrust(service, services, env);
  const scrapeToken = readScrapeToken(env);
  const tls = readTlsConfig(env);
  if (tls && tls.service !== service) {
    throw new Error(`TLS_CERT_FILE is ${tls.service ?? 'no service'}'s certificate, not ${service}'s`);
  }
  // Every call this process makes to another service presents this service's certificate.
  useOutgoingTls(tls);
  const protocol = tls ? 'https' : 'http';
  const logger = { level: env.LOG_LEVEL || 'info', name: service };

  if (service === GATEWAY) {
    const gateway = readGatewayConfig(env);
    const { app } = await buildGateway({
      trust,
      supergraph: gateway.supergraphUrl
        ? { url: gateway.supergraphUrl, pollIntervalMs: gateway.supergraphPollSeconds * 1000 }
        : { file: gateway.supergraphPath, pollIntervalMs: gateway.supergraphPollSeconds * 1000 },
      resilience: gateway.resilience,
      safelistDir: gateway.safelistDir,
      subgraphUrls: gateway.subgraphUrls,
      production: gateway.production,
      limits: gateway.limits,
      maxBodyBytes: gateway.maxBodyBytes,
      corsOrigins: gateway.corsOrigins,
      rateLimit: { perMinute: gateway.rateLimitPerMinute },
      subscriptionsPerCaller: gateway.subscriptionsPerCaller,
      responseCache: gateway.responseCache,
      sharedStore: gateway.sharedStore,
      trustedProxyHops: gateway.trustedProxyHops,
      scrapeToken,
      tls,
      logger: { level: gateway.logLevel, name: service },
    });
    return served(app, { ...env, HOST: gateway.host }, gateway.port, protocol, '/graphql');
  }

  const department = departmentOfSystem(service);
  const storage = readMockStorageConfig(env);
  if (department) {
    const entry = config.subgraphs.find((subgraph) => subgraph.name === department);
    const file = path.join(ROOT, 'mocks', department, 'server.ts');
    if (!entry || !existsSync(file)) throw new Error(`${service} has no department system module at ${file}`);
    const auditKey = readAuditKeyFile(service, env);
    const module = (await import(pathToFileURL(file).href)) as DepartmentSystemModule;
    const system = module.buildDepartmentSystem({
      auditKey,
      seedDir: storage.seedDir,
      dataDir: storage.dataDir,
      logger,
      trust,
      scrapeToken,
      tls,
    });
    return served(system.app, env, defaultDepartmentSystemPort(entry), protocol);
  }

  const entry = config.subgraphs.find((subgraph) => subgraph.name === service);
  if (!entry) throw new Error(`${service} is not in rover.yaml`);
  const module = (await import(
    pathToFileURL(path.join(ROOT, 'subgraphs', service, 'server.ts')).href
  )) as SubgraphModule;
  const routing = Object.fromEntries(
    config.subgraphs.map((subgraph) => [subgraph.name, subgraph.routingUrl]),
  );
  const server = await module.buildSubgraph({
    ...(service === SERVICE_CENTER ? readServiceCenterStorage(env) : {}),
    auditKey: service === SERVICE_CENTER ? readAuditKeyFile(service, env) : undefined,
    departmentSystemUrl:
      env[departmentSystemUrlVariable(service)] ??
      `${protocol}://127.0.0.1:${defaultDepartmentSystemPort(entry)}`,
    departmentTimeoutMs: readDepartmentTimeout(env),
    subgraphUrls: { ...routing, ...readSubgraphUrlOverrides(env) },
    dataDir: storage.dataDir,
    logger,
    trust,
    scrapeToken,
    tls,
  });
  return served(server.app, env, Number(new URL(entry.routingUrl).port), protocol, '/graphql');
}
