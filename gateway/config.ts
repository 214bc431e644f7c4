/**
 * The gateway's configuration: one typed object read once at start-up. A bad value fails fast and
 * names the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSubgraphUrlOverrides } from '../lib/subgraphUrls.ts';

/** Everything the gateway can be configured with. */
export interface GatewayConfig {
  /** Port to listen on (`PORT`, default 4000). */
  port: number;
  /** Interface to listen on (`HOST`, default 0.0.0.0). */
  host: string;
  /** The composed supergraph file (`SUPERGRAPH_PATH`, default `schema/supergraph.graphql`). */
  supergraphPath: string;
  /**
   * Routing URLs that replace the supergraph's, per subgraph name (`SUBGRAPH_URL_<NAME>`, the name in
   * upper case with dashes as underscores, e.g. `SUBGRAPH_URL_PUBLIC_SECURITY`).
   */
  subgraphUrls: Record<string, string>;
  /** Production mode (`NODE_ENV=production`): no landing page, no introspection, no stack traces. */
  production: boolean;
  /** Log level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
}

/** The repository's committed supergraph. */
export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../schema/supergraph.graphql', import.meta.url),
);

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number 0–65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** Reads the gateway's configuration from the environment. */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const subgraphUrls = readSubgraphUrlOverrides(env);
  return {
    port: readPort(env, 'PORT', 4000),
    host: env.HOST || '0.0.0.0',
    supergraphPath: env.SUPERGRAPH_PATH ? path.resolve(env.SUPERGRAPH_PATH) : DEFAULT_SUPERGRAPH_PATH,
    subgraphUrls,
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL || 'info',
  };
}
