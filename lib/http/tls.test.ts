import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeploymentCertificates, generateCertificates } from '../../scripts/keys/certificates.ts';
import { readTlsConfig, serverTlsOptions, serviceNameOf } from './tls.ts';

let deployment: DeploymentCertificates;
/** Another deployment's: a CA this one does not trust. */
let stranger: DeploymentCertificates;
let dir: string;

beforeAll(async () => {
  deployment = await generateCertificates(['health', 'education']);
  stranger = await generateCertificates(['health']);
  dir = mkdtempSync(path.join(tmpdir(), 'onething-tls-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issued(certificates: DeploymentCertificates, service: string) {
  const found = certificates.services.get(service);
  if (!found) throw new Error(`no certificate for ${service}`);
  return found;
}

/** Writes `text` to a file of the test's directory and answers its path. */
function file(name: string, text: string): string {
  const written = path.join(dir, name);
  writeFileSync(written, text);
  return written;
}

/** The environment of a service configured with these PEM texts. */
function envOf(cert: string, key: string, ca: string): NodeJS.ProcessEnv {
  return {
    TLS_CERT_FILE: file('cert.pem', cert),
    TLS_KEY_FILE: file('key.pem', key),
    TLS_CA_FILE: file('ca.pem', ca),
  };
}

describe('readTlsConfig', () => {
  it('answers nothing when no TLS variable is set', () => {
    expect(readTlsConfig({})).toBeUndefined();
    expect(readTlsConfig({ TLS_CERT_FILE: '' })).toBeUndefined();
  });

  it('reads the three PEM files and the service the certificate names', () => {
    const health = issued(deployment, 'health');
    expect(readTlsConfig(envOf(health.cert, health.key, deployment.ca.cert))).toEqual({
      cert: health.cert,
      key: health.key,
      ca: deployment.ca.cert,
      service: 'health',
    });
  });

  it('takes a CA bundle, e.g. the old and new CA while one replaces the other', () => {
    const health = issued(deployment, 'health');
    const bundle = `${stranger.ca.cert}${deployment.ca.cert}`;
    expect(readTlsConfig(envOf(health.cert, health.key, bundle))?.service).toBe('health');
  });

  it('names each variable missing when only some are set', () => {
    expect(() => readTlsConfig({ TLS_CERT_FILE: '/x.crt' })).toThrow(
      'TLS needs all of TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE; missing TLS_KEY_FILE, TLS_CA_FILE',
    );
  });

  it('names the variable and the file it cannot read', () => {
    const health = issued(deployment, 'health');
    const env = {
      ...envOf(health.cert, health.key, deployment.ca.cert),
      TLS_KEY_FILE: '/nowhere/health.key',
    };
    expect(() => readTlsConfig(env)).toThrow('TLS_KEY_FILE: cannot read /nowhere/health.key');
  });

  it('refuses, naming what is wrong, material that could only fail at the first handshake', () => {
    const health = issued(deployment, 'health');
    const education = issued(deployment, 'education');
    expect(() => readTlsConfig(envOf('not a certificate', health.key, deployment.ca.cert))).toThrow(
      /^TLS_CERT_FILE \(.*cert\.pem\) holds no PEM certificate/,
    );
    expect(() => readTlsConfig(envOf(health.cert, education.key, deployment.ca.cert))).toThrow(
      /TLS_KEY_FILE \(.*\) is not the key of the certificate in TLS_CERT_FILE/,
    );
    expect(() => readTlsConfig(envOf(health.cert, health.key, stranger.ca.cert))).toThrow(
      /TLS_CERT_FILE \(.*\) was not issued by the CA in TLS_CA_FILE/,
    );
    expect(() => readTlsConfig(envOf(health.cert, health.key, 'no CA'))).toThrow(
      /TLS_CA_FILE \(.*\) holds no PEM certificate/,
    );
    const later = new Date(Date.now() + 400 * 24 * 3600 * 1000);
    expect(() => readTlsConfig(envOf(health.cert, health.key, deployment.ca.cert), later)).toThrow(
      /TLS_CERT_FILE \(.*\) expired on/,
    );
    // The CA's own certificate names no service.
    expect(() => readTlsConfig(envOf(deployment.ca.cert, deployment.ca.key, deployment.ca.cert))).toThrow(
      'names no service: it needs one SAN URI spiffe://onething/<service>',
    );
  });
});

describe('serverTlsOptions', () => {
  it('requires a certificate of the deployment from every caller, or asks none, over TLS 1.3', () => {
    const tls = { ...issued(deployment, 'health'), ca: deployment.ca.cert };
    expect(serverTlsOptions(tls, { requireClientCertificate: true })).toEqual({
      ...tls,
      minVersion: 'TLSv1.3',
      requestCert: true,
      rejectUnauthorized: true,
    });
    expect(serverTlsOptions(tls, { requireClientCertificate: false })).toMatchObject({
      requestCert: false,
      rejectUnauthorized: false,
    });
  });
});

describe('serviceNameOf', () => {
  it('reads the service from the identity URI, and nothing from a DNS name written to look like one', async () => {
    const tricky = await generateCertificates(['health'], {
      ca: deployment.ca,
      extraDnsNames: { health: ['x, URI:spiffe://onething/gateway'] },
    });
    const certificate = new X509Certificate(issued(tricky, 'health').cert);
    expect(certificate.subjectAltName).toContain('DNS:"x\\u002c URI:spiffe://onething/gateway"');
    expect(serviceNameOf(certificate)).toBe('health');
    expect(serviceNameOf(new X509Certificate(deployment.ca.cert))).toBeUndefined();
  });
});
