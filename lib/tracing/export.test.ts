import { once } from 'node:events';
import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureTracing, droppedSpans } from '../tracing.ts';
import { readTracingSettings, TracingConfigError } from './export.ts';
import { registerSpanDropMetric } from './metrics.ts';
import { traceRequests } from './requestSpans.ts';

/** A collector that takes connections and never answers: the worst a dead endpoint can do. */
async function blackHole(): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** An address where nothing listens (a port just freed). */
async function refusingUrl(): Promise<string> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

async function tracedApp(): Promise<FastifyInstance> {
  const app = Fastify();
  traceRequests(app, 'health-system');
  app.post('/v1/people/batch-get', async () => ({ items: [] }));
  await app.ready();
  return app;
}

describe('export to a dead collector', () => {
  let app: FastifyInstance | undefined;
  beforeEach(() => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_BSP_SCHEDULE_DELAY', '10');
    vi.stubEnv('OTEL_BSP_MAX_QUEUE_SIZE', '8');
    vi.stubEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '4');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '10000');
  });
  afterEach(async () => {
    await app?.close();
    vi.unstubAllEnvs();
    configureTracing({});
  });

  it('does not slow requests while the collector hangs, and counts the spans it drops', async () => {
    const collector = await blackHole();
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', collector.url);
      configureTracing();
      app = await tracedApp();
      const before = droppedSpans().queueFull;
      const started = performance.now();
      for (let i = 0; i < 60; i++) {
        const answer = await app.inject({ method: 'POST', url: '/v1/people/batch-get', payload: {} });
        expect(answer.statusCode).toBe(200);
      }
      const elapsed = performance.now() - started;
      // 60 requests while every export hangs for 10 s: none of them waited for it.
      expect(elapsed).toBeLessThan(5000);
      // At most 8 spans wait; the rest were dropped, and counted.
      expect(droppedSpans().queueFull - before).toBeGreaterThanOrEqual(60 - 8);
      const registry = new Registry();
      registerSpanDropMetric(registry);
      expect(await registry.metrics()).toMatch(
        /onething_otel_spans_dropped_total\{reason="queue_full"\} [1-9]/,
      );
    } finally {
      collector.close();
    }
  });

  it('counts the spans of a batch the collector refused', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', await refusingUrl());
    vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '300');
    configureTracing();
    app = await tracedApp();
    const before = droppedSpans().exportFailed;
    for (let i = 0; i < 3; i++)
      await app.inject({ method: 'POST', url: '/v1/people/batch-get', payload: {} });
    await vi.waitFor(() => expect(droppedSpans().exportFailed - before).toBe(3), {
      timeout: 5000,
      interval: 50,
    });
  });
});

describe('tracing settings', () => {
  it('exports by OTLP only when an endpoint is set, unless told otherwise', () => {
    expect(readTracingSettings({}).destinations).toEqual([]);
    expect(
      readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).destinations,
    ).toEqual(['otlp']);
    expect(
      readTracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })
        .destinations,
    ).toEqual(['otlp']);
    expect(readTracingSettings({ OTEL_TRACES_EXPORTER: 'console' }).destinations).toEqual(['console']);
    expect(
      readTracingSettings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })
        .destinations,
    ).toEqual([]);
    expect(readTracingSettings({ OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
  });

  it('stops start-up on a value it cannot use, naming the variable', () => {
    expect(() => readTracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL must be http\/json or http\/protobuf/,
    );
    expect(() => readTracingSettings({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(TracingConfigError);
    expect(() => readTracingSettings({ OTEL_BSP_MAX_QUEUE_SIZE: 'lots' })).toThrow(/OTEL_BSP_MAX_QUEUE_SIZE/);
    expect(() => readTracingSettings({ OTEL_SDK_DISABLED: 'yes' })).toThrow(/OTEL_SDK_DISABLED/);
  });
});
