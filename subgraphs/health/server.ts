/**
 * The health subgraph (卫健): birth records, birth medical certificates and vaccination records with
 * the immunisation schedule, over the health department system. Built, not started: `system/startSystem.ts`
 * and the tests listen.
 */
import { buildDepartmentSubgraph, type DepartmentSubgraphOptions } from '../kit/departmentSubgraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import { createHealthContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Builds the health subgraph server. */
export function buildSubgraph(options: DepartmentSubgraphOptions): Promise<SubgraphServer> {
  return buildDepartmentSubgraph(SUBGRAPH_NAME, options, { resolvers, context: createHealthContext });
}
