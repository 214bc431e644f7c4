/**
 * The server every department subgraph is built on: Apollo Server 5 with a Federation 2 subgraph
 * schema from the department's SDL file, on Fastify, with `/graphql` and `/health` (and subscriptions on
 * `/graphql` when the schema has any, `subscriptions.ts`). It enforces its own
 * operation limits (`limits.ts`) whoever calls it. It never listens; the caller does (`app.listen`), so
 * tests can run it on port 0.
 */

import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type DocumentNode, Kind, parse } from 'graphql';
import type { Metric, Registry } from 'prom-client';
import type { ServiceTrust } from '../../lib/auth/config.ts';
import { callersOfSubgraph, departmentSystemOf, SERVICE_CENTER } from '../../lib/auth/services.ts';
import { type OperationLimits, operationLimits } from '../../lib/graphql/operationLimits.ts';
import { serverTlsOptions, type TlsConfig } from '../../lib/http/tls.ts';
import { useLanguage } from '../../lib/i18n/errors.ts';
import { type StoreGauge, serveMetrics } from '../../lib/metrics.ts';
import { isProduction } from '../../lib/runMode.ts';
import { useGraphQLSpanAttributes } from '../../lib/tracing/graphqlSpans.ts';
import { withTraceContext } from '../../lib/tracing/logMixin.ts';
import { traceRequests } from '../../lib/tracing/requestSpans.ts';
import { readSubgraphLimits } from './limits.ts';
import { type RefusalRecorder, useRefusalAudit } from './refusalAudit.ts';
import { type RequestInfo, requestInfoOf } from './requestContext.ts';
import { SHARED_SCALARS } from './scalars.ts';
import { serveSubscriptions } from './subscriptions.ts';

/** The resolvers of a subgraph, typed by its context. */
export type SubgraphResolvers<TContext> = GraphQLResolverMap<TContext>;

/** Reads and parses `schema/<name>/<name>.graphql`, the subgraph's SDL and its source of truth. */
export function loadSubgraphTypeDefs(name: string): DocumentNode {
  const file = new URL(`../../schema/${name}/${name}.graphql`, import.meta.url);
  return parse(readFileSync(file, 'utf8'));
}

/** The shared scalar implementations for the scalars an SDL declares. */
function scalarsDeclaredIn(typeDefs: DocumentNode) {
  const declared = typeDefs.definitions.flatMap((definition) =>
    definition.kind === Kind.SCALAR_TYPE_DEFINITION ? [definition.name.value] : [],
  );
  return Object.fromEntries(
    declared.flatMap((name) => (SHARED_SCALARS[name] ? [[name, SHARED_SCALARS[name]]] : [])),
  );
}

const REQUEST_INFO = Symbol('request info');

/** The request a context was made for (see `createSubgraphServer`). */
function requestOfContext(context: object): RequestInfo | undefined {
  return (context as { [REQUEST_INFO]?: RequestInfo })[REQUEST_INFO];
}

/** What a department supplies to become a subgraph. */
export interface SubgraphDefinition<TContext extends object> {
  /** The subgraph's name, as in rover.yaml, e.g. `health`. */
  name: string;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers<TContext>;
  /** Builds the per-request context: loaders and clients for this request only. */
  context: (request: RequestInfo) => TContext;
  /** Runs when the server closes, e.g. to close a store. */
  onClose?: () => Promise<void> | void;
  /** Gauges read from the subgraph's store at each scrape of `/metrics`, beside the process metrics. */
  gauges?: StoreGauge[];
  /** Metrics the subgraph updates itself (created with `registers: []`), served at `/metrics` too. */
  metrics?: Metric[];
  /**
   * Records the reads each request was refused, with the people they concerned (`refusalAudit.ts`):
   * a department subgraph's go to its department system; the service-center plugs in its own log.
   * Without one, refusals are answered but not recorded.
   */
  recordRefusals?: RefusalRecorder;
}

