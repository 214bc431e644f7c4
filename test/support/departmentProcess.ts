/**
 * One department — its mock API and its subgraph — as a process of its own, for tests that kill a
 * subgraph's process and start it again. Configured by environment:
 *
 *   DEPARTMENT       the department (a subgraph of rover.yaml), e.g. `health`
 *   SUBGRAPH_PORT    where its subgraph listens; 0 (default) for any free port — a restart passes the
 *                    port it had, so the gateway finds it where it was
 *
 * Stores are in memory, on the repository's seed; tokens are verified with the development keys under
 * `.data/dev-keys`, as the test system's. Prints `listening at <subgraph GraphQL URL>` once ready.
 */
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { startSystem } from '../../system/startSystem.ts';
import { scenarios } from './system.ts';

const department = process.env.DEPARTMENT;
if (!department) throw new Error('DEPARTMENT names the department to run');
const subgraphPort = Number(process.env.SUBGRAPH_PORT ?? 0);

const system = await startSystem({
  ports: 'ephemeral',
  portOf: (server) => (server === department ? subgraphPort : undefined),
  only: [department],
  withoutGateway: true,
  seedDir: DEFAULT_SEED_DIR,
  inMemory: true,
  today: () => scenarios.referenceDate,
});
console.log(`listening at ${system.subgraphs.get(department)?.url}`);
