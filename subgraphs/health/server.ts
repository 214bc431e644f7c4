/**
 * The health subgraph (卫健): birth records, birth medical certificates and vaccination records with
 * the immunisation schedule, over the health department API. Built, not started: `scripts/start.ts`
 * and the tests listen.
 */
import { randomBytes } from 'node:crypto';
import { AccessGrants } from '../../lib/auth/grants.ts';
import { todayInChina } from '../../lib/clock.ts';
import { DepartmentClient } from '../kit/departmentClient.ts';
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '../kit/server.ts';
import { createHealthContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = 'health';

/** Options of {@link buildSubgraph}. */
export interface HealthSubgraphOptions extends SubgraphServerOptions {
  /** Base URL of the health department API. */
  departmentApiUrl: string;
  /** How long the department API may take per call; default 5000 ms. */
  departmentTimeoutMs?: number;
  /**
   * Today's date as `YYYY-MM-DD`, against which vaccination schedules are computed; defaults to the
   * date in China Standard Time. Tests fix it so schedules do not age.
   */
  today?: () => string;
  /**
   * Checks the access grants public security signs (the deployment's shared secret). Default: a
   * secret of this process alone, so no grant verifies and citizens read only their own records —
   * the safe side until the deployment passes its grants.
   */
  grants?: AccessGrants;
}

/** Builds the health subgraph server. */
export function buildSubgraph(options: HealthSubgraphOptions): Promise<SubgraphServer> {
  const client = new DepartmentClient({
    department: SUBGRAPH_NAME,
    baseUrl: options.departmentApiUrl,
    timeoutMs: options.departmentTimeoutMs,
  });
  const today = options.today ?? todayInChina;
  const grants = options.grants ?? new AccessGrants(randomBytes(32));
  return createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => createHealthContext(client, today, grants, request),
    },
    options,
  );
}
