/**
 * How the gateway calls a subgraph: forwards the caller's `Authorization`, the request id and the
 * W3C trace context, and turns a subgraph that cannot be reached into an error naming it, so the
 * rest of the query still answers.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  type GraphQLDataSourceProcessOptions,
  GraphQLDataSourceRequestKind,
} from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.ts';

interface SubgraphErrorBody {
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The first GraphQL error in the body of a subgraph's non-2xx answer, if there is one. */
function subgraphRefusal(
  error: unknown,
): { message: string; extensions: Record<string, unknown> } | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const body = (error.extensions.response as { body?: SubgraphErrorBody } | undefined)?.body;
  const [first] = typeof body === 'object' && body ? (body.errors ?? []) : [];
  return first ? { message: first.message, extensions: first.extensions ?? {} } : undefined;
}

/** A subgraph data source that propagates request headers and names itself in its errors. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name, reported in errors. */
    readonly name: string,
    url: string,
  ) {
    super({ url });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    // Requests the gateway makes for itself (health checks) have no incoming request to forward.
    const headers = (context as Partial<GatewayContext>)?.forwardedHeaders;
    if (!headers || !request.http) return;
    for (const [name, value] of Object.entries(headers)) if (value) request.http.headers.set(name, value);
    // The client's operation name is the purpose departments record in their audit logs.
    const operationName =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION
        ? (options.incomingRequestContext.operationName ?? undefined)
        : undefined;
    if (operationName)
      request.http.headers.set('x-onething-purpose', `operation ${operationName.slice(0, 100)}`);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      // A subgraph that refused the request (e.g. HTTP 400 for a variable of the wrong type) said why
      // in its body: pass its own error on, with its code, rather than a generic one.
      const refusal = subgraphRefusal(error);
      if (refusal) {
        throw new GraphQLError(refusal.message, {
          extensions: { department: this.name, ...refusal.extensions },
        });
      }
      if (error instanceof GraphQLError && error.extensions.code) throw error;
      throw new GraphQLError(`the ${this.name} subgraph could not be reached: ${(error as Error).message}`, {
        extensions: {
          code: 'DOWNSTREAM_SERVICE_ERROR',
          department: this.name,
          reason: 'SUBGRAPH_UNAVAILABLE',
        },
      });
    }
  }
}
