import { describe, expect, it } from 'vitest';
import { buildSubgraph } from '../health/server.ts';
import { executeOperation } from './testing.ts';
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
    expect(served.body).toMatch(/^process_cpu_seconds_total\{service="health"\} /m);
  });
});

describe('a subgraph called by services', () => {
  const subgraph = setUpTestSubgraph((auth) =>
    buildSubgraph({ departmentSystemUrl: 'http://health-api.invalid', trust: auth.trustFor('health') }),
  );
  const SDL = '{ _service { sdl } }';
  const asService = (service: string) =>
    subgraph.auth.authentication
      .trustFor(service)
      .signer.delegate('health', { kind: 'service', service, actingFor: null, applicationId: null })
      .then((token) => ({ authorization: `Bearer ${token}` }));

  it('shows its SDL, with the @inaccessible acts, to the gateway', async () => {
    const response = await subgraph.ask(null, SDL);
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response.data)).toContain('issueBirthCertificate');
  });

  it('refuses its SDL to the service-center, which may call its acts: 403 FORBIDDEN, nothing disclosed', async () => {
    const response = await executeOperation(subgraph.app, SDL, {}, await asService('service-center'));
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CALLER_NOT_ALLOWED',
    });
  });

  it.each([
    ['no token', async () => ({})],
    ['a token that is no JWT', async () => ({ authorization: 'Bearer nope' })],
    [
      'the identity provider’s own token',
      async () => ({
        authorization: `Bearer ${await subgraph.auth.issuer.mint({ kind: 'citizen', citizenId: '500103198910149170' })}`,
      }),
    ],
  ])('refuses %s with 401 UNAUTHENTICATED, before anything is read', async (_, headers) => {
    const response = await subgraph.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: '', ...(await headers()) },
      payload: { query: SDL },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a delegation the gateway signed for another subgraph: 401', async () => {
    const token = await subgraph.auth.authentication
      .trustFor('gateway')
      .signer.delegate('education', { kind: 'citizen', citizenId: '500103198910149170' });
    const response = await executeOperation(subgraph.app, SDL, {}, { authorization: `Bearer ${token}` });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'WRONG_ISSUER_OR_AUDIENCE',
    });
  });
});
