/**
 * The education subgraph (教育): schools, school districts, enrolments and school-age registration,
 * over the education department API. Built, not started: `scripts/start.ts` and the tests listen.
 */
import { randomBytes } from 'node:crypto';
import { AccessGrants } from '../../lib/auth/grants.ts';
import { DepartmentClient } from '../kit/departmentClient.ts';
import {
  createSubgraphServer,
  loadSubgraphTypeDefs,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '../kit/server.ts';
import { createEducationContext } from './context.ts';
import { resolvers } from './resolvers.ts';

/** The subgraph's name in rover.yaml and its schema file's name. */
export const SUBGRAPH_NAME = 'education';

/** Options of {@link buildSubgraph}. */
export interface EducationSubgraphOptions extends SubgraphServerOptions {
  /** Base URL of the education department API. */
  departmentApiUrl: string;
  /** How long the department API may take per call; default 5000 ms. */
  departmentTimeoutMs?: number;
  /**
   * Checks the access grants public security signs (its secret shared by every subgraph). Default: a
   * secret of this server alone, so no grant from elsewhere verifies and citizens read only their
   * own records — closed, never open.
   */
  grants?: AccessGrants;
}

/** Builds the education subgraph server. */
export function buildSubgraph(options: EducationSubgraphOptions): Promise<SubgraphServer> {
  const client = new DepartmentClient({
    department: SUBGRAPH_NAME,
    baseUrl: options.departmentApiUrl,
    timeoutMs: options.departmentTimeoutMs,
  });
  const grants = options.grants ?? new AccessGrants(randomBytes(32));
  return createSubgraphServer(
    {
      name: SUBGRAPH_NAME,
      typeDefs: loadSubgraphTypeDefs(SUBGRAPH_NAME),
      resolvers,
      context: (request) => createEducationContext(client, grants, request),
    },
    options,
  );
}
