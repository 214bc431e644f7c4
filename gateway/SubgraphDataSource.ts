/**
 * How the gateway calls a subgraph: forwards the caller's `Authorization`, the request id and the
 * W3C trace context, and turns a subgraph that cannot be reached into an error naming it, so the
 * rest of the query still answers.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway/dist/datasources/types.js';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.ts';

/** A subgraph data source that propagates request headers and names itself in its errors. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's name, reported in errors. */
    readonly name: string,
    url: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Requests the gateway makes for itself (health checks) have no incoming request to forward.
    const headers = (context as Partial<GatewayContext>)?.forwardedHeaders;
    if (!headers || !request.http) return;
    for (const [name, value] of Object.entries(headers)) if (value) request.http.headers.set(name, value);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
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
