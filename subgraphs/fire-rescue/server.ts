/**
 * The fire-rescue subgraph (消防救援): the premises fire rescue supervises and the fire safety checks
 * before they open, added to market regulation's `Enterprise` by its credit code, the rule that says
 * which premises are inspected on site, and the department's acts for the enterprise errands, over
 * the fire-rescue department system. Built, not started: `system/startSystem.ts` and the tests listen.
 */
import { buildDepartmentSubgraph, type DepartmentSubgraphOptions } from '../kit/departmentSubgraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import { createFireRescueContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Builds the fire-rescue subgraph server. */
export function buildSubgraph(options: DepartmentSubgraphOptions): Promise<SubgraphServer> {
  return buildDepartmentSubgraph(SUBGRAPH_NAME, options, {
    resolvers,
    context: createFireRescueContext,
  });
}
