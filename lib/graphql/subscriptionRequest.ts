/**
 * Recognises a GraphQL-over-HTTP request that asks for a subscription, which the gateway and the
 * subgraphs answer themselves (as a multipart stream, `lib/http/multipart.ts`) while every query and
 * mutation goes on to Apollo Server.
 */
import type { ServerResponse } from 'node:http';
import {
  type DocumentNode,
  type GraphQLFormattedError,
  getOperationAST,
  type OperationDefinitionNode,
  type ParseOptions,
  parse,
} from 'graphql';

/** A request for a subscription, parsed. */
export interface SubscriptionRequest {
  /** The document as sent. */
  query: string;
  document: DocumentNode;
  /** The subscription operation of the document. */
  operation: OperationDefinitionNode;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * The subscription a POSTed GraphQL body asks for, or undefined when it asks for anything else — a
 * query, a mutation, or a document that does not parse (which Apollo Server then answers with its
 * usual error). Documents without the word `subscription` are not parsed here at all.
 */
export function subscriptionIn(
  body: unknown,
  parseOptions: ParseOptions = {},
): SubscriptionRequest | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { query, operationName, variables } = body as Record<string, unknown>;
  if (typeof query !== 'string' || !query.includes('subscription')) return undefined;
  let document: DocumentNode;
  try {
    document = parse(query, parseOptions);
  } catch {
    return undefined;
  }
  const name = typeof operationName === 'string' ? operationName : undefined;
  const operation = getOperationAST(document, name);
  if (operation?.operation !== 'subscription') return undefined;
  return {
    query,
    document,
    operation,
    operationName: name,
    variables:
      typeof variables === 'object' && variables !== null
        ? (variables as Record<string, unknown>)
        : undefined,
  };
}

/** Answers a subscription request that cannot start with a GraphQL error body and `status`. */
export function refuseSubscription(
  response: ServerResponse,
  status: number,
  errors: readonly GraphQLFormattedError[],
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ errors }));
}

/** The HTTP status a GraphQL error asks for (`extensions.http.status`), else `fallback`. */
export function httpStatusOf(error: { extensions?: Record<string, unknown> }, fallback: number): number {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : fallback;
}

/** A GraphQL error as it is answered: message and extensions, without the HTTP hint. */
export function formatted(error: {
  message: string;
  extensions?: Record<string, unknown>;
}): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions ?? {};
  return { message: error.message, extensions };
}
