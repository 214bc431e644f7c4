import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DeploymentCertificates, generateCertificates } from '../../scripts/keys/certificates.ts';
import { httpGet, JsonPoster } from './JsonPoster.ts';
import {
  callerCertificateName,
  readTlsConfig,
  serverTlsOptions,
  serviceNameOf,
  type TlsConfig,
  useOutgoingTls,
} from './tls.ts';

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

describe('mutual TLS between services', () => {
  const servers: FastifyInstance[] = [];
  afterEach(async () => {
    useOutgoingTls(undefined);
    for (const server of servers.splice(0)) await server.close();
  });

  /** A service's identity in `certificates`, trusting `ca` (default: this deployment's CA). */
  function identity(
    certificates: DeploymentCertificates,
    service: string,
    ca = deployment.ca.cert,
  ): TlsConfig {
    return { ...issued(certificates, service), ca };
  }

  /**
   * The connections the last server took (its handshake passed), how many of them resumed an earlier
   * TLS session, and the requests it answered.
   */
  let connections = 0;
  let resumed = 0;
  let served = 0;

  /**
   * A server of `service` that requires client certificates and answers who called; it refuses (403)
   * any service other than `allowed`, when given.
   */
  async function serve(service: string, allowed?: string[], certificates = deployment): Promise<string> {
    connections = 0;
    resumed = 0;
    served = 0;
    const server = Fastify({
      https: serverTlsOptions(identity(certificates, service), { requireClientCertificate: true }),
    });
    server.server.on('secureConnection', (socket: TLSSocket) => {
      connections++;
      if (socket.isSessionReused()) resumed++;
    });
    server.all('/*', async (request, reply) => {
      served++;
      const caller = callerCertificateName(request);
      if (allowed && !allowed.includes(caller ?? '')) return reply.status(403).send({ caller });
      return { caller };
    });
    servers.push(server);
    await server.listen({ host: '127.0.0.1', port: 0 });
    return `https://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
  }

  const callerSeenBy = async (poster: JsonPoster) =>
    JSON.parse((await poster.post('/v1/events', '{}', { 'content-type': 'application/json' }, 2000)).body);

  it('serves a caller presenting its certificate, and knows which service it is', async () => {
    const origin = await serve('education');
    useOutgoingTls(identity(deployment, 'health'));
    const poster = new JsonPoster(origin);
    expect(await callerSeenBy(poster)).toEqual({ caller: 'health' });
    expect(await callerSeenBy(poster)).toEqual({ caller: 'health' });
    expect(JSON.parse((await httpGet(new URL('/health', origin), 2000)).body)).toEqual({ caller: 'health' });
    // One handshake for the poster's kept-alive connection, one for httpGet's pool.
    expect(connections).toBe(2);
  });

  it('knows the caller on a new connection that resumes an earlier TLS session', async () => {
    const origin = await serve('education');
    useOutgoingTls(identity(deployment, 'health'));
    const poster = new JsonPoster(origin);
    const headers = { 'content-type': 'application/json', connection: 'close' };
    const callers = [];
    for (let i = 0; i < 3; i++) callers.push(JSON.parse((await poster.post('/', '{}', headers, 2000)).body));
    expect(callers).toEqual([{ caller: 'health' }, { caller: 'health' }, { caller: 'health' }]);
    expect(connections).toBe(3);
    expect(resumed).toBeGreaterThan(0);
  });

  it('lets a server refuse a service that may not call it', async () => {
    const origin = await serve('health', ['gateway']);
    useOutgoingTls(identity(deployment, 'education'));
    const answer = await new JsonPoster(origin).post(
      '/v1/events',
      '{}',
      { 'content-type': 'application/json' },
      2000,
    );
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 403,
      body: { caller: 'education' },
    });
  });

  it('presents the identity in force at each call, even to a poster made before it was set', async () => {
    const origin = await serve('education');
    const poster = new JsonPoster(origin);
    useOutgoingTls(identity(deployment, 'health'));
    expect(await callerSeenBy(poster)).toEqual({ caller: 'health' });
    useOutgoingTls(identity(deployment, 'education'));
    expect(await callerSeenBy(poster)).toEqual({ caller: 'education' });
  });

  it('refuses at the handshake a caller without a certificate', async () => {
    const origin = await serve('health');
    // The caller trusts the server; it only has no certificate of its own.
    const call = new Promise((resolve, reject) => {
      const request = https.request(new URL('/v1/events', origin), {
        method: 'POST',
        ca: deployment.ca.cert,
      });
      request.on('response', resolve).on('error', reject).end('{}');
    });
    await expect(call).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    expect({ connections, served }).toEqual({ connections: 0, served: 0 });
  });

  it('refuses at the handshake a caller whose certificate another CA issued', async () => {
    const origin = await serve('health');
    useOutgoingTls(identity(stranger, 'health'));
    // In TLS 1.3 the caller has sent its request before the server checks its certificate: it learns
    // of the refusal as an alert or as the connection's reset, whichever it reads first.
    await expect(callerSeenBy(new JsonPoster(origin))).rejects.toMatchObject({
      code: expect.stringMatching(/UNKNOWN_CA|ECONNRESET/),
    });
    expect({ connections, served }).toEqual({ connections: 0, served: 0 });
  });

  it('does not call a server whose certificate another CA issued', async () => {
    const origin = await serve('health', undefined, stranger);
    useOutgoingTls(identity(deployment, 'education'));
    await expect(callerSeenBy(new JsonPoster(origin))).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });

  it('sends nothing in clear while the process has an identity', async () => {
    let reached = false;
    const server = Fastify();
    servers.push(server);
    server.post('/v1/events', async () => {
      reached = true;
      return {};
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
    useOutgoingTls(identity(deployment, 'health'));
    await expect(callerSeenBy(new JsonPoster(origin))).rejects.toThrow(
      /is plain HTTP; with TLS configured, services call only https/,
    );
    expect(reached).toBe(false);
  });

  it('knows no caller on a connection without TLS', async () => {
    const server = Fastify();
    servers.push(server);
    server.get('/', async (request) => ({ caller: callerCertificateName(request) ?? null }));
    expect((await server.inject('/')).json()).toEqual({ caller: null });
  });
});
