/**
 * The OneThing gateway: Apollo Server 5 with @apollo/gateway, serving the composed supergraph on
 * Fastify at `/graphql`, with `/health` (alive), `/ready` (supergraph loaded, every subgraph
 * reachable — Redis is not asked: without it the gateway serves with per-replica limits) and
 * `/metrics` (Prometheus, behind a scrape token when one is given). Built, not started: `main.ts`
 * listens, tests on port 0.
 */
import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServiceTrust } from '../lib/auth/config.ts';
import { GATEWAY } from '../lib/auth/services.ts';
import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  operationLimits,
} from '../lib/graphql/operationLimits.ts';
import { httpGet } from '../lib/http/JsonPoster.ts';
import { serverTlsOptions, type TlsConfig } from '../lib/http/tls.ts';
import { useLanguage } from '../lib/i18n/errors.ts';
import { languageOfHeaders } from '../lib/i18n/languages.ts';
import { requireScrapeToken } from '../lib/metrics.ts';
import { withTraceContext } from '../lib/tracing/logMixin.ts';
import { traceRequests } from '../lib/tracing/requestSpans.ts';
import { type GatewayContext, gatewayContextOf } from './context.ts';
import { corsOptions, defaultCorsOrigins } from './cors.ts';
import { readExampleOperations } from './explorer/examples.ts';
import { buildExplorer, type ExplorerOptions } from './explorer/explorer.ts';
import { gatewayErrorHandler } from './httpErrors.ts';
import { GatewayMetrics, operationNamesIn } from './metrics.ts';
import { useOperationResolution } from './operationResolution.ts';
import { persistedDocumentRequest } from './persistedRequest.ts';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type RateLimit,
  rateLimitOptions,
  trustProxyOf,
} from './rateLimit.ts';
import { DEFAULT_RESPONSE_CACHE, type ResponseCacheOptions, useResponseCache } from './responseCache.ts';
import { SharedStore, type SharedStoreOptions } from './SharedStore.ts';
import { DEFAULT_RESILIENCE, SubgraphDataSource, type SubgraphResilience } from './SubgraphDataSource.ts';
import { isSafelisted, readSafelist, safelistCache, useSafelist, withListedText } from './safelist.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { type ServedGraph, serveSubscriptions } from './subscriptions/serveSubscriptions.ts';
import { watchedSupergraph } from './supergraphFile.ts';
import type { SupergraphReloadEvents } from './supergraphReload.ts';
import { polledSupergraph, type SupergraphUrlOptions } from './supergraphUrl.ts';
import { tracingPlugin } from './tracing.ts';

/** Where the gateway serves GraphQL. */
const GRAPHQL_PATH = '/graphql';

/** Options of {@link buildGateway}. */
export interface GatewayOptions {
  /**
   * The supergraph: its SDL; `{ file }` to serve a file and reload it when it changes; or `{ url }` to
   * fetch it and poll it (see `supergraphUrl.ts`). A changed document that does not load leaves the
   * running supergraph in place; a first one that does not load fails the build.
   */
  supergraph: string | { file: string; pollIntervalMs?: number } | SupergraphUrlOptions;
  /** Routing URLs replacing the supergraph's, by subgraph name. */
  subgraphUrls?: Record<string, string>;
  /** Production mode: no explorer, no introspection, no stack traces. */
  production?: boolean;
  /**
   * The explorer (see `explorer/explorer.ts`): GraphiQL served by the gateway, with the example
   * operations and test tokens. Never in production; without it a browser gets no page.
   */
  explorer?: ExplorerOptions;
  /** Fastify/pino logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /**
   * The gateway's keys: the identity provider's key set its clients' tokens are verified with, and its
   * own key its delegations to the subgraphs are signed with. Without them a request carrying a token
   * is refused, and the subgraphs refuse every request.
   */
  trust?: ServiceTrust;
  /**
   * The gateway's certificate and key: its listener speaks TLS (asking clients for no certificate), and
   * it calls the subgraphs with the certificate (`useOutgoingTls`, set by the process's owner).
   */
  tls?: TlsConfig;
  /** Limits on each operation; default {@link DEFAULT_OPERATION_LIMITS}. */
  limits?: OperationLimits;
  /** Largest request body in bytes; default 262144. */
  maxBodyBytes?: number;
  /** Timeouts, retries and circuit breaking per subgraph. */
  resilience?: Partial<SubgraphResilience>;
  /** Told when a changed supergraph (file or URL) is served or rejected. */
  reload?: SupergraphReloadEvents;
  /**
   * A folder holding the persisted documents clients were built with (`persisted-query-manifest.json`
   * and/or `persisted-documents.json`, as `npm run codegen` writes them in
   * `schema/operations/generated/`): when given, only these run (see `safelist.ts`).
   */
  safelistDir?: string;
  /**
   * Origins whose pages may call the gateway (see `cors.ts`); default none in production, local
   * pages (`http://localhost:*`, …) otherwise.
   */
  corsOrigins?: readonly string[];
  /**
   * How many proxies (load balancers) in front of the gateway are trusted to name the client in
   * `X-Forwarded-For`; default 0, none. The rate limit counts anonymous callers by the address this
   * gives (see `rateLimit.ts`).
   */
  trustedProxyHops?: number;
  /**
   * Requests per caller per minute (see `rateLimit.ts`); default 600. `false` turns the limit off,
   * for a load test that measures the gateway itself.
   */
  rateLimit?: RateLimit | false;
  /**
   * Subscriptions one caller may hold open on this replica (`GATEWAY_SUBSCRIPTIONS_PER_CALLER`); default
   * 10. One more is refused 429 `RATE_LIMITED`, reason `TOO_MANY_SUBSCRIPTIONS`.
   */
  subscriptionsPerCaller?: number;
  /**
   * The cache of whole public answers (see `responseCache.ts`); default {@link DEFAULT_RESPONSE_CACHE}.
   * `false` turns it off: every query then reaches the subgraphs.
   */
  responseCache?: ResponseCacheOptions | false;
  /**
   * The Redis the gateway's replicas share their rate-limit counts and response cache through
   * (`REDIS_URL`; see `SharedStore.ts`). Without it each replica keeps its own, and says so once at
   * start; with it, a Redis that does not answer is retried for as long as the gateway runs, each
   * replica counting on its own meanwhile.
   */
  sharedStore?: SharedStoreOptions;
  /**
   * The token a scraper must send to read `/metrics` (`readScrapeToken` in `lib/metrics.ts`); without
   * one `/metrics` is open (development).
   */
  scrapeToken?: string;
}

