/**
 * The market-regulation subgraph (市场监管): enterprises keyed by their unified social credit code,
 * their licences and who may act for them, and the department's acts for the enterprise errands, over
 * the market-regulation department system. Built, not started: `system/startSystem.ts` and the tests
 * listen.
 */
import { buildDepartmentSubgraph, type DepartmentSubgraphOptions } from '../kit/departmentSubgraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import { createMarketRegulationContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = DEPARTMENT;

/** Builds the market-regulation subgraph server. */
export function buildSubgraph(options: DepartmentSubgraphOptions): Promise<SubgraphServer> {
  return buildDepartmentSubgraph(SUBGRAPH_NAME, options, {
    resolvers,
    context: createMarketRegulationContext,
  });
}