/** Options shared by every subgraph server. */
export interface SubgraphServerOptions {
  /** Fastify/pino logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /**
   * The subgraph's keys: it answers only the services allowed to call it, with a delegation token they
   * signed for it. Without them every request is refused (401): a subgraph never trusts an identity it
   * cannot verify.
   */
  trust?: ServiceTrust;
  /**
   * The subgraph's certificate, key and CA: it listens with TLS and requires every caller to present a
   * certificate of the deployment's CA, naming the service that signed the caller's delegation.
   */
  tls?: TlsConfig;
  /**
   * Limits on each operation the subgraph answers, enforced like the gateway's. Default: the process
   * environment's (`SUBGRAPH_MAX_*`, see {@link readSubgraphLimits}), so every subgraph a process builds
   * holds the same line.
   */
  limits?: OperationLimits;
  /**
   * Production mode: field suggestions ("did you mean …?") are blocked. Default: `isProduction()` of
   * the process environment (production unless `NODE_ENV` asks for development).
   */
  production?: boolean;
  /**
   * The token a scraper must send to read `/metrics` (`readScrapeToken` in `lib/metrics.ts`); without
   * one `/metrics` is open (development).
   */
  scrapeToken?: string;
}

/** A built (not yet listening) subgraph server. */
export interface SubgraphServer {
  name: string;
  app: FastifyInstance;
  apollo: ApolloServer<object>;
  /** The registry `/metrics` serves: the process metrics and the subgraph's own, labelled `service`. */
  metrics: Registry;
}

/**
 * Requests a subgraph answers on one kept-alive connection before closing it (the caller opens a new
 * one, which a balancer may send to another replica). A new TLS handshake per this many requests.
 */
export const MAX_REQUESTS_PER_CONNECTION = 100;

/** How long a subgraph keeps a caller's idle connection open (Fastify's default is 72 s). */
export const IDLE_CONNECTION_TIMEOUT_MS = 5000;

/** Builds a subgraph's Apollo Server on Fastify and starts Apollo (but does not listen). */
export async function createSubgraphServer<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  options: SubgraphServerOptions = {},
): Promise<SubgraphServer> {
  const subgraphTrust = options.trust && {
    trust: options.trust,
    callers: callersOfSubgraph(definition.name),
    departmentSystem: definition.name === SERVICE_CENTER ? undefined : departmentSystemOf(definition.name),
  };
  const app = Fastify({
    ...(options.tls ? { https: serverTlsOptions(options.tls, { requireClientCertificate: true }) } : {}),
    logger: withTraceContext(options.logger ?? false),
    requestIdHeader: 'x-request-id',
    bodyLimit: 2 * 1024 * 1024,
    // A caller's kept-alive connection is closed after this many requests, or this long idle, so that
    // connections through a layer-4 balancer spread again over the replicas — one started since included.
    maxRequestsPerSocket: MAX_REQUESTS_PER_CONNECTION,
    keepAliveTimeout: IDLE_CONNECTION_TIMEOUT_MS,
  });
  // First of all hooks: every request, refused or answered, has its span.
  traceRequests(app, definition.name);
  const refusalAudit = definition.recordRefusals
    ? [useRefusalAudit<TContext>(definition.recordRefusals, requestOfContext, app.log)]
    : [];
  const limits = operationLimits<TContext>(
    options.limits ?? readSubgraphLimits(),
    options.production ?? isProduction(),
  );
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: {
      ...scalarsDeclaredIn(definition.typeDefs),
      ...definition.resolvers,
    } as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<TContext>({
    schema,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // Inline tracing is off: it costs every request and nothing here reports traces to Apollo.
    plugins: [
      ...limits.plugins,
      ...refusalAudit,
      useLanguage<TContext>((context) => requestOfContext(context)?.language),
      useGraphQLSpanAttributes(),
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginInlineTraceDisabled(),
    ],
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    // The process's owner stops servers on signals (system/start.ts, main.ts), not each Apollo Server.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  app.get('/health', async () => ({ status: 'ok', subgraph: definition.name }));
  await app.register(fastifyApollo(apollo), {
    context: async (request) => {
      const info = await requestInfoOf(request, subgraphTrust);
      const context = definition.context(info);
      // The request each context was made for, what the refusal report is sent with: kept on the
      // context itself (enumerable), since Apollo Server runs each operation on a shallow copy.
      Object.defineProperty(context, REQUEST_INFO, { value: info, enumerable: true });
      return context;
    },
  });
  if (schema.getSubscriptionType()) {
    serveSubscriptions<TContext>(app, {
      schema,
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      context: async (request) => definition.context(await requestInfoOf(request, subgraphTrust)),
    });
  }
  const metrics = serveMetrics(app, {
    service: definition.name,
    gauges: definition.gauges,
    metrics: definition.metrics,
    scrapeToken: options.scrapeToken,
  });
  if (definition.onClose) app.addHook('onClose', async () => definition.onClose?.());
  return { name: definition.name, app, apollo: apollo as unknown as ApolloServer<object>, metrics };
}
