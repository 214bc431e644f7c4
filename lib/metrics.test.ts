import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readScrapeToken, serveMetrics, serviceRegistry } from './metrics.ts';

const TOKEN = 'scrape-4e1c2f9a7b3d5e6f8a0b1c2d3e4f5a6b';

const apps: FastifyInstance[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A server with `/metrics` as a department's, behind `scrapeToken` when given. */
function metricsServer(scrapeToken?: string): FastifyInstance {
  const app = Fastify();
  serveMetrics(app, {
    service: 'test-system',
    scrapeToken,
    gauges: [{ name: 'onething_test_backlog', help: 'A backlog.', labelNames: [], read: () => [] }],
  });
  apps.push(app);
  return app;
}

function scrape(app: FastifyInstance, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: '/metrics', headers });
}

describe('/metrics behind a scrape token', () => {
  it('answers 401 UNAUTHENTICATED to a scraper without the token, telling nothing', async () => {
    const response = await scrape(metricsServer(TOKEN));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    expect(response.body).not.toMatch(/onething_/);
  });

  it.each([
    ['another token', `Bearer ${TOKEN.replace(/.$/, 'x')}`],
    ['the token with a suffix', `Bearer ${TOKEN}x`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 10)}`],
    ['the token under another scheme', `Basic ${TOKEN}`],
    ['the bare token', TOKEN],
  ])('answers 401 to %s', async (_case, authorization) => {
    const response = await scrape(metricsServer(TOKEN), { authorization });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
    expect(response.body).not.toMatch(/onething_/);
  });

  it('serves the metrics to a scraper with the token', async () => {
    const response = await scrape(metricsServer(TOKEN), { authorization: `Bearer ${TOKEN}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^process_cpu_seconds_total\{service="test-system"\} /m);
    expect(response.body).toMatch(/# HELP onething_test_backlog A backlog\./);
  });

  it('is open without a configured token (development)', async () => {
    const response = await scrape(metricsServer());
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^process_cpu_seconds_total\{service="test-system"\} /m);
  });
});

/** The sample lines of an exposition (no comments). */
function samplesOf(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('a service’s registry', () => {
  it('has the process metrics under their standard names, as stock Node.js dashboards query them', async () => {
    const names = (await serviceRegistry('health-system').getMetricsAsJSON()).map((metric) => metric.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds',
      ]),
    );
    // Beside them only the spans the process could not export (`lib/tracing/metrics.ts`).
    expect(names.filter((name) => !/^(process|nodejs)_/.test(name))).toEqual([
      'onething_otel_spans_dropped_total',
    ]);
  });

  it('labels every series with the service, those the service adds included', async () => {
    const app = Fastify();
    apps.push(app);
    const served = new Counter({ name: 'onething_test_served_total', help: 'Served.', registers: [] });
    served.inc();
    serveMetrics(app, {
      service: 'public-security-system',
      metrics: [served],
      gauges: [
        {
          name: 'onething_test_backlog',
          help: 'A backlog.',
          labelNames: ['subscriber'],
          read: () => [{ labels: { subscriber: 'health' }, value: 3 }],
        },
      ],
    });
    const samples = samplesOf((await scrape(app)).body);
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((line) => !line.includes('service="public-security-system"'))).toEqual([]);
    expect(samples).toContain('onething_test_served_total{service="public-security-system"} 1');
    expect(samples).toContain(
      'onething_test_backlog{subscriber="health",service="public-security-system"} 3',
    );
  });

  it('leaves a gauge whose store does not answer empty, and still serves the rest', async () => {
    const app = Fastify();
    apps.push(app);
    serveMetrics(app, {
      service: 'service-center',
      gauges: [
        {
          name: 'onething_test_backlog',
          help: 'A backlog.',
          labelNames: ['subscriber'],
          read: () => Promise.reject(new Error('connection terminated')),
        },
      ],
    });
    const response = await scrape(app);
    expect(response.statusCode).toBe(200);
    expect(samplesOf(response.body).some((line) => line.startsWith('onething_test_backlog'))).toBe(false);
    expect(response.body).toMatch(/^process_resident_memory_bytes\{service="service-center"\} /m);
  });

  it('starts the process metrics’ monitors once per service, however often its server is built again', () => {
    const lag = (service: string) => serviceRegistry(service).getSingleMetric('nodejs_eventloop_lag_seconds');
    expect(lag('education-system')).toBeDefined();
    expect(lag('education-system')).toBe(lag('education-system'));
    expect(lag('education-system')).not.toBe(lag('education'));
  });

  it('refuses a name that is no service name, saying what was expected', () => {
    for (const name of ['', 'Health', 'health system', 'health_system', '-health']) {
      expect(() => serviceRegistry(name)).toThrow(
        /named after its service, lowercase words joined by dashes/,
      );
    }
  });
});

describe('readScrapeToken', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-metrics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tokenFile(contents: string): string {
    const file = path.join(dir, `token-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, contents);
    return file;
  }

  it('reads the token from METRICS_TOKEN_FILE, trimmed', () => {
    const file = tokenFile(`  ${TOKEN}\n`);
    expect(readScrapeToken({ NODE_ENV: 'production', METRICS_TOKEN_FILE: file })).toBe(TOKEN);
    expect(readScrapeToken({ NODE_ENV: 'development', METRICS_TOKEN_FILE: file })).toBe(TOKEN);
  });

  it('requires METRICS_TOKEN_FILE in production, whatever NODE_ENV says if not development', () => {
    for (const NODE_ENV of ['production', undefined, 'prod', 'staging']) {
      expect(() => readScrapeToken({ NODE_ENV })).toThrow(/METRICS_TOKEN_FILE is required in production/);
    }
  });

  it('leaves metrics open in development when METRICS_TOKEN_FILE is unset', () => {
    expect(readScrapeToken({ NODE_ENV: 'development' })).toBeUndefined();
    expect(readScrapeToken({ NODE_ENV: 'test', METRICS_TOKEN_FILE: '' })).toBeUndefined();
  });

  it('refuses a token shorter than 32 characters or with spaces, naming the variable', () => {
    const short = tokenFile(`${'a'.repeat(31)}\n`);
    expect(() => readScrapeToken({ NODE_ENV: 'production', METRICS_TOKEN_FILE: short })).toThrow(
      /METRICS_TOKEN_FILE must hold one token of at least 32 characters.*holds 31 characters/,
    );
    const spaced = tokenFile(`${'a'.repeat(20)} ${'b'.repeat(20)}`);
    expect(() => readScrapeToken({ NODE_ENV: 'development', METRICS_TOKEN_FILE: spaced })).toThrow(
      /METRICS_TOKEN_FILE.*with spaces/,
    );
  });

  it('refuses a file that cannot be read, naming the variable and the file', () => {
    const missing = path.join(dir, 'missing');
    expect(() => readScrapeToken({ NODE_ENV: 'production', METRICS_TOKEN_FILE: missing })).toThrow(
      `METRICS_TOKEN_FILE names ${missing}, which cannot be read`,
    );
  });
});
