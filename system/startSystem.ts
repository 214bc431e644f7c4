/**
 * Starts the whole system in one process — every mock department system, every subgraph of rover.yaml
 * and the gateway — and stops it again. `npm start` uses it with the configured ports; the end-to-end
 * tests use it with port 0 and in-memory stores.
 *
 * Departments are found by convention, not listed: every subgraph of rover.yaml (`topology.ts`) is
 * built from its `subgraphs/<name>/server.ts`, and its department system from `mocks/<name>/server.ts`
 * when there is one — the modules `buildOptions.ts` describes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { SubgraphResilience } from '../gateway/SubgraphDataSource.ts';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import { type Authentication, loadAuthentication } from '../lib/auth/config.ts';
import { departmentSystemOf, GATEWAY } from '../lib/auth/services.ts';
import type { DepartmentSystem } from '../mocks/kit/server.ts';
import type { SubgraphServer } from '../subgraphs/kit/server.ts';
import type { RetryPolicy } from '../subgraphs/service-center/errands/ErrandEngine.ts';
import type { DepartmentSystemModule, SubgraphModule } from './buildOptions.ts';
import {
  defaultDepartmentSystemPort,
  deploymentServices,
  ROOT,
  readSupergraphConfig,
  SUPERGRAPH_FILE,
} from './topology.ts';

/** Options of {@link startSystem}. */
export interface SystemOptions {
  /** `ephemeral`: every server on port 0 (tests). `configured`: the ports of rover.yaml and `gatewayPort`. */
  ports: 'ephemeral' | 'configured';
  /** The gateway's port with `configured` ports; default 4000. */
  gatewayPort?: number;
  /**
   * Ports of particular servers by name — a subgraph's name, or `<name>-system` for its department system —
   * overriding `ports` (e.g. a subgraph restarted where it listened before).
   */
  portOf?: (server: string) => number | undefined;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** The seed set the department systems load a new store from (`SEED_DIR`; layout in `mocks/README.md`). */
  seedDir: string;
  /** Keep every store in memory (tests). */
  inMemory?: boolean;
  /** Folder for running state, when not in memory. */
  dataDir?: string;
  /** Start only these subgraphs (and their APIs); default all of rover.yaml. */
  only?: string[];
  /** Leave out the gateway (a department team running its subgraph alone). */
  withoutGateway?: boolean;
  /** Logger options for every server; default `false`. */
  logger?: FastifyServerOptions['logger'];
  /** Today's date for every department, `YYYY-MM-DD`; tests move it. */
  today?: () => string;
  /**
   * The service-center's time (errands, tickets and their due times, consents); default the real
   * clock. Tests move it, e.g. to open a ticket before a public holiday.
   */
  clock?: () => Date;
  /** Department system timeout for every subgraph, ms. */
  departmentTimeoutMs?: number;
  /** A fixed delay every department system adds to its answers, ms (benchmarks). */
  departmentLatencyMs?: number;
  /** How errands retry transient department failures; tests shorten the delays. */
  errandRetry?: Partial<RetryPolicy>;
  /**
   * The service-center's state in PostgreSQL (`url`, in `schema`); default the embedded store. Never
   * read from `DATABASE_URL` here: tests and benchmarks choose their database themselves.
   */
  serviceCenterDatabase?: { url: string; schema?: string };
  /**
   * Subgraphs that run elsewhere (another process), by name → GraphQL URL: not started here, but
   * routed to by the gateway and known to the service-center.
   */
  external?: Record<string, string>;
  /**
   * The deployment's keys, every service's in this one process; default the development keys under
   * `<dataDir>/dev-keys`.
   */
  authentication?: Authentication;
  /** The gateway's timeouts, retries and circuit breaking per subgraph. */
  gatewayResilience?: Partial<SubgraphResilience>;
  /** Serve the supergraph file and reload it when it changes (`npm start`); default: read it once. */
  watchSupergraph?: boolean;
  /** Requests per minute per identity at the gateway, or `false` for none (load tests); default 600. */
  gatewayRateLimit?: { perMinute: number } | false;
  /** Subscriptions one caller may hold open at the gateway; default 10. */
  gatewaySubscriptionsPerCaller?: number;
}

/** A started department system or subgraph, with where it listens. */
export interface RunningServer<T> {
  name: string;
  url: string;
  server: T;
}

/** The running system. */
export interface RunningSystem {
  /** The deployment's keys; tests sign in with the identity provider's `authentication.issuer`. */
  authentication: Authentication;
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string | undefined;
  gateway: Gateway | undefined;
  departmentSystems: Map<string, RunningServer<DepartmentSystem>>;
  subgraphs: Map<string, RunningServer<SubgraphServer>>;
  /** Stops everything, gateway first, department systems last. */
  stop(): Promise<void>;
}

