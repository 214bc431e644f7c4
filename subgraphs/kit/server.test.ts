import { describe, expect, it } from 'vitest';
import { buildSubgraph } from '../health/server.ts';
import { setUpTestSubgraph } from './testSubgraph.ts';

const SCRAPE_TOKEN = 'subgraph-scrape-0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('a subgraph’s /metrics with a scrape token', () => {
  const subgraph = setUpTestSubgraph((auth) =>
    buildSubgraph({
      departmentSystemUrl: 'http://health-api.invalid',
      trust: auth.trustFor('health'),
      scrapeToken: SCRAPE_TOKEN,
    }),
  );

  it('answers only the scraper sending the token', async () => {
    const scrape = (headers: Record<string, string>) =>
      subgraph.app.inject({ method: 'GET', url: '/metrics', headers });
    const refused = await scrape({});
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await scrape({ authorization: 'Bearer not-the-token' })).statusCode).toBe(401);
    const served = await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}` });
    expect(served.statusCode).toBe(200);
    expect(served.body).toMatch(/onething_health_process_cpu_seconds_total/);
  });
});
