/**
 * The urban-management subgraph (城市管理): an enterprise's outdoor signboards and drainage permits,
 * added to `Enterprise` by its credit code, the signboard size rules, and the department's acts for
 * the restaurant errand, over the urban-management department system. Built, not started:
 * `system/startSystem.ts` and the tests listen.
 */
import { buildDepartmentSubgraph, type DepartmentSubgraphOptions } from '../kit/departmentSubgraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import { createUrbanManagementContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Builds the urban-management subgraph server. */
export function buildSubgraph(options: DepartmentSubgraphOptions): Promise<SubgraphServer> {
  return buildDepartmentSubgraph(SUBGRAPH_NAME, options, {
    resolvers,
    context: createUrbanManagementContext,
  });
}
