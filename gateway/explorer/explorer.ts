/**
 * The gateway's own GraphQL explorer, for development: GraphiQL bundled from npm packages and served
 * by the gateway (no CDN, nothing fetched from outside the machine), with the schema's docs, the
 * example operations of `schema/operations/` as ready tabs and test tokens for their identities.
 *
 * | route | what |
 * | --- | --- |
 * | `GET /graphql` (from a browser), `GET /explorer` | the page |
 * | `GET /explorer/assets/<file>` | the bundled script and stylesheet |
 * | `GET /explorer/examples` | the example operations and their identities |
 * | `POST /explorer/token` `{ "identity": "…" }` | a test token, with the development keys only, to a caller on this machine |
 *
 * The gateway builds it only outside production: in production none of these exist. Even in
 * development the token endpoint answers only a caller on the loopback interface (by the connection's
 * own address, never a forwarded one): a development gateway reachable from a network mints no
 * identities for it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyPluginAsync } from 'fastify';
import type { Authentication } from '../../lib/auth/config.ts';
import { EXPLORER_PATHS, type ExplorerError } from './contract.ts';
import { DEFAULT_OPERATIONS_DIR, explorerExamples, readExampleOperations } from './examples.ts';
import { EXPLORER_DIST_DIR, explorerPage, readExplorerAsset } from './page.ts';
import { mintExplorerToken, TokenRefusal } from './tokens.ts';

/** True for an address of the loopback interface: 127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** Options of the explorer (the gateway's `explorer` option). */
export interface ExplorerOptions {
  /** Signs the test tokens; `development` false (real keys) turns the token endpoint into a refusal. */
  authentication: Pick<Authentication, 'issuer' | 'development'>;
  /** The example operations; default the repository's `schema/operations/`. */
  operationsDir?: string;
  /** The built bundle; default `gateway/explorer/dist/` (`npm run build:explorer`). */
  distDir?: string;
}

/** The explorer's two halves: Apollo Server's landing page and the gateway's routes. */
export interface Explorer {
  /** Shows the page to a browser's GET of the GraphQL endpoint. */
  landingPage: ApolloServerPlugin;
  /** The page, its assets, the examples and the token endpoint, to register on the gateway's Fastify app. */
  routes: FastifyPluginAsync;
}

function refusal(message: string, code: string): ExplorerError {
  return { errors: [{ message, extensions: { code } }] };
}

/** Builds the explorer; reads the example operations now, and fails naming a file that does not read. */
export function buildExplorer(options: ExplorerOptions): Explorer {
  const distDir = options.distDir ?? EXPLORER_DIST_DIR;
  const examples = explorerExamples(
    readExampleOperations(options.operationsDir ?? DEFAULT_OPERATIONS_DIR),
    options.authentication.development,
  );
  const html = async () => explorerPage(distDir);

  const landingPage: ApolloServerPlugin = {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html }) };
    },
  };

  const routes: FastifyPluginAsync = async (app) => {
    app.get(EXPLORER_PATHS.page, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await html()),
    );
    app.get<{ Params: { file: string } }>(`${EXPLORER_PATHS.assets}/:file`, async (request, reply) => {
      const asset = readExplorerAsset(distDir, request.params.file);
      if (!asset) {
        return reply
          .status(404)
          .send(refusal(`no explorer asset ${request.params.file}: run npm run build:explorer`, 'NOT_FOUND'));
      }
      return reply.type(asset.contentType).header('cache-control', 'no-cache').send(asset.body);
    });
    app.get(EXPLORER_PATHS.examples, async () => examples);
    app.post(EXPLORER_PATHS.token, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!isLoopback(request.socket.remoteAddress)) {
        return reply
          .status(403)
          .send(refusal('test tokens are handed out only to a caller on this machine', 'FORBIDDEN'));
      }
      try {
        return await mintExplorerToken(options.authentication, request.body);
      } catch (error) {
        if (!(error instanceof TokenRefusal)) throw error;
        return reply.status(error.status).send(refusal(error.message, error.code));
      }
    });
  };

  return { landingPage, routes };
}
