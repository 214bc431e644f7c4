/**
 * Traces end to end (issue 17): a production deployment — every service its own process — exports
 * its spans by OTLP/HTTP (JSON) to a collector this test runs, and
 *
 * - a `CitizenProfile` query is ONE trace: the gateway's span, a client span for each subgraph it
 *   fetched from with that subgraph's server span under it, and under each subgraph's call to its
 *   department system that system's server span — each service under its own `service.name`;
 * - a `registerNewborn` is one trace too: under the service-center's span the errand, a span per
 *   step, and the department acts (the birth certificate, the hukou registration, …) in the
 *   departments' systems;
 * - span names are route templates, the stable HTTP and GraphQL attributes are there, and no span
 *   name or attribute holds a citizen ID;
 * - a department system's log lines carry the trace id of the request they were written for.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../lib/auth/purpose.ts';
import { eventually } from './support/eventually.ts';
import { exampleOperations } from './support/operations.ts';
import { httpsRequest, type ProductionDeployment, startProductionDeployment } from './support/production.ts';

/** One span as the collector received it, with its service's resource. */
interface ReceivedSpan {
  service: string;
  instance: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

const SERVER = 2;
const CLIENT = 3;

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
type OtlpAttribute = { key: string; value: OtlpValue };

function attributesOf(list: OtlpAttribute[] = []): ReceivedSpan['attributes'] {
  return Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.boolValue ??
        value.doubleValue ??
        '',
    ]),
  ) as ReceivedSpan['attributes'];
}

