/**
 * What every department's `server.ts` does, once: a client of the department system, the checker of
 * public security's access grants, the clock, and the subgraph server over the department's SDL,
 * reporting the reads it refuses to the department system's audit log. A
 * department supplies its resolvers and how a request's context is made from these.
 */
import { AccessGrants } from '../../lib/auth/grants.ts';
import { RefreshingKeySet } from '../../lib/auth/keySet.ts';
import { todayInChina } from '../../lib/clock.ts';
import { DepartmentClient } from './departmentClient.ts';
import { departmentRefusalRecorder } from './refusalAudit.ts';
import type { RequestInfo } from './requestContext.ts';
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphResolvers,
  type SubgraphServer,
  type SubgraphServerOptions,
} from './server.ts';

/**
 * Options of a department subgraph: what `startSystem` passes its `buildSubgraph` (`SubgraphBuildOptions`
 * in `system/buildOptions.ts`).
 */
export interface DepartmentSubgraphOptions extends SubgraphServerOptions {
  /** Base URL of the department system. */
  departmentSystemUrl: string;
  /** How long the department system may take per call; default 5000 ms. */
  departmentTimeoutMs?: number;
  /** Today's date as `YYYY-MM-DD`; defaults to the date in China Standard Time. Tests fix it. */
  today?: () => string;
}

/** What a request's context is made from: shared by every request, holding no per-request state. */
export interface DepartmentServices {
  client: DepartmentClient;
  /**
   * Checks the access grants public security signs with its own key, and — in public security's
   * subgraph, which holds that key — signs them. Without the subgraph's keys no grant verifies and
   * none is handed out: citizens read only their own records — closed, never open.
   */
  grants: AccessGrants;
  today: () => string;
}

/** What a department supplies. */
export interface DepartmentSubgraphParts<TContext extends object> {
  resolvers: SubgraphResolvers<TContext>;
  /** Builds one request's context: its loaders and API view, made anew for every request. */
  context: (services: DepartmentServices, request: RequestInfo) => TContext;
}

/** Builds a department subgraph named `name` (its rover.yaml name and schema file) over its API. */
export function buildDepartmentSubgraph<TContext extends object>(
  name: string,
  options: DepartmentSubgraphOptions,
  parts: DepartmentSubgraphParts<TContext>,
): Promise<SubgraphServer> {
  const services: DepartmentServices = {
    client: new DepartmentClient({
      department: name,
      baseUrl: options.departmentSystemUrl,
      timeoutMs: options.departmentTimeoutMs,
    }),
    grants: options.trust?.grants ?? new AccessGrants(new RefreshingKeySet({ keys: [] })),
    today: options.today ?? todayInChina,
  };
  return createSubgraphServer(
    {
      name,
      typeDefs: loadSubgraphTypeDefs(name),
      resolvers: parts.resolvers,
      context: (request) => parts.context(services, request),
      // Refused reads go to the department system's audit log, as refused (403).
      recordRefusals: departmentRefusalRecorder(services.client),
    },
    options,
  );
}
