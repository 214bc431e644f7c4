/**
 * Plain @apollo/gateway as its documentation's minimal example sets it up: ApolloServer with an
 * ApolloGateway on the supergraph SDL, served by the standalone server, and a RemoteGraphQLDataSource
 * that sends each subgraph the gateway's delegation for the client's `Authorization` (with a staff
 * member's stated purpose) — the subgraphs refuse personal data without it.
 * Nothing else: no limits, no metrics, no retries.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { PURPOSE_HEADER } from '../../../lib/auth/purpose.ts';
import { runGatewayProcess, supergraphPath } from './child.ts';
import { benchDelegations } from './delegations.ts';

interface Context {
  authorization?: string;
  purpose?: string;
}

await runGatewayProcess(async () => {
  const delegationFor = await benchDelegations();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath(), 'utf8'),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<Context>({
        url,
        async willSendRequest({ request, context }) {
          request.http?.headers.set(
            'authorization',
            await delegationFor(context.authorization, name, context.purpose),
          );
        },
      }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({
      authorization: req.headers.authorization,
      purpose: req.headers[PURPOSE_HEADER] as string | undefined,
    }),
  });
  return { url: new URL('/graphql', url).href };
});
