import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { buildGateway, type Gateway, type GatewayOptions } from './server.ts';

const SCRAPE_TOKEN = 'gateway-scrape-7d1e0c4b9a8f6e5d4c3b2a1f0e9d8c7b';

/** Every subgraph at a host that never resolves: these tests need no subgraph to answer. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

async function gatewayWith(options: Partial<GatewayOptions> = {}): Promise<Gateway> {
  gateway = await buildGateway({
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: UNREACHABLE_SUBGRAPHS,
    ...options,
  });
  return gateway;
}

function scrape({ app }: Gateway, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: '/metrics', headers });
}

describe('the gateway’s /metrics behind a scrape token', () => {
  it('answers 401 UNAUTHENTICATED without the token, and with a wrong one', async () => {
    const built = await gatewayWith({ scrapeToken: SCRAPE_TOKEN });
    const wrong = { authorization: `Bearer ${SCRAPE_TOKEN.toUpperCase()}` };
    for (const headers of [{}, wrong] as Array<Record<string, string>>) {
      const response = await scrape(built, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      expect(response.body).not.toMatch(/onething_gateway|process_cpu/);
    }
  });

  it('serves the metrics with the token', async () => {
    const response = await scrape(await gatewayWith({ scrapeToken: SCRAPE_TOKEN }), {
      authorization: `Bearer ${SCRAPE_TOKEN}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^process_cpu_seconds_total\{service="gateway"\} /m);
  });

  it('is open without a configured token (development)', async () => {
    const response = await scrape(await gatewayWith());
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^process_cpu_seconds_total\{service="gateway"\} /m);
  });
});

/** Sends `query` to the gateway; the answer does not matter here, only how it is counted. */
async function send({ app }: Gateway, query: string): Promise<void> {
  await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query },
  });
}

/** The `operation` labels of `onething_gateway_requests_total`, with their counts summed over outcomes. */
async function requestsByOperation(built: Gateway): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const text = (await scrape(built)).body;
  for (const [, operation, value] of text.matchAll(
    /^onething_gateway_requests_total\{operation="([^"]*)",outcome="[^"]*",service="gateway"\} (\d+)$/gm,
  )) {
    counts[operation as string] = (counts[operation as string] ?? 0) + Number(value);
  }
  return counts;
}

describe('the operation label', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onething-safelist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is `other` for every name the gateway does not know: 50 names make one series', async () => {
    const built = await gatewayWith();
    for (let i = 0; i < 50; i++) await send(built, `query Invented${i} { __typename }`);
    expect(await requestsByOperation(built)).toEqual({ other: 50 });
  });

  it('keeps the name of an example operation', async () => {
    const built = await gatewayWith();
    await send(built, 'query SchoolDistrictLookup { __typename }');
    await send(built, 'query CitizenProfile { __typename }');
    await send(built, 'query Invented { __typename }');
    expect(await requestsByOperation(built)).toEqual({
      SchoolDistrictLookup: 1,
      CitizenProfile: 1,
      other: 1,
    });
  });

  it('knows only the safelist’s operations when the gateway has one', async () => {
    const registered = 'query Registered { __typename }';
    const id = createHash('sha256').update(registered).digest('hex');
    const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [] as unknown[] };
    manifest.operations.push({ id, name: 'Registered', type: 'query', body: registered });
    writeFileSync(path.join(dir, 'persisted-query-manifest.json'), JSON.stringify(manifest));
    const built = await gatewayWith({ safelistDir: dir });
    await send(built, registered);
    // An example's name, not on this safelist (and refused by it).
    await send(built, 'query CitizenProfile { __typename }');
    for (let i = 0; i < 50; i++) await send(built, `query Invented${i} { __typename }`);
    expect(await requestsByOperation(built)).toEqual({ Registered: 1, other: 51 });
  });

  it('is `anonymous` for an operation without a name', async () => {
    const built = await gatewayWith();
    await send(built, '{ __typename }');
    expect(await requestsByOperation(built)).toEqual({ anonymous: 1 });
  });
});
