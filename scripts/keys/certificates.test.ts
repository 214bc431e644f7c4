import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNameOf } from '../../lib/http/tls.ts';
import { type DeploymentCertificates, generateCertificates, writeCertificates } from './certificates.ts';

const DAY_MS = 24 * 3600 * 1000;
const now = new Date('2026-03-01T00:00:00Z');
let deployment: DeploymentCertificates;
const dirs: string[] = [];

beforeAll(async () => {
  deployment = await generateCertificates(['gateway', 'health', 'health-system'], {
    now,
    extraDnsNames: { gateway: ['api.onething.example'] },
  });
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function certificateOf(service: string): X509Certificate {
  const issued = deployment.services.get(service);
  if (!issued) throw new Error(`no certificate for ${service}`);
  return new X509Certificate(issued.cert);
}

describe('generateCertificates', () => {
  it('makes a ten-year CA that signs only service certificates', () => {
    const ca = new X509Certificate(deployment.ca.cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('CN=OneThing deployment CA');
    expect(ca.checkIssued(ca)).toBe(true);
    expect(Date.parse(ca.validTo) - now.getTime()).toBe(3650 * DAY_MS);
    expect(ca.toLegacyObject()).toMatchObject({ ca: true });
  });

  it('makes each service a one-year certificate of the CA, for serving and calling, that names it', () => {
    const ca = new X509Certificate(deployment.ca.cert);
    expect([...deployment.services.keys()]).toEqual(['gateway', 'health', 'health-system']);
    const health = certificateOf('health');
    expect(health.ca).toBe(false);
    expect(health.checkIssued(ca) && health.verify(ca.publicKey)).toBe(true);
    expect(health.subject).toContain('CN=health');
    // Node calls the extended key usages `keyUsage`.
    expect(health.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(health.subjectAltName).toBe(
      'DNS:localhost, DNS:health, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, URI:spiffe://onething/health',
    );
    expect(health.checkHost('health')).toBe('health');
    expect(health.checkIP('::1')).toBe('::1');
    expect(Date.parse(health.validTo) - Date.parse(health.validFrom)).toBe(365 * DAY_MS);
    expect(health.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(serviceNameOf(certificateOf('health-system'))).toBe('health-system');
  });

  it('adds the extra DNS names given for a service', () => {
    expect(certificateOf('gateway').checkHost('api.onething.example')).toBe('api.onething.example');
    expect(certificateOf('health').checkHost('api.onething.example')).toBeUndefined();
  });

  it('issues new service certificates with an existing CA', async () => {
    const renewed = await generateCertificates(['health'], { ca: deployment.ca });
    expect(renewed.ca).toBe(deployment.ca);
    const ca = new X509Certificate(deployment.ca.cert);
    const health = new X509Certificate(renewed.services.get('health')?.cert ?? '');
    expect(health.verify(ca.publicKey)).toBe(true);
    expect(health.serialNumber).not.toBe(certificateOf('health').serialNumber);
  });

  it('ends a service certificate no later than its CA', async () => {
    const ending = await generateCertificates(['health'], { now, caValidityDays: 30 });
    const ca = new X509Certificate(ending.ca.cert);
    const health = new X509Certificate(ending.services.get('health')?.cert ?? '');
    expect(health.validTo).toBe(ca.validTo);
  });

  it('refuses a service name that is not a DNS label, or a name given twice', async () => {
    await expect(generateCertificates(['Health'])).rejects.toThrow('"Health"');
    await expect(generateCertificates(['a/b'])).rejects.toThrow('"a/b"');
    await expect(generateCertificates(['health', 'health'])).rejects.toThrow('health is named twice');
  });
});

describe('writeCertificates', () => {
  it('writes the CA and every service’s certificate and key under tls/, the keys for their owner only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onething-certificates-'));
    dirs.push(dir);
    const files = writeCertificates(deployment, dir);
    const tls = path.join(dir, 'tls');
    expect(files.caCert).toBe(path.join(tls, 'ca.crt'));
    expect(files.services.get('health-system')).toEqual({
      cert: path.join(tls, 'health-system.crt'),
      key: path.join(tls, 'health-system.key'),
    });
    expect(readFileSync(path.join(tls, 'health.crt'), 'utf8')).toBe(deployment.services.get('health')?.cert);
    expect(readFileSync(path.join(tls, 'ca.key'), 'utf8')).toBe(deployment.ca.key);
    const mode = (file: string) => statSync(path.join(tls, file)).mode & 0o777;
    expect([mode('ca.key'), mode('health.key'), mode('gateway.key')]).toEqual([0o600, 0o600, 0o600]);
    expect([mode('ca.crt'), mode('health.crt')]).toEqual([0o644, 0o644]);
  });
});
