import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDeploymentKeys } from './deploymentKeys.ts';
import type { Identity } from './identity.ts';
import { TokenIssuer } from './issuer.ts';
import { createTestDeployment, TEST_ISSUER } from './testing.ts';
import { TokenVerifier } from './tokens.ts';

const SERVICES = [
  'gateway',
  'service-center',
  'health',
  'education',
  'health-system',
  'public-security-system',
];
const deployment = await createTestDeployment(SERVICES);
const CITIZEN: Identity = { kind: 'citizen', citizenId: '500103198910149170' };
const SERVICE_CENTER: Identity = {
  kind: 'service',
  service: 'service-center',
  actingFor: '500103198910149170',
  applicationId: 'NB-20261120-000001',
};
const bearer = (token: string) => `Bearer ${token}`;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('delegations between services', () => {
  it('carry the caller, the identity it acts for and the purpose to the one callee', async () => {
    const token = await deployment
      .trustFor('gateway')
      .signer.delegate('health', CITIZEN, 'operation CitizenProfile');
    await expect(
      deployment.trustFor('health').delegations.verify(bearer(token), ['gateway', 'service-center']),
    ).resolves.toEqual({ caller: 'gateway', identity: CITIZEN, purpose: 'operation CitizenProfile' });
  });

  it('are refused at any other service: a token for health is no token for education', async () => {
    const token = await deployment.trustFor('gateway').signer.delegate('health', CITIZEN);
    await expect(
      deployment.trustFor('education').delegations.verify(bearer(token), ['gateway']),
    ).rejects.toMatchObject({ problem: 'WRONG_ISSUER_OR_AUDIENCE', status: 401 });
  });

  it('are refused, 403, from a service not allowed to call', async () => {
    const token = await deployment.trustFor('education').signer.delegate('health-system', CITIZEN);
    await expect(
      deployment.trustFor('health-system').delegations.verify(bearer(token), ['health']),
    ).rejects.toMatchObject({ problem: 'CALLER_NOT_ALLOWED', status: 403 });
  });

  it('limit each key to its subjects: the gateway never acts for a service, the service-center only as itself', async () => {
    expect(() => deployment.trustFor('gateway').signer.delegate('health', SERVICE_CENTER)).toThrow(
      /may not act for service:service-center/,
    );
    expect(() => deployment.trustFor('service-center').signer.delegate('health', CITIZEN)).toThrow(
      /may not act for/,
    );
    // A signature made anyway, by hand, with the gateway's key on the service-center's identity.
    const forged = await deployment
      .trustFor('gateway')
      .signer.sign(
        { sub: 'service:service-center', act_for: CITIZEN.kind === 'citizen' ? CITIZEN.citizenId : '' },
        { audience: 'health', type: 'onething-delegation+jwt', ttlSeconds: 60 },
      );
    await expect(
      deployment.trustFor('health').delegations.verify(bearer(forged), ['gateway', 'service-center']),
    ).rejects.toMatchObject({ problem: 'SUBJECT_NOT_ALLOWED', status: 403 });
  });

  it('are refused when the key that signed is not the issuer’s, or of another deployment', async () => {
    const elsewhere = await createTestDeployment(SERVICES);
    const foreign = await elsewhere.trustFor('gateway').signer.delegate('health', CITIZEN);
    await expect(
      deployment.trustFor('health').delegations.verify(bearer(foreign), ['gateway']),
    ).rejects.toMatchObject({ problem: 'BAD_SIGNATURE' });
    // Education's own key, on a token that says the gateway signed it.
    const educationKey = deployment.keys.services.education as JWK;
    const claimingGateway = await new SignJWT({ sub: '500103198910149170' })
      .setProtectedHeader({ alg: 'ES256', kid: educationKey.kid as string, typ: 'onething-delegation+jwt' })
      .setIssuer('gateway')
      .setAudience('health')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(await importJWK(educationKey, 'ES256'));
    await expect(
      deployment.trustFor('health').delegations.verify(bearer(claimingGateway), ['gateway']),
    ).rejects.toMatchObject({ problem: 'BAD_SIGNATURE' });
  });

  it('are refused without credentials (401), and an identity-provider token is no delegation', async () => {
    await expect(
      deployment.trustFor('health').delegations.verify(undefined, ['gateway']),
    ).rejects.toMatchObject({
      problem: 'NO_CREDENTIALS',
      status: 401,
    });
    const clientToken = await deployment.issuer.mint(CITIZEN);
    await expect(
      deployment.trustFor('health').delegations.verify(bearer(clientToken), ['gateway']),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('the identity provider’s tokens at the gateway', () => {
  const verifier = deployment.trustFor('gateway').clients as TokenVerifier;

  it('are refused when they live longer than the maximum age, however well signed', async () => {
    const tenYears = await deployment.issuer.mint(CITIZEN, { ttlSeconds: 10 * 365 * 86_400 });
    await expect(verifier.identityOf(bearer(tenYears))).rejects.toMatchObject({ problem: 'TOO_OLD' });
    const day = await deployment.issuer.mint(CITIZEN, { ttlSeconds: 3600 });
    await expect(verifier.identityOf(bearer(day))).resolves.toEqual(CITIZEN);
  });

  it('stop verifying once their key is removed from the key set file, within its refresh interval', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onething-jwks-'));
    dirs.push(dir);
    const keys = await generateDeploymentKeys([]);
    const file = path.join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(keys.identityProvider.publicKeys));
    const fileVerifier = new TokenVerifier(
      { file },
      { issuer: TEST_ISSUER, audience: 'onething', keyRefreshSeconds: 0 },
    );
    const token = await new TokenIssuer(keys.identityProvider.privateKey, TEST_ISSUER, 'onething').mint(
      CITIZEN,
    );
    await expect(fileVerifier.identityOf(bearer(token))).resolves.toEqual(CITIZEN);
    writeFileSync(file, JSON.stringify({ keys: [] }));
    await expect(fileVerifier.identityOf(bearer(token))).rejects.toMatchObject({ problem: 'BAD_SIGNATURE' });
  });

  it('never carry a service of the graph: the identity provider does not sign one', async () => {
    await expect(deployment.issuer.mint(SERVICE_CENTER)).rejects.toThrow(/not service:service-center/);
  });
});
