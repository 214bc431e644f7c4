import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../lib/auth/identity.ts';
import { composeCitizenId } from '../lib/citizenId.ts';
import { citizen, createTestAuthentication, type TestAuthentication } from '../subgraphs/kit/testing.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { readGatewayConfig } from './config.ts';
import { rateLimitKeys, trustProxyOf } from './rateLimit.ts';
import { buildGateway, type Gateway } from './server.ts';

/** Every subgraph at a host that never resolves: `{ __typename }` needs none of them. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

/** The load balancer's address, as the gateway sees the connection. */
const PROXY = '10.0.0.2';

let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

/** A gateway allowing two requests a minute per caller, behind `trustedProxyHops` trusted proxies. */
async function gatewayBehind(trustedProxyHops: number): Promise<Gateway> {
  gateway = await buildGateway({
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: UNREACHABLE_SUBGRAPHS,
    rateLimit: { perMinute: 2 },
    trustedProxyHops,
  });
  return gateway;
}

/** The status of an anonymous request arriving from `PROXY` with `X-Forwarded-For: forwardedFor`. */
async function statusOf({ app }: Gateway, forwardedFor: string): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: PROXY,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    payload: { query: '{ __typename }' },
  });
  return response.statusCode;
}

describe('the rate limit per caller behind load balancers', () => {
  it('trusting no proxy, counts a client by its connection, whatever X-Forwarded-For it forges', async () => {
    const built = await gatewayBehind(0);
    expect(await statusOf(built, '198.51.100.1')).toBe(200);
    expect(await statusOf(built, '198.51.100.2')).toBe(200);
    expect(await statusOf(built, '198.51.100.3')).toBe(429);
  });

  it('trusting one proxy, counts each client by the address that proxy saw', async () => {
    const built = await gatewayBehind(1);
    expect(await statusOf(built, '198.51.100.1')).toBe(200);
    expect(await statusOf(built, '198.51.100.1')).toBe(200);
    expect(await statusOf(built, '198.51.100.1')).toBe(429);
    expect(await statusOf(built, '198.51.100.2')).toBe(200);
    // A client writing addresses of its own gets the proxy's entry for it appended: still itself.
    expect(await statusOf(built, '203.0.113.7, 198.51.100.1')).toBe(429);
    expect(await statusOf(built, '203.0.113.8, 198.51.100.2')).toBe(200);
    expect(await statusOf(built, '203.0.113.9, 198.51.100.2')).toBe(429);
  });

  it('refuses a hop count it cannot trust', () => {
    expect(trustProxyOf(0)).toBe(false);
    expect(() => trustProxyOf(-1)).toThrow(/trustedProxyHops must be a whole number 0–10, got -1/);
    expect(() => trustProxyOf(1.5)).toThrow(/trustedProxyHops/);
    expect(() => trustProxyOf(11)).toThrow(/trustedProxyHops/);
  });
});

describe('the rate-limit key of a caller', () => {
  let auth: TestAuthentication;
  beforeAll(async () => {
    auth = await createTestAuthentication();
  });

  const requestFrom = (ip: string, headers: Record<string, string> = {}) =>
    ({ ip, headers }) as unknown as FastifyRequest;

  it('is the verified subject of a signed-in caller, from whichever address it comes', async () => {
    const keyOf = rateLimitKeys(auth.authentication.verifier);
    const token = await auth.issuer.mint(
      citizen(
        composeCitizenId({ divisionCode: '500103', birthDate: '1992-04-18', sequence: 22, sex: 'FEMALE' }),
      ),
    );
    const headers = { authorization: `Bearer ${token}` };
    const first = await keyOf(requestFrom('198.51.100.1', headers));
    expect(first).toMatch(/^subject:/);
    expect(await keyOf(requestFrom('198.51.100.2', headers))).toBe(first);
  });

  it('is each staff member’s own, not one budget for a department’s desk', async () => {
    const keyOf = rateLimitKeys(auth.authentication.verifier);
    const clerk = async (employeeId: string) => ({
      authorization: `Bearer ${await auth.issuer.mint(parseIdentity(`staff:health/${employeeId}:health:read`))}`,
    });
    const first = await keyOf(requestFrom('198.51.100.1', await clerk('E1024')));
    const second = await keyOf(requestFrom('198.51.100.1', await clerk('E2048')));
    expect(first).toBe('subject:staff:health/E1024');
    expect(second).toBe('subject:staff:health/E2048');
  });

  it('is the address of an anonymous caller, or of one whose token does not verify', async () => {
    const keyOf = rateLimitKeys(auth.authentication.verifier);
    expect(await keyOf(requestFrom('198.51.100.1'))).toBe('address:198.51.100.1');
    expect(await keyOf(requestFrom('198.51.100.1', { authorization: 'Bearer forged' }))).toBe(
      'address:198.51.100.1',
    );
  });
});

describe('gateway configuration of trusted proxies and where it listens', () => {
  it('trusts no proxy by default, and up to 10 hops when told', () => {
    expect(readGatewayConfig({}).trustedProxyHops).toBe(0);
    expect(readGatewayConfig({ GATEWAY_TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
    for (const bad of ['-1', '11', 'one', '1.5']) {
      expect(() => readGatewayConfig({ GATEWAY_TRUSTED_PROXY_HOPS: bad })).toThrow(
        /GATEWAY_TRUSTED_PROXY_HOPS must be a whole number 0–10/,
      );
    }
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect(readGatewayConfig({}).host).toBe('127.0.0.1');
    expect(readGatewayConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
