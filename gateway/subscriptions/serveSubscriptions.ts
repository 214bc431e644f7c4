/**
 * Subscriptions through the gateway, which @apollo/gateway does not execute: a client POSTs a
 * subscription to `/graphql` accepting a multipart answer (Apollo Client's `HttpLink` and urql do so
 * for a subscription), and the gateway
 *
 * 1. verifies the caller as for any request (the same token rules, rate limit and safelist), and
 *    validates the document against the graph with the same limits;
 * 2. asks the subgraph that owns the field (`routes.ts`) for its events — the same field and arguments
 *    over the same authenticated hop as a query (a delegation signed for that subgraph, mutual TLS,
 *    the request id and trace context), selecting only `__typename`;
 * 3. answers each event by running the client's selection as a query (`documents.ts`) through its own
 *    executor with the client's context: every field of the graph, authorised per department as any
 *    read, an answer unchanged since the last left out;
 * 4. ends when the subgraph ends the events, and stops them when the client goes away.
 *
 * Why multipart HTTP and not WebSockets or SSE: it is what Apollo's routers serve for federated
 * subscriptions and what Apollo Client and urql read with no extra link or package, it passes every
 * proxy and load balancer plain HTTP passes, and each subscription is one authenticated, rate-limited
 * request like any other.
 */

import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { decodeJwt } from 'jose';
import { claimsOf } from '../../lib/auth/claims.ts';
import type { ServiceSigner } from '../../lib/auth/delegation.ts';
import { TokenError } from '../../lib/auth/tokens.ts';
import {
  formatted,
  httpStatusOf,
  refuseSubscription,
  type SubscriptionRequest,
  subscriptionIn,
} from '../../lib/graphql/subscriptionRequest.ts';
import { JsonPoster } from '../../lib/http/JsonPoster.ts';
import {
  acceptsMultipartSubscription,
  MULTIPART_SUBSCRIPTION_ACCEPT,
  readMultipart,
  streamMultipart,
} from '../../lib/http/multipart.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import { type Language, languageOfHeaders } from '../../lib/i18n/languages.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';
import type { GatewayContext } from '../context.ts';
import { rereadQuery, rootFieldOf, upstreamSubscription } from './documents.ts';
import type { SubscriptionRoute } from './routes.ts';

/** The graph as it stands: changes when a new supergraph is loaded. */
export interface ServedGraph {
  apiSchema: GraphQLSchema;
  routes: Map<string, SubscriptionRoute>;
}

/** What the gateway's subscriptions need. */
export interface GatewaySubscriptions {
  apollo: ApolloServer<GatewayContext>;
  /** The graph now, or undefined before the supergraph loads. */
  graph: () => ServedGraph | undefined;
  /** A subgraph's URL by name. */
  subgraphUrl: (name: string) => string | undefined;
  /** The client's context, verifying its token; a GraphQLError refuses it with its HTTP status. */
  context: (request: FastifyRequest) => Promise<GatewayContext>;
  /** Signs the delegation for the owning subgraph; without it the subgraph refuses. */
  signer?: ServiceSigner;
  /** The gateway's operation limits. */
  validationRules: readonly ValidationRule[];
  parseOptions: ParseOptions;
  /** With a safelist on: whether this document may run (`safelist.ts`). */
  allowed?: (request: SubscriptionRequest) => boolean;
  /** With a safelist on: the body with the listed text of a document sent by hash alone. */
  listedText?: (body: unknown) => unknown;
  /** How long the owning subgraph may take to start answering, ms. */
  timeoutMs: number;
  heartbeatMs?: number;
  /** Subscriptions one caller may hold open on this replica; default {@link DEFAULT_SUBSCRIPTIONS_PER_CALLER}. */
  perCaller?: number;
}

/** Subscriptions one caller may hold open on one gateway replica unless configured otherwise. */
export const DEFAULT_SUBSCRIPTIONS_PER_CALLER = 10;

/** When the bearer token of a request expires (ms since the epoch), if it carries one. */
function tokenExpiry(authorization: string | undefined): number | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A refusal of a subscription, its message in the client's language. */
function refusal(language: Language, message: Text, code: string, reason?: string): GraphQLError {
  return localizedError(message.key, message.params, {
    language,
    extensions: { code, ...(reason ? { reason } : {}) },
  });
}

