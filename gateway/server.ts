/**
 * The OneThing gateway: Apollo Server 5 with @apollo/gateway, serving the composed supergraph on
 * Fastify at `/graphql`, with `/health`. Built, not started: `main.ts` listens, tests listen on port 0.
 */
import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TokenVerifier } from '../lib/auth/tokens.ts';
import { type GatewayContext, gatewayContextOf } from './context.ts';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits, operationLimits } from './limits.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';

/** Options of {@link buildGateway}. */
export interface GatewayOptions {
  /** The composed supergraph SDL (the committed `schema/supergraph.graphql`). */
  supergraphSdl: string;
  /** Routing URLs replacing the supergraph's, by subgraph name. */
  subgraphUrls?: Record<string, string>;
  /** Production mode: no landing page, no introspection, no stack traces. */
  production?: boolean;
  /** Fastify/pino logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /** Verifies bearer tokens; without one, any request carrying a token is refused. */
  verifier?: TokenVerifier;
  /** Limits on each operation; default {@link DEFAULT_OPERATION_LIMITS}. */
  limits?: OperationLimits;
  /** Largest request body in bytes; default 262144. */
  maxBodyBytes?: number;
}

/** A built (not yet listening) gateway. */
export interface Gateway {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
}

/** Builds the gateway and loads the supergraph; throws if the supergraph does not load. */
export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  // @apollo/gateway otherwise reports usage metrics to Apollo's cloud and probes cloud metadata
  // servers: a government graph on an intranet sends nothing anywhere. Read in ApolloGateway's constructor.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const production = options.production ?? false;
  const app = Fastify({
    logger: options.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: options.maxBodyBytes ?? 256 * 1024,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const routingUrl = options.subgraphUrls?.[name] ?? url;
      if (!routingUrl) throw new Error(`subgraph ${name} has no routing URL`);
      return new SubgraphDataSource(name, routingUrl);
    },
  });
  const limits = operationLimits(options.limits ?? DEFAULT_OPERATION_LIMITS, production);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: !production,
    // The process's owner stops servers on signals (scripts/start.ts, main.ts), not each Apollo Server.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production && process.env.NODE_ENV === 'development',
    plugins: [
      ...limits.plugins,
      fastifyApolloDrainPlugin(app),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();
  app.get('/health', async () => ({ status: 'ok', service: 'gateway' }));
  await app.register(fastifyApollo(apollo), {
    context: async (request) => gatewayContextOf(request, options.verifier),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  return { app, apollo };
}
