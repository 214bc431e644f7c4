/**
 * The public-security subgraph (公安): identity, households and addresses, over the public-security
 * department API. Built, not started: `scripts/start.ts` and the tests listen.
 */
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
}

/** Builds the public-security subgraph server. */
export function buildSubgraph(options: PublicSecuritySubgraphOptions): Promise<SubgraphServer> {
  const client = new DepartmentClient({
    department: SUBGRAPH_NAME,
    baseUrl: options.departmentApiUrl,
    timeoutMs: options.departmentTimeoutMs,
  });
  return createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => createPublicSecurityContext(client, request),
    },
    options,
  );
}
