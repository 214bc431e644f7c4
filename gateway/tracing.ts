/**
 * Ends each client request's span at the gateway (started with its context, see `context.ts`) once
 * the answer is sent, named by the operation and marked failed when the answer carries errors.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { endSpan } from '../lib/tracing.ts';
import type { GatewayContext } from './context.ts';

/** An Apollo Server plugin that ends the gateway's span of every request. */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, errors }) {
          const span = contextValue.span;
          if (!span) return;
          if (operationName) span.updateName(`graphql ${operationName.slice(0, 64)}`);
          endSpan(span, errors?.length ? errors[0] : undefined);
        },
      };
    },
  };
}
