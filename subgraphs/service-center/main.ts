/**
 * Starts the service-center subgraph alone, as its own process: the department subgraphs are reached
 * at rover.yaml's routing URLs unless `SUBGRAPH_URL_<NAME>` says otherwise. On start it resumes every
 * application a previous process left unfinished.
 *
 * Environment: PORT (default 4005), HOST (default 127.0.0.1), DATA_DIR (default .data), LOG_LEVEL,
 * METRICS_TOKEN_FILE (required in production), SUBGRAPH_MAX_*.
 * Prints `service-center listening at <url>` once it listens.
 */
import { loadAuthentication } from '../../lib/auth/config.ts';
import { readScrapeToken } from '../../lib/metrics.ts';
import { readSubgraphUrlOverrides } from '../../lib/subgraphUrls.ts';
import { readSupergraphConfig } from '../../system/topology.ts';
import { buildSubgraph } from './server.ts';

const routing = Object.fromEntries(readSupergraphConfig().subgraphs.map((s) => [s.name, s.routingUrl]));
const port = Number(process.env.PORT ?? 4005);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
}
const scrapeToken = readScrapeToken();
const authentication = await loadAuthentication();
const server = await buildSubgraph({
  verifier: authentication.verifier,
  issuer: authentication.issuer,
  subgraphUrls: { ...routing, ...readSubgraphUrlOverrides() },
  dataDir: process.env.DATA_DIR ?? '.data',
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  scrapeToken,
});
const url = await server.app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
console.log(`service-center listening at ${url}/graphql`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.app.close().then(() => process.exit(0));
  });
}
