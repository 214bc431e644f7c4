/**
 * The public-security subgraph (公安): identity, households and addresses, over the public-security
 * department system. Built, not started: `system/startSystem.ts` and the tests listen.
 */
import { buildDepartmentSubgraph, type DepartmentSubgraphOptions } from '../kit/departmentSubgraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import { createPublicSecurityContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Builds the public-security subgraph server. */
export function buildSubgraph(options: DepartmentSubgraphOptions): Promise<SubgraphServer> {
  return buildDepartmentSubgraph(SUBGRAPH_NAME, options, { resolvers, context: createPublicSecurityContext });
}
