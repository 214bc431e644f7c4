/**
 * Prometheus metrics for the subgraphs and department systems (prom-client): each server has its own
 * registry with the process metrics, plus gauges a service adds for what it alone knows (the
 * service-center's applications by status, public security's outbox backlog). Served at `/metrics`.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** A gauge read from the service's own store when Prometheus scrapes. */
export interface StoreGauge {
  name: string;
  help: string;
  labelNames: string[];
  /** The current values, one per label combination. */
  read: () => Array<{ labels: Record<string, string>; value: number }>;
}

/** Adds `/metrics` to a server: process metrics prefixed `onething_<service>_`, and the given gauges. */
export function serveMetrics(app: FastifyInstance, service: string, gauges: StoreGauge[] = []): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `onething_${service.replaceAll('-', '_')}_` });
  for (const gauge of gauges) {
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      labelNames: gauge.labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, value } of gauge.read()) this.set(labels, value);
      },
    });
  }
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );
  return registry;
}
