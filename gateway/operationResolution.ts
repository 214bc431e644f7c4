/**
 * A request whose `operationName` names no operation of its document (or that names none while the
 * document holds several) is the client's mistake: 400 `OPERATION_RESOLUTION_FAILURE`, as Apollo
 * Server answers it for a local schema. Behind @apollo/gateway it would otherwise reach the query
 * planner, which throws, and the client would get a 500.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { localizedError } from '../lib/i18n/errors.ts';
import type { GatewayContext } from './context.ts';

/** Refuses a request whose operation cannot be chosen, before any subgraph is asked. */
export function useOperationResolution(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const extensions = { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } };
          throw request.operationName
            ? localizedError(
                'gateway.unknownOperation',
                { name: JSON.stringify(request.operationName) },
                { extensions },
              )
            : localizedError('gateway.operationNameRequired', undefined, { extensions });
        },
      };
    },
  };
}
