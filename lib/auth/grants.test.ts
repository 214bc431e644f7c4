import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessGrants } from './grants.ts';

const CHILD = '500103201811270017';
const PARENT = '500103198910149170';
const STRANGER = '110105194912310021';

/** A grant signed with `secret` but with claims of the test's choosing, as a forger or a stale one. */
function signed(secret: Uint8Array, claims: { sub: string; acc: string; exp: number }) {
  return new SignJWT({ acc: claims.acc })
    .setProtectedHeader({ alg: 'HS256', typ: 'onething-grant' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.exp)
    .sign(secret);
}

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe('AccessGrants', () => {
  it('lets the named reader read the named person, and no one else anyone else', async () => {
    const grants = new AccessGrants(randomBytes(32));
    const grant = await grants.grant(PARENT, CHILD);
    expect(await grants.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await grants.allows(grant, STRANGER, CHILD)).toBe(false);
    expect(await grants.allows(grant, PARENT, STRANGER)).toBe(false);
    expect(await grants.allows(null, PARENT, CHILD)).toBe(false);
  });

  it('is accepted by every department sharing the secret, and by none without it', async () => {
    const secret = randomBytes(32);
    const grant = await new AccessGrants(secret).grant(PARENT, CHILD);
    expect(await new AccessGrants(secret).allows(grant, PARENT, CHILD)).toBe(true);
    expect(await new AccessGrants(randomBytes(32)).allows(grant, PARENT, CHILD)).toBe(false);
  });

  it('refuses a grant forged with another secret, an altered one and an expired one', async () => {
    const secret = randomBytes(32);
    const grants = new AccessGrants(secret);
    const forged = await signed(randomBytes(32), { sub: STRANGER, acc: CHILD, exp: inSeconds(60) });
    expect(await grants.allows(forged, STRANGER, CHILD)).toBe(false);

    const genuine = await grants.grant(PARENT, CHILD);
    const [header, , signature] = genuine.split('.');
    const otherClaims = Buffer.from(JSON.stringify({ acc: CHILD, sub: STRANGER })).toString('base64url');
    expect(await grants.allows(`${header}.${otherClaims}.${signature}`, STRANGER, CHILD)).toBe(false);

    const expired = await signed(secret, { sub: PARENT, acc: CHILD, exp: inSeconds(-60) });
    expect(await grants.allows(expired, PARENT, CHILD)).toBe(false);
  });

  it('hands out the same grant again for the same reader and person, a new one for another', async () => {
    const grants = new AccessGrants(randomBytes(32));
    const first = await grants.grant(PARENT, CHILD);
    expect(await grants.grant(PARENT, CHILD)).toBe(first);
    expect(await grants.grant(STRANGER, CHILD)).not.toBe(first);
    expect(await grants.grant(PARENT, STRANGER)).not.toBe(first);
  });

  it('still decides per reader and person on a grant it remembers as verified', async () => {
    const grants = new AccessGrants(randomBytes(32));
    const grant = await grants.grant(PARENT, CHILD);
    expect(await grants.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await grants.allows(grant, PARENT, CHILD)).toBe(true);
    expect(await grants.allows(grant, STRANGER, CHILD)).toBe(false);
    expect(await grants.allows(grant, PARENT, STRANGER)).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new AccessGrants(randomBytes(16))).toThrow(RangeError);
  });
});
