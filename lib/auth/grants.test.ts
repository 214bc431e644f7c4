import { describe, expect, it } from 'vitest';
import type { Authentication } from './config.ts';
import { AccessGrants, GRANT_TOKEN_TYPE } from './grants.ts';
import { createTestDeployment } from './testing.ts';

const CHILD = '500103201811270017';
const PARENT = '500103198910149170';
const STRANGER = '110105194912310021';
const SERVICES = ['gateway', 'public-security', 'health', 'service-center'];

const deployment = await createTestDeployment(SERVICES);
const publicSecurity = deployment.trustFor('public-security').grants;
const health = deployment.trustFor('health').grants;

/** A token signed with `service`'s key of `at`, shaped as a grant. */
function signedBy(
  at: Authentication,
  service: string,
  claims: { sub: string; acc: string },
  ttlSeconds = 60,
) {
  return at.trustFor(service).signer.sign(claims, { type: GRANT_TOKEN_TYPE, ttlSeconds });
}

describe('AccessGrants', () => {
  it('lets the named reader read the named person, and no one else anyone else', async () => {
    const grant = await publicSecurity.grant(PARENT, CHILD);
    expect(await health.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await health.allows(grant, STRANGER, CHILD)).toBe(false);
    expect(await health.allows(grant, PARENT, STRANGER)).toBe(false);
    expect(await health.allows(null, PARENT, CHILD)).toBe(false);
  });

  it('is signed by public security alone: other departments verify grants but cannot sign one', async () => {
    expect(publicSecurity.canGrant).toBe(true);
    expect(health.canGrant).toBe(false);
    expect(() => health.grant(PARENT, CHILD)).toThrow(/only public-security signs/);
    expect(() => new AccessGrants(new (class {})() as never, deployment.trustFor('health').signer)).toThrow(
      /only public-security signs access grants/,
    );
  });

  it('refuses a grant signed by another department’s key, by another deployment, altered or expired', async () => {
    const byHealth = await signedBy(deployment, 'health', { sub: STRANGER, acc: CHILD });
    expect(await health.allows(byHealth, STRANGER, CHILD)).toBe(false);

    const elsewhere = await createTestDeployment(SERVICES);
    const foreign = await elsewhere.trustFor('public-security').grants.grant(STRANGER, CHILD);
    expect(await health.allows(foreign, STRANGER, CHILD)).toBe(false);

    const genuine = await publicSecurity.grant(PARENT, CHILD);
    const [header, , signature] = genuine.split('.');
    const otherClaims = Buffer.from(
      JSON.stringify({ acc: CHILD, sub: STRANGER, iss: 'public-security' }),
    ).toString('base64url');
    expect(await health.allows(`${header}.${otherClaims}.${signature}`, STRANGER, CHILD)).toBe(false);

    const expired = await signedBy(deployment, 'public-security', { sub: PARENT, acc: CHILD }, -60);
    expect(await health.allows(expired, PARENT, CHILD)).toBe(false);
  });

  it('refuses a delegation token passed off as a grant', async () => {
    const delegation = await deployment
      .trustFor('public-security')
      .signer.delegate('health', { kind: 'citizen', citizenId: PARENT });
    expect(await health.allows(delegation, PARENT, PARENT)).toBe(false);
  });

  it('hands out the same grant again for the same reader and person, a new one for another', async () => {
    const first = await publicSecurity.grant(PARENT, CHILD);
    expect(await publicSecurity.grant(PARENT, CHILD)).toBe(first);
    expect(await publicSecurity.grant(STRANGER, CHILD)).not.toBe(first);
    expect(await publicSecurity.grant(PARENT, STRANGER)).not.toBe(first);
  });

  it('still decides per reader and person on a grant it remembers as verified', async () => {
    const grant = await publicSecurity.grant(PARENT, CHILD);
    expect(await health.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await health.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await health.allows(grant, STRANGER, CHILD)).toBe(false);
    expect(await health.allows(grant, PARENT, STRANGER)).toBe(false);
  });
});
