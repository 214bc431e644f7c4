/**
 * Subscriptions on a subgraph: a subgraph whose schema has a `Subscription` type answers a POSTed
 * subscription on `/graphql` itself, as a multipart stream (`lib/http/multipart.ts`) — Apollo Server
 * answers queries and mutations only. The caller is verified exactly as for a query (the delegation
 * and certificate the gateway presents, `requestContext.ts`), the operation validated with the
 * subgraph's own limits, and the subscription's resolvers decide who may follow what.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  specifiedRules,
  subscribe,
  type ValidationRule,
  validate,
} from 'graphql';
import {
  formatted,
  httpStatusOf,
  refuseSubscription,
  subscriptionIn,
} from '../../lib/graphql/subscriptionRequest.ts';
import { acceptsMultipartSubscription, streamMultipart } from '../../lib/http/multipart.ts';
import { localizedError } from '../../lib/i18n/errors.ts';

/** What {@link serveSubscriptions} needs. */
export interface SubscriptionServing<TContext> {
  schema: GraphQLSchema;
  /** The subgraph's operation limits, as for its queries. */
  validationRules: readonly ValidationRule[];
  parseOptions: ParseOptions;
  /** The context of a request, verifying its caller; a GraphQLError refuses it with its HTTP status. */
  context: (request: FastifyRequest) => Promise<TContext>;
  /** Heartbeat interval of open subscriptions, ms. */
  heartbeatMs?: number;
}

/** Answers subscriptions POSTed to `/graphql` (before Apollo Server sees them). */
export function serveSubscriptions<TContext>(
  app: FastifyInstance,
  serving: SubscriptionServing<TContext>,
): void {
  const rules = [...specifiedRules, ...serving.validationRules];
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const subscription = subscriptionIn(request.body, serving.parseOptions);
    if (!subscription) return;
    reply.hijack();
    const response = reply.raw;
    if (!acceptsMultipartSubscription(request.headers.accept)) {
      refuseSubscription(response, 406, [notMultipart()]);
      return reply;
    }
    let context: TContext;
    try {
      context = await serving.context(request);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      refuseSubscription(response, httpStatusOf(error, 401), [formatted(error)]);
      return reply;
    }
    const invalid = validate(serving.schema, subscription.document, rules);
    if (invalid.length > 0) {
      refuseSubscription(response, 400, invalid.map(formatted));
      return reply;
    }
    const result = await subscribe({
      schema: serving.schema,
      document: subscription.document,
      operationName: subscription.operationName,
      variableValues: subscription.variables,
      contextValue: context,
    });
    if (!(Symbol.asyncIterator in result)) {
      // Refused before any event (not allowed, bad variables): an ordinary GraphQL answer.
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(result));
      return reply;
    }
    void streamMultipart(response, result as AsyncIterable<ExecutionResult>, {
      heartbeatMs: serving.heartbeatMs,
    });
    return reply;
  });
}

/** The refusal of a subscription asked for without accepting a multipart answer. */
export function notMultipart(): GraphQLError {
  return localizedError('gateway.subscriptionNeedsMultipart', undefined, {
    extensions: { code: 'BAD_REQUEST', reason: 'SUBSCRIPTION_NEEDS_MULTIPART' },
  });
}
