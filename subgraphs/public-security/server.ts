/**
 * The public-security subgraph (公安): identity, households and addresses, over the public-security
 * department API. Built, not started: `scripts/start.ts` and the tests listen.
 */
import type { AccessGrants } from '../../lib/auth/grants.ts';
import { todayInChina } from '../../lib/clock.ts';
import { DepartmentClient } from '../kit/departmentClient.ts';
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '../kit/server.ts';
import { createPublicSecurityContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = 'public-security';

/** Options of {@link buildSubgraph}. */
export interface PublicSecuritySubgraphOptions extends SubgraphServerOptions {
  /** Base URL of the public-security department API. */
  departmentApiUrl: string;
  /** How long the department API may take per call; default 5000 ms. */
  departmentTimeoutMs?: number;
  /**
   * Signs the access grants (`Person.accessGrant`) the other departments check before showing a
   * citizen someone else's records. Every subgraph of a deployment shares its secret. Without it
   * every grant is null, and other departments show a citizen their own records only.
   */
  grants?: AccessGrants;
  /**
   * Today's date as `YYYY-MM-DD`, against which a child's age (a parent reads a child under 18) is
   * computed; defaults to the date in China Standard Time. Tests fix it.
   */
  today?: () => string;
}

/** Builds the public-security subgraph server. */
export function buildSubgraph(options: PublicSecuritySubgraphOptions): Promise<SubgraphServer> {
  const client = new DepartmentClient({
    department: SUBGRAPH_NAME,
    baseUrl: options.departmentApiUrl,
    timeoutMs: options.departmentTimeoutMs,
  });
  const contextOptions = { today: options.today ?? todayInChina, grants: options.grants };
  return createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => createPublicSecurityContext(client, contextOptions, request),
    },
    options,
  );
}