/** A built (not yet listening) gateway. */
export interface Gateway {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  metrics: GatewayMetrics;
  /** The connection to the Redis the replicas share, when `sharedStore` was given; closed with `app`. */
  shared: SharedStore | undefined;
  /** The data source of each subgraph, by name, once the supergraph has loaded. */
  subgraphs: Map<string, SubgraphDataSource>;
}

/**
 * Asks each subgraph's `/health`, over a kept-alive connection with the gateway's own TLS identity
 * like its queries; answers its state by name.
 */
async function probeSubgraphs(subgraphs: Map<string, SubgraphDataSource>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    [...subgraphs].map(async ([name, source]) => {
      if (source.circuitOpen) return [name, 'circuit-open'] as const;
      try {
        const { status } = await httpGet(new URL('/health', source.url), 1000);
        return [name, status >= 200 && status < 300 ? 'ok' : `http-${status}`] as const;
      } catch {
        return [name, 'unreachable'] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Builds the gateway and loads the supergraph; throws if the supergraph does not load. */
export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  // @apollo/gateway otherwise reports usage metrics to Apollo's cloud and probes cloud metadata
  // servers: a government graph on an intranet sends nothing anywhere. Read in ApolloGateway's constructor.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const production = options.production ?? false;
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const safelist = options.safelistDir ? readSafelist(options.safelistDir) : undefined;
  // Requests are labelled by the operations the gateway knows: the safelist's, else the examples'.
  const metrics = new GatewayMetrics(
    operationNamesIn(
      safelist
        ? [...safelist.byId.values()].map((listed) => listed.body)
        : readExampleOperations().map((example) => example.query),
    ),
  );
  const app = Fastify({
    ...(options.tls ? { https: serverTlsOptions(options.tls, { requireClientCertificate: false }) } : {}),
    logger: withTraceContext(options.logger ?? false),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: maxBodyBytes,
    trustProxy: trustProxyOf(options.trustedProxyHops ?? 0),
  });
  // First of all hooks: a request refused by any of them (rate limit, body size) still has its span.
  traceRequests(app, GATEWAY);
  // Registered before any route: the CORS hook answers preflights and marks every answer, even a
  // refusal, and the rate limit applies to every route registered after it.
  app.setErrorHandler(gatewayErrorHandler(maxBodyBytes, metrics.registry));
  // Connected once the gateway is built (`start()` below): a build that fails leaves no connection.
  const shared = options.sharedStore
    ? new SharedStore(options.sharedStore, app.log, (on) => metrics.sharedLimits.set(on ? 1 : 0))
    : undefined;
  await app.register(fastifyCors, corsOptions(options.corsOrigins ?? defaultCorsOrigins(production)));
  if (options.rateLimit !== false) {
    await app.register(
      fastifyRateLimit,
      rateLimitOptions(
        options.rateLimit ?? { perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE },
        options.trust?.clients,
        shared,
      ),
    );
  }
  const subgraphs = new Map<string, SubgraphDataSource>();
  const { supergraph } = options;
  const reloadEvents: SupergraphReloadEvents = {
    onReload: (sdl) => {
      metrics.supergraphReloads.inc({ outcome: 'reloaded' });
      app.log.info({ bytes: sdl.length }, 'serving a new supergraph');
      options.reload?.onReload?.(sdl);
    },
    onRejected: (error, rejection) => {
      metrics.supergraphReloads.inc({ outcome: rejection.outcome });
      // Once per distinct problem: a URL answering 500 is polled every few seconds.
      if (!rejection.repeated) {
        app.log.error({ err: error }, 'a new supergraph was not loaded; the running one stays');
      }
      options.reload?.onRejected?.(error, rejection);
    },
  };
  const gateway = new ApolloGateway({
    supergraphSdl:
      typeof supergraph === 'string'
        ? supergraph
        : 'url' in supergraph
          ? polledSupergraph(supergraph, reloadEvents, production)
          : watchedSupergraph(supergraph.file, reloadEvents, supergraph.pollIntervalMs),
    buildService: ({ name, url }) => {
      const routingUrl = options.subgraphUrls?.[name] ?? url;
      if (!routingUrl) throw new Error(`subgraph ${name} has no routing URL`);
      const source = new SubgraphDataSource(
        name,
        routingUrl,
        options.resilience,
        metrics,
        options.trust?.signer,
      );
      subgraphs.set(name, source);
      return source;
    },
  });
  // The graph the gateway's own subscription serving validates against and routes by.
  let served: ServedGraph | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    const { routes, unserved } = subscriptionRoutes(coreSupergraphSdl, apiSchema);
    if (unserved.length > 0)
      app.log.warn(
        { unserved },
        'subscriptions without one owning subgraph and a matching query field are refused',
      );
    served = { apiSchema, routes };
  });
  const limits = operationLimits<GatewayContext>(options.limits ?? DEFAULT_OPERATION_LIMITS, production);
  const explorer = options.explorer && !production ? buildExplorer(options.explorer) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: !production,
    ...(safelist ? { persistedQueries: { cache: safelistCache(safelist) } } : {}),
    // The process's owner stops servers on signals (system/start.ts, main.ts), not each Apollo Server.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production && process.env.NODE_ENV === 'development',
    plugins: [
      ...limits.plugins,
      useOperationResolution(),
      useLanguage<GatewayContext>((context) => context.language),
      ...(safelist ? [useSafelist(safelist, { allowIntrospection: !production })] : []),
      ...(options.responseCache === false
        ? []
        : useResponseCache(options.responseCache ?? DEFAULT_RESPONSE_CACHE, metrics, shared)),
      metrics.plugin(),
      tracingPlugin(),
      fastifyApolloDrainPlugin(app),
      explorer?.landingPage ?? ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  // Probes and scrapes are never rate limited: an orchestrator must see the gateway alive under load.
  const unlimited = { config: { rateLimit: false as const } };
  app.get('/health', unlimited, async () => ({ status: 'ok', service: 'gateway' }));
  // Readiness is the supergraph and the subgraphs only, never Redis: without it the gateway serves
  // with per-replica limits, so a Redis outage must not take every replica out of the load balancer.
  app.get('/ready', unlimited, async (_request, reply) => {
    const states = await probeSubgraphs(subgraphs);
    const ready = subgraphs.size > 0 && Object.values(states).every((state) => state === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', subgraphs: states });
  });
  app.get(
    '/metrics',
    { ...unlimited, onRequest: requireScrapeToken(options.scrapeToken) },
    async (_request, reply) =>
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  if (explorer) await app.register(explorer.routes);
  if (safelist) {
    // `documentId` and hash checks, before Apollo Server reads the request (`persistedRequest.ts`).
    app.addHook('preHandler', async (request, reply) =>
      request.routeOptions.url === GRAPHQL_PATH ? persistedDocumentRequest(request, reply) : undefined,
    );
  }
  serveSubscriptions(app, {
    apollo,
    graph: () => served,
    subgraphUrl: (name) => subgraphs.get(name)?.url,
    context: (request) => gatewayContextOf(request, options.trust?.clients),
    signer: options.trust?.signer,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowed: safelist && ((request) => isSafelisted(safelist, request.query, request.document)),
    listedText: safelist && ((body) => withListedText(safelist, body)),
    timeoutMs: options.resilience?.timeoutMs ?? DEFAULT_RESILIENCE.timeoutMs,
    perCaller: options.subscriptionsPerCaller,
  });
  await app.register(fastifyApollo(apollo), {
    path: GRAPHQL_PATH,
    context: async (request) => gatewayContextOf(request, options.trust?.clients),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // The language the answer's messages are written in, as the client's Accept-Language chose it.
    reply.header('content-language', languageOfHeaders(request.headers));
  });
  if (shared) {
    app.addHook('onClose', () => shared.close());
    shared.start();
  } else {
    app.log.info('REDIS_URL is not set: rate limits and the response cache are per replica');
  }
  return { app, apollo, metrics, shared, subgraphs };
}