/** An OTLP/HTTP JSON receiver on port 0: what a collector is to the deployment. */
async function startCollector() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: OtlpAttribute[] };
          scopeSpans: Array<{
            spans: Array<
              Omit<ReceivedSpan, 'service' | 'instance' | 'attributes'> & { attributes: OtlpAttribute[] }
            >;
          }>;
        }>;
      };
      for (const { resource, scopeSpans } of parsed.resourceSpans) {
        const own = attributesOf(resource.attributes);
        for (const { spans: received } of scopeSpans)
          for (const span of received)
            spans.push({
              ...span,
              parentSpanId: span.parentSpanId ?? '',
              service: String(own['service.name']),
              instance: String(own['service.instance.id']),
              attributes: attributesOf(span.attributes),
            });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let collector: Awaited<ReturnType<typeof startCollector>>;
let deployment: ProductionDeployment;
const logLines: Array<{ service: string; line: string }> = [];

beforeAll(async () => {
  collector = await startCollector();
  deployment = await startProductionDeployment({
    configure: (env) => {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
      env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
      env.OTEL_BSP_SCHEDULE_DELAY = '100';
      env.LOG_LEVEL = 'info';
    },
    onOutput: (service, line) => {
      logLines.push({ service, line });
    },
  });
}, 180_000);

afterAll(async () => {
  await deployment?.stop();
  await collector?.close();
});

/** Runs an example operation of schema/operations through the production gateway, as its identity. */
async function runExample(name: string) {
  const operation = exampleOperations().find((example) => example.name === name);
  if (!operation) throw new Error(`no example operation ${name}`);
  const headers: Record<string, string> = {};
  if (operation.identity)
    headers.authorization = `Bearer ${await deployment.issuer.mint(parseIdentity(operation.identity))}`;
  if (operation.purpose) headers[PURPOSE_HEADER] = operation.purpose;
  const answer = await httpsRequest(deployment.system.gatewayUrl, {
    ca: deployment.ca,
    headers,
    body: { query: operation.query, variables: operation.variables },
    timeoutMs: 30_000,
  });
  expect(answer.json.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.json.data;
}

/** The gateway's span of the request for `operation`, once it arrived. */
async function gatewaySpanOf(operation: string): Promise<ReceivedSpan> {
  return eventually(
    () => {
      const span = collector.spans.find(
        (candidate) =>
          candidate.service === 'onething-gateway' &&
          candidate.kind === SERVER &&
          candidate.attributes['graphql.operation.name'] === operation,
      );
      return span;
    },
    { timeoutMs: 15_000, intervalMs: 200 },
    () => `no gateway span of ${operation} among ${collector.spans.length}`,
  );
}

const spansOfTrace = (traceId: string) => collector.spans.filter((span) => span.traceId === traceId);

/** The spans whose parent is `parent`. */
const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((span) => span.parentSpanId === parent.spanId);

/**
 * Every hop of a trace: each client span of one service has the server span of the service it
 * called as its child. Answers the services called.
 */
function expectEveryHopJoined(spans: ReceivedSpan[]): Set<string> {
  const called = new Set<string>();
  for (const client of spans.filter((span) => span.kind === CLIENT)) {
    const served = childrenOf(spans, client).filter((span) => span.kind === SERVER);
    expect(served, `${client.service} ${client.name} has no server span under it`).toHaveLength(1);
    for (const span of served) called.add(span.service);
  }
  return called;
}

/** Waits until the trace stops growing (every process's batch arrived). */
async function settledTrace(traceId: string, atLeast: number): Promise<ReceivedSpan[]> {
  let previous = -1;
  return eventually(
    () => {
      const spans = spansOfTrace(traceId);
      const grown = spans.length !== previous;
      previous = spans.length;
      return spans.length < atLeast || grown ? undefined : spans;
    },
    { timeoutMs: 20_000, intervalMs: 500 },
    () => `${previous} spans of ${traceId}`,
  );
}

const DEPARTMENTS = ['civil-affairs', 'health', 'public-security', 'education', 'medical-insurance'];

describe('one trace per request, a span for every hop', () => {
  it('a CitizenProfile: the gateway, each subgraph called and each department system behind it', async () => {
    await runExample('CitizenProfile');
    const root = await gatewaySpanOf('CitizenProfile');
    expect(root.parentSpanId).toBe('');
    expect(root.name).toBe('POST /graphql');
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'url.path': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'CitizenProfile',
      'server.address': '127.0.0.1',
    });
    const spans = await settledTrace(root.traceId, 1 + 2 * DEPARTMENTS.length);
    // One tree: every span but the gateway's has its parent in the trace.
    const ids = new Set(spans.map((span) => span.spanId));
    for (const span of spans) if (span !== root) expect(ids.has(span.parentSpanId), span.name).toBe(true);
    const called = expectEveryHopJoined(spans);
    for (const department of DEPARTMENTS) {
      expect(called).toContain(`onething-${department}-subgraph`);
      expect(called).toContain(`onething-${department}-system`);
    }
    // Department system spans are named by their routes, with the stable attributes.
    const batchGet = spans.find(
      (span) => span.service === 'onething-public-security-system' && span.kind === SERVER,
    );
    expect(batchGet?.name).toMatch(/^POST \/v1\/[a-z-]+\/batch-get$/);
    expect(batchGet?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
    expect(batchGet?.attributes['server.port']).toEqual(expect.any(Number));
    const call = childrenOf(spans, root).find((span) => span.kind === CLIENT);
    expect(call?.attributes['url.full']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    // Each process names itself apart.
    expect(new Set(spans.map((span) => span.instance)).size).toBe(new Set(spans.map((s) => s.service)).size);
    // A department system's log lines of this request carry its trace id.
    await eventually(
      () => {
        const line = logLines.find(
          ({ service, line }) =>
            service === 'public-security-system' && line.includes(`"trace_id":"${root.traceId}"`),
        );
        return line;
      },
      { timeoutMs: 5000, intervalMs: 200 },
    );
  });

  it('a registerNewborn: the errand, its steps and the department acts, in the request’s trace', async () => {
    await runExample('GrantConsent');
    const data = await runExample('RegisterNewborn');
    expect(data.registerNewborn.application.status).toBe('COMPLETED');
    const root = await gatewaySpanOf('RegisterNewborn');
    expect(root.attributes['graphql.operation.type']).toBe('mutation');
    const spans = await settledTrace(root.traceId, 20);
    expectEveryHopJoined(spans);
    const errand = spans.find(
      (span) => span.service === 'onething-service-center-subgraph' && span.name === 'errand newborn',
    );
    expect(errand, 'the errand span').toBeDefined();
    const steps = childrenOf(spans, errand as ReceivedSpan).filter((span) => span.name.startsWith('step '));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    for (const step of steps)
      expect(step.attributes['onething.errand.step.status']).toMatch(/^(DONE|SKIPPED)$/);
    const acts = spans
      .filter((span) => span.kind === SERVER && span.service.endsWith('-system'))
      .map((span) => `${span.service} ${span.name}`);
    expect(acts).toEqual(
      expect.arrayContaining([
        'onething-health-system POST /v1/birth-certificates',
        'onething-health-system POST /v1/vaccination-records',
        'onething-public-security-system POST /v1/birth-registrations',
        'onething-education-system POST /v1/school-age-registrations',
        'onething-medical-insurance-system POST /v1/newborn-enrolments',
      ]),
    );
    // Each act hangs under a step span of the service-center (step → subgraph → department system).
    const stepIds = new Set(steps.map((step) => step.spanId));
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const underStep = (span: ReceivedSpan | undefined): boolean =>
      !!span && (stepIds.has(span.spanId) || underStep(byId.get(span.parentSpanId)));
    const certificate = spans.find(
      (span) => span.name === 'POST /v1/birth-certificates' && span.kind === SERVER,
    );
    expect(underStep(certificate)).toBe(true);
  });

  it('no span name or attribute holds a citizen ID', async () => {
    expect(collector.spans.length).toBeGreaterThan(0);
    const citizenId = /\d{17}[\dX]/i;
    for (const span of collector.spans) {
      expect(span.name).not.toMatch(citizenId);
      for (const [key, value] of Object.entries(span.attributes))
        expect(`${key}=${value}`, `${span.service} ${span.name}`).not.toMatch(citizenId);
    }
  });
});