/** Answers subscriptions POSTed to `/graphql` (before Apollo Server sees them). */
export function serveSubscriptions(app: FastifyInstance, serving: GatewaySubscriptions): void {
  const rules = [...specifiedRules, ...serving.validationRules];
  const perCaller = serving.perCaller ?? DEFAULT_SUBSCRIPTIONS_PER_CALLER;
  /** Open subscriptions by caller (token subject, else address). */
  const open = new Map<string, number>();
  const posters = new Map<string, JsonPoster>();
  const posterFor = (url: string) => {
    const origin = new URL(url).origin;
    let poster = posters.get(origin);
    if (!poster) {
      poster = new JsonPoster(origin);
      posters.set(origin, poster);
    }
    return poster;
  };

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/graphql') return;
    const body = serving.listedText ? serving.listedText(request.body) : request.body;
    const subscription = subscriptionIn(body, serving.parseOptions);
    if (!subscription) return;
    reply.hijack();
    // CORS and the request id, which the hooks before this one set on the reply.
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).map(([name, value]) => [name, String(value)]),
    );
    headers['x-request-id'] = request.id;
    // Hijacked: the gateway's onSend hook does not run, so the language is said here.
    headers['content-language'] = languageOfHeaders(request.headers);
    const refuse = (status: number, errors: GraphQLError[]) =>
      refuseSubscription(reply.raw, status, errors.map(formatted), headers);
    if (!acceptsMultipartSubscription(request.headers.accept)) {
      refuse(406, [
        refusal(
          languageOfHeaders(request.headers),
          text('gateway.subscriptionNeedsMultipart'),
          'BAD_REQUEST',
          'SUBSCRIPTION_NEEDS_MULTIPART',
        ),
      ]);
      return reply;
    }
    let context: GatewayContext;
    try {
      context = await serving.context(request);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      refuse(httpStatusOf(error, 401), [error]);
      return reply;
    }
    const caller =
      context.identity.kind === 'anonymous'
        ? `address ${request.ip}`
        : (claimsOf(context.identity).sub as string);
    const held = open.get(caller) ?? 0;
    if (held >= perCaller) {
      refuse(429, [
        refusal(
          context.language,
          text('gateway.tooManySubscriptions', { max: perCaller }),
          'RATE_LIMITED',
          'TOO_MANY_SUBSCRIPTIONS',
        ),
      ]);
      return reply;
    }
    open.set(caller, held + 1);
    const release = () => {
      const left = (open.get(caller) ?? 1) - 1;
      if (left > 0) open.set(caller, left);
      else open.delete(caller);
    };
    const streaming = await follow(
      subscription,
      context,
      reply,
      headers,
      tokenExpiry(request.headers.authorization),
    ).catch((error: unknown) => {
      release();
      throw error;
    });
    if (streaming) void streaming.ended.finally(release);
    else release();
    return reply;
  });

  /** Starts following a subscription; answers when its stream ends, or undefined when it was refused. */
  async function follow(
    subscription: SubscriptionRequest,
    context: GatewayContext,
    reply: FastifyReply,
    headers: Record<string, string>,
    expiresAt: number | undefined,
  ): Promise<{ ended: Promise<void> } | undefined> {
    const refuse = (status: number, errors: readonly GraphQLError[]) =>
      refuseSubscription(reply.raw, status, errors.map(formatted), headers);
    if (serving.allowed && !serving.allowed(subscription)) {
      refuse(400, [
        refusal(context.language, text('gateway.notSafelisted'), 'PERSISTED_QUERY_NOT_IN_SAFELIST'),
      ]);
      return;
    }
    const graph = serving.graph();
    if (!graph) {
      refuse(503, [refusal(context.language, text('gateway.notLoaded'), 'SERVICE_UNAVAILABLE')]);
      return;
    }
    const invalid = validate(graph.apiSchema, subscription.document, rules);
    if (invalid.length > 0) {
      refuse(400, invalid);
      return;
    }
    const field = rootFieldOf(subscription.operation);
    const route = field && graph.routes.get(field.name.value);
    const url = route && serving.subgraphUrl(route.subgraph);
    if (!field || !route || !url) {
      refuse(400, [
        refusal(
          context.language,
          field
            ? text('gateway.subscriptionNotServed', { field: field.name.value })
            : text('gateway.subscriptionThroughFragment'),
          'BAD_REQUEST',
          'SUBSCRIPTION_NOT_SERVED',
        ),
      ]);
      return;
    }
    const upstreamHeaders: Record<string, string> = {
      ...context.forwardedHeaders,
      'content-type': 'application/json',
      accept: MULTIPART_SUBSCRIPTION_ACCEPT,
    };
    if (serving.signer) {
      const name = subscription.operationName ?? subscription.operation.name?.value;
      const purpose = context.statedPurpose ?? (name ? `operation ${name.slice(0, 100)}` : null);
      try {
        upstreamHeaders.authorization = `Bearer ${await serving.signer.delegate(route.subgraph, context.identity, purpose)}`;
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        refuse(403, [
          refusal(
            context.language,
            text('auth.notAllowed', { problem: error.text ?? error.message }),
            'FORBIDDEN',
            error.problem,
          ),
        ]);
        return;
      }
    }
    const stop = new AbortController();
    let upstream: Awaited<ReturnType<JsonPoster['open']>>;
    try {
      upstream = await posterFor(url).open(
        new URL(url).pathname,
        JSON.stringify({
          query: upstreamSubscription(subscription.operation, field),
          variables: subscription.variables,
        }),
        upstreamHeaders,
        serving.timeoutMs,
        stop.signal,
      );
    } catch {
      refuse(502, [
        refusal(
          context.language,
          text('gateway.subgraphUnreachable', { department: route.subgraph }),
          'DOWNSTREAM_SERVICE_ERROR',
          'SUBGRAPH_UNAVAILABLE',
        ),
      ]);
      return;
    }
    const type = String(upstream.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/')) {
      // Refused before any event (not allowed, not found, bad variables): passed on as the subgraph said.
      const chunks: Buffer[] = [];
      for await (const chunk of upstream) chunks.push(chunk as Buffer);
      reply.raw.writeHead(upstream.statusCode === 200 ? 200 : (upstream.statusCode ?? 502), {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
      });
      reply.raw.end(Buffer.concat(chunks));
      return;
    }
    const query = rereadQuery(subscription.document, subscription.operation, field, route.rereadField);
    // The client gone, or its token expired: the subgraph's stream is cut, and the answers end with it.
    reply.raw.once('close', () => stop.abort());
    let expired = false;
    const expiry =
      expiresAt === undefined
        ? undefined
        : setTimeout(
            () => {
              expired = true;
              stop.abort();
            },
            Math.max(0, expiresAt - Date.now()),
          );
    const events = (async function* () {
      try {
        yield* answers(readMultipart(upstream), query, subscription, context, () => stop.abort());
      } catch (error) {
        if (!expired) throw error;
        // A subscription lasts no longer than the token that opened it: the client subscribes again.
        throw localizedError('gateway.subscriptionTokenExpired', undefined, {
          language: context.language,
          extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' },
        });
      } finally {
        clearTimeout(expiry);
      }
    })();
    const ended = streamMultipart(reply.raw, events, {
      headers,
      heartbeatMs: serving.heartbeatMs,
    });
    return { ended };
  }

  /** The answer to each event: the client's selection read again, unless unchanged since the last. */
  async function* answers(
    events: AsyncGenerator<ExecutionResult>,
    query: string,
    subscription: SubscriptionRequest,
    context: GatewayContext,
    stopUpstream: () => void,
  ): AsyncGenerator<ExecutionResult> {
    let last: string | undefined;
    try {
      for await (const event of events) {
        if (event.errors?.length) {
          yield { errors: event.errors } as ExecutionResult;
          continue;
        }
        const response = await serving.apollo.executeOperation(
          { query, variables: subscription.variables, operationName: subscription.operationName },
          { contextValue: { ...context, rereadFor: 'subscription' } },
        );
        if (response.body.kind !== 'single') continue;
        const { data, errors } = response.body.singleResult;
        const answer = JSON.stringify({ data, errors });
        if (answer === last) continue;
        last = answer;
        yield { data, errors } as ExecutionResult;
      }
    } finally {
      stopUpstream();
    }
  }
}
