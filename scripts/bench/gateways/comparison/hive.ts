/**
 * Hive Gateway (`@graphql-hive/gateway`) with its defaults, through its programmatic API on Node's HTTP
 * server as its documentation shows, sending each subgraph the gateway's delegation for the client
 * (`propagateHeaders`, with `../delegations.ts`: the subgraphs answer nothing else). One process, like
 * the CLI's default (`--fork 1`).
 *
 * It lives in the comparison package (this folder, `../comparisonPackage.ts`): Hive Gateway, and the
 * one copy of graphql this process loads, come from this folder's own `node_modules`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { PURPOSE_HEADER } from '../../../../lib/auth/purpose.ts';
import { runGatewayProcess, supergraphPath } from '../child.ts';
import { benchDelegations } from '../delegations.ts';

await runGatewayProcess(async () => {
  const delegationFor = await benchDelegations();
  const gateway = createGatewayRuntime({
    supergraph: supergraphPath(),
    propagateHeaders: {
      fromClientToSubgraphs: async ({ request, subgraphName }) => ({
        authorization: await delegationFor(
          request.headers.get('authorization') ?? undefined,
          subgraphName,
          request.headers.get(PURPOSE_HEADER),
        ),
      }),
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The runtime loads the supergraph on its first request: load it before reporting ready.
  const ready = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  if (!ready.ok) throw new Error(`Hive Gateway answered HTTP ${ready.status} to { __typename }`);
  return { url: `http://127.0.0.1:${port}/graphql` };
});
