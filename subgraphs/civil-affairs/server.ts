/**
 * The civil-affairs subgraph (民政): marriage registration and social assistance, over the
 * civil-affairs department API. Built, not started: `scripts/start.ts` and the tests listen.
 */
import { DepartmentClient } from '../kit/departmentClient.ts';
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '../kit/server.ts';
import { createCivilAffairsContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = 'civil-affairs';

/** Options of {@link buildSubgraph}. */
export interface CivilAffairsSubgraphOptions extends SubgraphServerOptions {
  /** Base URL of the civil-affairs department API. */
  departmentApiUrl: string;
  /** How long the department API may take per call; default 5000 ms. */
  departmentTimeoutMs?: number;
}

/** Builds the civil-affairs subgraph server. */
export function buildSubgraph(options: CivilAffairsSubgraphOptions): Promise<SubgraphServer> {
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
      context: (request) => createCivilAffairsContext(client, request),
    },
    options,
  );
}