/** The logger options of one server: the system's, with the server's name on every line. */
function loggerFor(logger: SystemOptions['logger'], name: string): FastifyServerOptions['logger'] {
  return logger && typeof logger === 'object' ? { ...logger, name } : logger;
}

async function importIfPresent<T>(file: string): Promise<T | undefined> {
  return existsSync(file) ? ((await import(pathToFileURL(file).href)) as T) : undefined;
}

async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return `http://${host}:${address.port}`;
}

/** Starts the system; on any failure, stops what was started and rethrows. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const host = options.host ?? '127.0.0.1';
  const config = readSupergraphConfig();
  const authentication =
    options.authentication ??
    (await loadAuthentication(deploymentServices(config), {
      ...process.env,
      DATA_DIR: options.dataDir ?? process.env.DATA_DIR,
    }));
  const ephemeral = options.ports === 'ephemeral';
  const external = options.external ?? {};
  const entries = config.subgraphs.filter(
    (s) => (!options.only || options.only.includes(s.name)) && !(s.name in external),
  );
  const started: FastifyInstance[] = [];
  const departmentSystems = new Map<string, RunningServer<DepartmentSystem>>();
  const subgraphs = new Map<string, RunningServer<SubgraphServer>>();
  let gateway: Gateway | undefined;
  let gatewayUrl: string | undefined;

  const stop = async () => {
    for (const app of started.reverse()) await app.close();
    started.length = 0;
  };

  const departmentSystemUrls: Record<string, string> = {};
  try {
    for (const entry of entries) {
      const module = await importIfPresent<DepartmentSystemModule>(
        path.join(ROOT, 'mocks', entry.name, 'server.ts'),
      );
      if (!module) continue;
      const api = module.buildDepartmentSystem({
        seedDir: options.seedDir,
        inMemory: options.inMemory,
        dataDir: options.dataDir,
        logger: loggerFor(options.logger, `${entry.name}-system`),
        today: options.today,
        latencyMs: options.departmentLatencyMs,
        departmentSystemUrls,
        trust: authentication.trustFor(departmentSystemOf(entry.name)),
      });
      started.push(api.app);
      const port =
        options.portOf?.(`${entry.name}-system`) ?? (ephemeral ? 0 : defaultDepartmentSystemPort(entry));
      const url = await listen(api.app, port, host);
      departmentSystems.set(entry.name, { name: entry.name, url, server: api });
      departmentSystemUrls[entry.name] = url;
    }

    const subgraphUrls: Record<string, string> = { ...external };
    const pending = entries.map((entry) => ({
      entry,
      port: options.portOf?.(entry.name) ?? (ephemeral ? 0 : Number(new URL(entry.routingUrl).port)),
    }));
    for (const { entry, port } of pending) {
      const module = await importIfPresent<SubgraphModule>(
        path.join(ROOT, 'subgraphs', entry.name, 'server.ts'),
      );
      if (!module)
        throw new Error(`rover.yaml lists ${entry.name} but subgraphs/${entry.name}/server.ts is missing`);
      const server = await module.buildSubgraph({
        departmentSystemUrl: departmentSystems.get(entry.name)?.url,
        departmentTimeoutMs: options.departmentTimeoutMs,
        logger: loggerFor(options.logger, entry.name),
        today: options.today,
        clock: options.clock,
        subgraphUrls,
        inMemory: options.inMemory,
        dataDir: options.dataDir,
        retry: options.errandRetry,
        databaseUrl: options.serviceCenterDatabase?.url,
        databaseSchema: options.serviceCenterDatabase?.schema,
        trust: authentication.trustFor(entry.name),
      });
      started.push(server.app);
      const url = `${await listen(server.app, port, host)}/graphql`;
      subgraphUrls[entry.name] = url;
      subgraphs.set(entry.name, { name: entry.name, url, server });
    }

    if (!options.withoutGateway) {
      gateway = await buildGateway({
        supergraph: options.watchSupergraph
          ? { file: SUPERGRAPH_FILE }
          : readFileSync(SUPERGRAPH_FILE, 'utf8'),
        resilience: options.gatewayResilience,
        rateLimit: options.gatewayRateLimit,
        subscriptionsPerCaller: options.gatewaySubscriptionsPerCaller,
        subgraphUrls,
        logger: loggerFor(options.logger, 'gateway'),
        trust: authentication.trustFor(GATEWAY),
        // The system runs in development: the explorer shows the graph, with test tokens of its keys.
        explorer: { authentication },
      });
      started.push(gateway.app);
      gatewayUrl = `${await listen(gateway.app, ephemeral ? 0 : (options.gatewayPort ?? 4000), host)}/graphql`;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { authentication, gatewayUrl, gateway, departmentSystems, subgraphs, stop };
}
