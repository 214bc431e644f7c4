import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
const PERSON = 'query($id: CitizenId!) { person(citizenId: $id) { name } }';

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bearer tokens', () => {
  it('accepts a token from the configured issuer', async () => {
    const token = await system.authentication.issuer.mint({
      kind: 'citizen',
      citizenId: scenarios.citizens.profile,
    });
    const response = await graphql(
      system.gatewayUrl as string,
      PERSON,
      { id: scenarios.citizens.profile },
      bearer(token),
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
  });

  it.each([
    [
      'expired',
      async () =>
        system.authentication.issuer.mint(
          { kind: 'citizen', citizenId: scenarios.citizens.profile },
          { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 60 },
        ),
      'EXPIRED',
    ],
    [
      'signed by an unknown key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT({})
          .setProtectedHeader({ alg: 'ES256', kid: 'someone-else' })
          .setSubject(scenarios.citizens.profile)
          .setIssuer('onething-dev')
          .setAudience('onething')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      'BAD_SIGNATURE',
    ],
    ['not a JWT', async () => 'not-a-token', 'MALFORMED'],
  ])('refuses a token that is %s with 401 UNAUTHENTICATED, asking no subgraph', async (_, make, reason) => {
    for (const { server } of system.departmentSystems.values()) server.calls.reset();
    const response = await graphql(
      system.gatewayUrl as string,
      PERSON,
      { id: scenarios.citizens.profile },
      bearer(await make()),
    );
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
    expect(system.departmentSystems.get('public-security')?.server.calls.count()).toBe(0);
  });

  it('is verified again by every subgraph: one reached directly with a forged token answers 401', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'onething-dev-forged' })
      .setSubject('staff:public-security')
      .setIssuer('onething-dev')
      .setAudience('onething')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const subgraph = system.subgraphs.get('public-security')?.url as string;
    const response = await graphql(subgraph, PERSON, { id: scenarios.citizens.profile }, bearer(forged));
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
