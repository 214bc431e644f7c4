import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
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
      expect(response.body).not.toMatch(/onething_gateway/);
    }
  });

  it('serves the metrics with the token', async () => {
    const response = await scrape(await gatewayWith({ scrapeToken: SCRAPE_TOKEN }), {
      authorization: `Bearer ${SCRAPE_TOKEN}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/onething_gateway_process_cpu_seconds_total/);
  });

  it('is open without a configured token (development)', async () => {
    const response = await scrape(await gatewayWith());
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/onething_gateway_process_cpu_seconds_total/);
  });
});
