/**
 * Starts the gateway alone, against subgraphs already running at the supergraph's routing URLs (or
 * those given by SUBGRAPH_URL_<NAME>). `npm start` starts the whole system instead.
 */
import { loadAuthentication } from '../lib/auth/config.ts';
import { readScrapeToken } from '../lib/metrics.ts';
import { readGatewayConfig } from './config.ts';
import { buildGateway } from './server.ts';

const config = readGatewayConfig();
const scrapeToken = readScrapeToken();
const authentication = await loadAuthentication();
const { app } = await buildGateway({
  verifier: authentication.verifier,
  supergraph: { file: config.supergraphPath },
  resilience: config.resilience,
  safelistDir: config.safelistDir,
  subgraphUrls: config.subgraphUrls,
  production: config.production,
  // Development only: the explorer and its test tokens (buildGateway leaves it out in production too).
  explorer: config.production ? undefined : { authentication },
  limits: config.limits,
  maxBodyBytes: config.maxBodyBytes,
  corsOrigins: config.corsOrigins,
  rateLimit: { perMinute: config.rateLimitPerMinute },
  trustedProxyHops: config.trustedProxyHops,
  responseCache: config.responseCache,
  scrapeToken,
  logger: { level: config.logLevel },
});
await app.listen({ port: config.port, host: config.host });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
