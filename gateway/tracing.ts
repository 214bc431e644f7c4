/**
 * The gateway's part of each client request's span (started and ended with the request by
 * `traceRequests`, see `lib/tracing/requestSpans.ts`): the operation's type and name, and whether
 * the answer carried errors.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { useGraphQLSpanAttributes } from '../lib/tracing/graphqlSpans.ts';
import type { GatewayContext } from './context.ts';

/** An Apollo Server plugin that describes the operation on the gateway's span of every request. */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return useGraphQLSpanAttributes<GatewayContext>((context) => context.span);
}
