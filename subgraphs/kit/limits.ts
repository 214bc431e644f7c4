/**
 * The operation limits every subgraph enforces on what reaches it (`lib/graphql/operationLimits.ts`),
 * so a subgraph reached past the gateway holds its own line. They are looser than the gateway's: a
 * subgraph answers the gateway's query plans — one `_entities` fetch per step of a client's operation,
 * a level deeper than the client's fields — and the service-center's checked operations, and every one
 * of those must pass.
 */
import { type OperationLimits, readOperationLimits } from '../../lib/graphql/operationLimits.ts';

/** The defaults of a subgraph's limits: the gateway's with room for its query plans. */
export const DEFAULT_SUBGRAPH_LIMITS: OperationLimits = {
  maxDepth: 16,
  maxAliases: 40,
  maxCost: 20_000,
  maxIds: 1000,
  maxTokens: 10_000,
};

/**
 * Reads a subgraph's limits: `SUBGRAPH_MAX_DEPTH` (default 16), `SUBGRAPH_MAX_ALIASES` (40),
 * `SUBGRAPH_MAX_COST` (20000), `SUBGRAPH_MAX_IDS_PER_OPERATION` (1000) and `SUBGRAPH_MAX_TOKENS` (10000). A bad value fails, naming the variable.
 */
export function readSubgraphLimits(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  return readOperationLimits(env, 'SUBGRAPH', DEFAULT_SUBGRAPH_LIMITS);
}
