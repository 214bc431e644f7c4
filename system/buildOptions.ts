/**
 * The contract between the composition root and the departments: what every server module exports
 * and the options it is built with. Departments are found by convention, so a new one joins by adding
 * its folders and one rover.yaml entry: `subgraphs/<name>/server.ts` exports `buildSubgraph`, and
 * `mocks/<name>/server.ts` (when the department has an API) exports `buildDepartmentSystem`. A server
 * module need not import these types; `startSystem` imports it by path and relies on them, and the
 * end-to-end tests build every department through them.
 */
import type { FastifyServerOptions } from 'fastify';
import type { ServiceTrust } from '../lib/auth/config.ts';
import type { TlsConfig } from '../lib/http/tls.ts';
import type { DepartmentSystem } from '../mocks/kit/server.ts';
import type { SubgraphServer } from '../subgraphs/kit/server.ts';
import type { RetryPolicy } from '../subgraphs/service-center/errands/ErrandEngine.ts';

/** Options a department system module's `buildDepartmentSystem` accepts. */
export interface DepartmentSystemBuildOptions {
  seedDir: string;
  inMemory?: boolean;
  dataDir?: string;
  logger?: FastifyServerOptions['logger'];
  today?: () => string;
  latencyMs?: number;
  /**
   * Every department system's base URL by department name, filled in as they start: read it when it is
   * needed (e.g. to deliver an event), not at build time.
   */
  departmentSystemUrls?: Record<string, string>;
  /** The system's keys (service `<department>-system`): who may call it, and its own signature. */
  trust?: ServiceTrust;
  /** The token a scraper must send to read `/metrics`; without one it is open (development). */
  scrapeToken?: string;
  /** Its certificate, key and CA: with them it listens with TLS and requires callers' certificates. */
  tls?: TlsConfig;
  /**
   * The key its audit log is chained with (`AUDIT_KEY_FILE`); without one a development key kept
   * beside the store, which protects nothing against whoever holds the data folder.
   */
  auditKey?: Uint8Array;
}

/** Options a subgraph module's `buildSubgraph` accepts. */
export interface SubgraphBuildOptions {
  /** The department system's base URL; absent for a subgraph without one. */
  departmentSystemUrl?: string;
  departmentTimeoutMs?: number;
  logger?: FastifyServerOptions['logger'];
  today?: () => string;
  /** The service-center's time (errands, tickets, consents); default the real clock. Tests move it. */
  clock?: () => Date;
  /** Every subgraph's URL by name, for subgraphs that call others (the service-center). */
  subgraphUrls?: Record<string, string>;
  inMemory?: boolean;
  dataDir?: string;
  /** How errands retry transient department failures (the service-center). */
  retry?: Partial<RetryPolicy>;
  /** The subgraph's keys: who may call it, its own signature, public security's access grants. */
  trust?: ServiceTrust;
  /** The token a scraper must send to read `/metrics`; without one it is open (development). */
  scrapeToken?: string;
  /** Its certificate, key and CA: with them it listens with TLS and requires callers' certificates. */
  tls?: TlsConfig;
  /**
   * The key the service-center's audit log of its own processing is chained with (`AUDIT_KEY_FILE`);
   * without one a development key kept beside its store. Other subgraphs keep no audit log.
   */
  auditKey?: Uint8Array;
  /** PostgreSQL for the service-center's state (`DATABASE_URL`); without it the embedded store. */
  databaseUrl?: string;
  /** The PostgreSQL schema of the service-center's tables (`DATABASE_SCHEMA`); default `public`. */
  databaseSchema?: string;
  /** The service-center replica's name in its errand leases; default unique to the process. */
  replica?: string;
  /** How long a service-center replica's errand lease holds unless renewed (`ERRAND_LEASE_SECONDS`). */
  leaseMs?: number;
  /** How often a service-center replica sweeps for errands whose replica died. */
  sweepMs?: number;
}

/**
 * What `mocks/<department>/server.ts` exports when the department has an API: `startSystem` finds
 * it by that path and builds the API; the caller listens.
 */
export interface DepartmentSystemModule {
  buildDepartmentSystem(options: DepartmentSystemBuildOptions): DepartmentSystem;
}

/**
 * What every `subgraphs/<name>/server.ts` of rover.yaml exports: `startSystem` finds it by that
 * path and builds the subgraph; the caller listens.
 */
export interface SubgraphModule {
  buildSubgraph(options: SubgraphBuildOptions): Promise<SubgraphServer>;
}
