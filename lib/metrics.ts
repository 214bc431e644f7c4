/**
 * Prometheus metrics for every service (prom-client): one registry per service, holding the process
 * metrics under their standard names (`process_*`, `nodejs_*`, so stock Node.js dashboards find
 * them) and the service's own, every series labelled `service` with the service's name (`gateway`, a
 * subgraph of rover.yaml, `<department>-system`) — `instance` is left to Prometheus. Served at
 * `/metrics`, behind a scrape token when one is configured (`METRICS_TOKEN_FILE`; required in
 * production), so what a service reveals of its load and state reaches the monitoring system and no
 * one else. Every metric is listed in `docs/operations.md` (*Metrics*), which `test/metrics.e2e.ts` checks.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { collectDefaultMetrics, Gauge, type Metric, Registry } from 'prom-client';
import { SERVICE_NAME } from './auth/services.ts';
import { isProduction } from './runMode.ts';
import { registerSpanDropMetric } from './tracing/metrics.ts';

/** The label naming the service on every series a service reports. */
export const SERVICE_LABEL = 'service';

/**
 * A new registry for `service`: the process metrics under their standard names, and `service` on every
 * series registered in it (the process metrics, and whatever the service adds).
 *
 * @throws TypeError when `service` is not a service name (lowercase words joined by dashes)
 */
export function serviceRegistry(service: string): Registry {
  if (!SERVICE_NAME.test(service)) {
    throw new TypeError(
      `a metrics registry is named after its service, lowercase words joined by dashes (e.g. health-system); got ${JSON.stringify(service)}`,
    );
  }
  const registry = new Registry();
  registry.setDefaultLabels({ [SERVICE_LABEL]: service });
  for (const metric of processMetricsOf(service)) registry.registerMetric(metric);
  // Spans the process could not export (a slow or absent collector), on every service's /metrics.
  registerSpanDropMetric(registry);
  return registry;
}

/** The process metrics made for each service name in this process. */
const processMetrics = new Map<string, Metric[]>();

/**
 * The process metrics of `service`, made once per process and shared by every registry of that
 * service: collecting them starts an event-loop delay monitor and a garbage-collection observer that
 * are never stopped, which a server built and closed again and again (tests, a restarted subgraph)
 * would otherwise leave behind each time.
 */
function processMetricsOf(service: string): Metric[] {
  let metrics = processMetrics.get(service);
  if (!metrics) {
    const holder = new Registry();
    collectDefaultMetrics({ register: holder, labels: { [SERVICE_LABEL]: service } });
    metrics = holder.getMetricsAsArray() as unknown as Metric[];
    processMetrics.set(service, metrics);
  }
  return metrics;
}

/** A gauge read from the service's own store when Prometheus scrapes. */
export interface StoreGauge {
  name: string;
  help: string;
  labelNames: string[];
  /** The current values, one per label combination (a store on another server answers later). */
  read: () =>
    | Array<{ labels: Record<string, string>; value: number }>
    | Promise<Array<{ labels: Record<string, string>; value: number }>>;
}

/** Registers a {@link StoreGauge} in `registry`: read at each scrape, empty while its store does not answer. */
export function registerStoreGauge(registry: Registry, gauge: StoreGauge): void {
  new Gauge({
    name: gauge.name,
    help: gauge.help,
    labelNames: gauge.labelNames,
    registers: [registry],
    async collect() {
      // A store that does not answer (PostgreSQL restarting) leaves this gauge empty, not /metrics
      // failing: the process metrics are wanted most just then.
      const values = await Promise.resolve()
        .then(() => gauge.read())
        .catch(() => []);
      this.reset();
      for (const { labels, value } of values) this.set(labels, value);
    },
  });
}

/** Options of {@link serveMetrics}. */
export interface ServeMetricsOptions {
  /** The service's name, e.g. `health` or `public-security-system`: the `service` label of its series. */
  service: string;
  /** Gauges read from the service's store at each scrape; default none. */
  gauges?: StoreGauge[];
  /**
   * Metrics the service updates itself (counters, histograms), created with `registers: []`: they are
   * registered in the service's registry here. Default none.
   */
  metrics?: Metric[];
  /**
   * The token a scraper must send as `Authorization: Bearer <token>` (see {@link readScrapeToken}).
   * Without one `/metrics` is open to anyone who can reach it: development only.
   */
  scrapeToken?: string;
}

/** Adds `/metrics` to a server: the process metrics, the given gauges and metrics, all labelled `service`. */
export function serveMetrics(app: FastifyInstance, options: ServeMetricsOptions): Registry {
  const registry = serviceRegistry(options.service);
  for (const gauge of options.gauges ?? []) registerStoreGauge(registry, gauge);
  for (const metric of options.metrics ?? []) registry.registerMetric(metric);
  app.get('/metrics', { onRequest: requireScrapeToken(options.scrapeToken) }, async (_request, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );
  return registry;
}

/** The SHA-256 of a token: equal-length values for `timingSafeEqual`, whatever was sent. */
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * A hook for a `/metrics` route that answers 401 `UNAUTHENTICATED` unless the request carries
 * `Authorization: Bearer <scrapeToken>`, comparing in constant time so the answer's timing tells
 * nothing of the token. Without a token it lets every request through.
 */
export function requireScrapeToken(scrapeToken: string | undefined): onRequestAsyncHookHandler {
  if (scrapeToken === undefined) return async () => {};
  const expected = digestOf(scrapeToken);
  return async (request, reply) => {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (sent !== undefined && timingSafeEqual(digestOf(sent), expected)) return;
    await reply
      .status(401)
      .header('www-authenticate', 'Bearer')
      .send({
        error: {
          code: 'UNAUTHENTICATED',
          message: sent
            ? 'the scrape token is not the one configured'
            : 'metrics are served to a scraper sending Authorization: Bearer <scrape token>',
        },
      });
  };
}

/** The shortest scrape token accepted: guessing one must be hopeless. */
export const MIN_SCRAPE_TOKEN_LENGTH = 32;

/**
 * The scrape token `/metrics` requires: the contents of the file `METRICS_TOKEN_FILE` names, trimmed,
 * at least {@link MIN_SCRAPE_TOKEN_LENGTH} characters with no spaces. In production the variable is
 * required, so metrics are never open by omission; in development, unset, metrics are open
 * (`undefined`).
 *
 * @throws Error naming `METRICS_TOKEN_FILE` when it is unset in production, its file cannot be read,
 *   or the token is too short or holds spaces
 */
export function readScrapeToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.METRICS_TOKEN_FILE;
  if (!file) {
    if (!isProduction(env)) return undefined;
    throw new Error(
      'METRICS_TOKEN_FILE is required in production: a file holding the token Prometheus sends to scrape /metrics (or set NODE_ENV=development)',
    );
  }
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`METRICS_TOKEN_FILE names ${file}, which cannot be read: ${(error as Error).message}`);
  }
  if (token.length < MIN_SCRAPE_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(
      `METRICS_TOKEN_FILE must hold one token of at least ${MIN_SCRAPE_TOKEN_LENGTH} characters without spaces; ${file} holds ${token.length} characters${/\s/.test(token) ? ' with spaces' : ''}`,
    );
  }
  return token;
}
