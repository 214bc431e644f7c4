import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import { composeSupergraph } from '../scripts/schema/composition.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from './support/eventually.ts';
import { registerNewborn } from './support/newborn.ts';
import { exampleOperations, OPERATIONS_DIR } from './support/operations.ts';
import { AUDITOR, authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem | undefined;
let gateway: Gateway | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.app.close();
  await system?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  gateway = undefined;
  system = undefined;
  dir = undefined;
});

describe('health, readiness and metrics', () => {
  it('is alive and ready while every subgraph answers, and not ready naming the one that does not', async () => {
    system = await startTestSystem();
    const base = (system.gatewayUrl as string).replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { subgraphs: unknown }).subgraphs).toMatchObject({
      health: 'ok',
      'public-security': 'ok',
    });

    await system.subgraphs.get('education')?.server.app.close();
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { subgraphs: unknown }).subgraphs).toMatchObject({
      education: 'unreachable',
      health: 'ok',
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('counts requests by operation (a known one, else other) and outcome at /metrics', async () => {
    system = await startTestSystem();
    const lookup = exampleOperations().find((operation) => operation.name === 'SchoolDistrictLookup');
    const answered = await graphql(system.gatewayUrl as string, lookup?.query as string, lookup?.variables);
    expect(answered.errors).toBeUndefined();
    await graphql(
      system.gatewayUrl as string,
      'query SchoolList { schools(divisionCode: "500103") { name } }',
    );
    const metrics = await (await fetch((system.gatewayUrl as string).replace(/graphql$/, 'metrics'))).text();
    expect(metrics).toMatch(
      /onething_gateway_requests_total\{operation="SchoolDistrictLookup",outcome="ok",service="gateway"\} 1/,
    );
    expect(metrics).toMatch(
      /onething_gateway_requests_total\{operation="other",outcome="ok",service="gateway"\} 1/,
    );
    expect(metrics).not.toMatch(/SchoolList/);
    expect(metrics).toMatch(
      /onething_subgraph_fetch_duration_seconds_count\{service="gateway",subgraph="education"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /onething_subgraph_circuit_state\{subgraph="education",state="closed",service="gateway"\} 1/,
    );
  });
});

describe('supergraph hot reload', () => {
  it('serves a changed supergraph file without a restart or a dropped request, and keeps serving on a bad one', async () => {
    system = await startTestSystem({ withoutGateway: true });
    dir = mkdtempSync(path.join(tmpdir(), 'onething-supergraph-'));
    const file = path.join(dir, 'supergraph.graphql');
    copyFileSync(SUPERGRAPH_FILE, file);
    const rejected: Error[] = [];
    gateway = await buildGateway({
      supergraph: { file, pollIntervalMs: 50 },
      subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
      trust: system.authentication.trustFor('gateway'),
      reload: { onRejected: (error) => rejected.push(error) },
    });
    const url = `${await gateway.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
    const queryFields = async () =>
      (
        await graphql<{ __type: { fields: Array<{ name: string }> } }>(
          url,
          '{ __type(name: "Query") { fields { name } } }',
        )
      ).data?.__type.fields.map((field) => field.name) ?? [];
    expect(await queryFields()).not.toContain('reloadProbe');

    // A request in flight while the supergraph changes: public security answers slowly.
    system.departmentSystems
      .get('public-security')
      ?.server.faults.inject('POST /v1/people/batch-get', { kind: 'delay', ms: 800 }, 1);
    const auditor = await authorization(system, AUDITOR);
    const inFlight = graphql(
      url,
      'query($id: CitizenId!) { person(citizenId: $id) { name } }',
      { id: scenarios.citizens.profile },
      auditor,
    );

    const config = readSupergraphConfig();
    const education = config.subgraphs.find((s) => s.name === 'education');
    const sdl = readFileSync(education?.schemaFile as string, 'utf8').replace(
      'type Query {',
      'type Query {\n  """A field added to prove the gateway reloads its supergraph."""\n  reloadProbe: String\n',
    );
    const composed = composeSupergraph(config, { education: sdl });
    if (!composed.ok) throw new Error(composed.errors.join('\n'));
    writeFileSync(`${file}.new`, composed.supergraphSdl);
    renameSync(`${file}.new`, file);

    await eventually(async () => ((await queryFields()).includes('reloadProbe') ? true : undefined));
    const finished = await inFlight;
    expect(finished.errors).toBeUndefined();
    expect(finished.data).toMatchObject({ person: { name: expect.any(String) } });

    writeFileSync(file, 'this is not a supergraph');
    await eventually(async () => (rejected.length > 0 ? true : undefined));
    expect(await queryFields()).toContain('reloadProbe');
    const stillServing = await graphql(url, '{ schools(divisionCode: "500103") { name } }');
    expect(stillServing.errors).toBeUndefined();
  });
});

describe('persisted-document safelist', () => {
  it('runs the generated persisted documents, by id or by text, and refuses any other document', async () => {
    system = await startTestSystem({ withoutGateway: true });
    const generated = path.join(OPERATIONS_DIR, 'generated');
    gateway = await buildGateway({
      supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
      trust: system.authentication.trustFor('gateway'),
      safelistDir: generated,
    });
    const url = `${await gateway.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
    const text = readFileSync(path.join(OPERATIONS_DIR, 'SchoolDistrictLookup.graphql'), 'utf8');
    const variables = JSON.parse(
      readFileSync(path.join(OPERATIONS_DIR, 'SchoolDistrictLookup.variables.json'), 'utf8'),
    );

    // The file as written, comments and all: it prints like the listed document.
    const byText = await graphql<{ schoolDistrictForAddress: { name: string } }>(url, text, variables);
    expect(byText.errors).toBeUndefined();
    expect(byText.data?.schoolDistrictForAddress.name).toEqual(expect.any(String));

    // By the id Apollo's manifest gives it, without the text: the answer carries the __typename it lists.
    const manifest = JSON.parse(readFileSync(path.join(generated, 'persisted-query-manifest.json'), 'utf8'));
    const { id } = manifest.operations.find((o: { name: string }) => o.name === 'SchoolDistrictLookup');
    const byHash = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
    const answer = (await byHash.json()) as {
      errors?: unknown;
      data?: { schoolDistrictForAddress: unknown };
    };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.schoolDistrictForAddress).toMatchObject({ __typename: 'SchoolDistrict' });

    const unknown = createHash('sha256').update('query Unknown { __typename }').digest('hex');
    const notFound = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: `sha256:${unknown}` }),
    });
    const missing = (await notFound.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(missing.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const other = await graphql(url, '{ schools(divisionCode: "500103") { name } }');
    expect(other.status).toBe(400);
    expect(other.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');

    // In development the explorer still reads the schema; a query mixing data in is still refused.
    const schema = await graphql<{ __schema: { queryType: { name: string } } }>(
      url,
      '{ __schema { queryType { name } } }',
    );
    expect(schema.data?.__schema.queryType.name).toBe('Query');
    const mixed = await graphql(
      url,
      '{ __schema { queryType { name } } schools(divisionCode: "500103") { name } }',
    );
    expect(mixed.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
  });
});

describe('service metrics', () => {
  it('reports applications by status and errand latency at the service-center, the outbox backlog at public security, the process at every department system', async () => {
    system = await startTestSystem();
    const birth = scenarios.birthRecords.eligible.find(
      (id) =>
        !scenarios.birthRecords.twins.includes(id) && id !== scenarios.birthRecords.parentInOtherProvince,
    ) as string;
    const payload = (await registerNewborn(system.gatewayUrl as string, system.authentication.issuer, birth))
      .data?.registerNewborn;
    expect(payload?.application.status).toBe('COMPLETED');
    const serviceCenter = `${system.subgraphs.get('service-center')?.url}`.replace(/graphql$/, 'metrics');
    const center = await (await fetch(serviceCenter)).text();
    expect(center).toMatch(
      /onething_applications\{kind="NEWBORN",status="COMPLETED",service="service-center"\} 1/,
    );
    // The errand's run was timed once, as the one that completed it.
    expect(center).toMatch(
      /^onething_errand_duration_seconds_count\{service="service-center",kind="NEWBORN",outcome="COMPLETED"\} 1$/m,
    );
    // Every department system serves its process metrics, under its own service name.
    const health = await (await fetch(`${system.departmentSystems.get('health')?.url}/metrics`)).text();
    expect(health).toMatch(/^process_cpu_seconds_total\{service="health-system"\} /m);
    const publicSecurity = `${system.departmentSystems.get('public-security')?.url}/metrics`;
    const text = await (await fetch(publicSecurity)).text();
    expect(text).toContain('# TYPE onething_outbox_backlog gauge');
    expect(text).toMatch(/^process_resident_memory_bytes\{service="public-security-system"\} /m);
  });
});
