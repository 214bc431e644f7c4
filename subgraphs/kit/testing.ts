/**
 * Helpers for subgraph tests: send a GraphQL operation to a built subgraph server in-process
 * (through Fastify's `inject`, so the whole HTTP path runs) and read the JSON answer.
 */
import type { FastifyInstance } from 'fastify';

/** A GraphQL response as a test reads it. */
export interface GraphQLTestResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** Posts `query` with `variables` to `/graphql` of `app` and returns the parsed response. */
export async function executeOperation<TData = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLTestResponse<TData>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { query, variables },
  });
  return response.json() as GraphQLTestResponse<TData>;
}

/** The query a gateway sends to resolve entities, for testing `__resolveReference`. */
export const ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Person { __typename } }
}`;
