/**
 * Mutual TLS between a deployment's services: each service holds a certificate of the deployment's CA
 * (`npm run keys` makes them, `scripts/keys/certificates.ts`), serves with it, calls the others with
 * it, and trusts no other CA. Nothing is trusted for being on the network: a server that requires
 * client certificates refuses, at the handshake, every caller without one of the deployment's.
 *
 * A service's identity is the URI in its certificate's subject alternative names,
 * `spiffe://onething/<service>` (a SPIFFE ID: the shape service meshes use, so a mesh's CA could issue
 * them instead). The subject's common name repeats the service's name for people reading logs, but is
 * never what decides: a URI is a typed name with a fixed place, where a common name is free text.
 *
 * The outgoing identity is one per process ({@link useOutgoingTls}): in a deployment every service
 * runs in a process of its own, so every call a process makes is that service's. The one-command
 * development system, which runs every service in one process, has no TLS.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { Socket } from 'node:net';
import { type ConnectionOptions, createSecureContext, TLSSocket } from 'node:tls';

/** A service's TLS material, PEM: its certificate, its private key, the deployment's CA. */
export interface TlsConfig {
  cert: string | Buffer;
  key: string | Buffer;
  /** The CA (or CAs, while one is being replaced) whose certificates this service trusts, and no other. */
  ca: string | Buffer;
  /** The service the certificate names; {@link readTlsConfig} fills it in. */
  service?: string;
}

/** The environment variables naming the PEM files of {@link TlsConfig}. */
export const TLS_VARIABLES = { cert: 'TLS_CERT_FILE', key: 'TLS_KEY_FILE', ca: 'TLS_CA_FILE' } as const;

/** The scheme and trust domain of a service identity; the service's name follows. */
const IDENTITY_PREFIX = 'spiffe://onething/';
/** A service name: one lower-case DNS label. */
const SERVICE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Protocol versions older than this are refused both ways; every service is Node, which speaks 1.3. */
const MIN_VERSION = 'TLSv1.3';

/** The identity URI a certificate carries for `service`, e.g. `spiffe://onething/health`. */
export function serviceIdentityUri(service: string): string {
  return `${IDENTITY_PREFIX}${service}`;
}

/**
 * The values of a subject alternative names string as Node prints it (`DNS:a, URI:b, IP Address:c`),
 * of type `type`. A value with a comma, quote or other special character comes quoted as a JSON string
 * and is read as one, so that no value can pass for two entries. Nothing when the string cannot be read.
 */
function alternativeNames(subjectAltName: string, type: string): string[] {
  const entry = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,"]*)(?:, |$)/y;
  const values: string[] = [];
  while (entry.lastIndex < subjectAltName.length) {
    const match = entry.exec(subjectAltName);
    if (!match) return [];
    const [, name, value = ''] = match;
    if (name !== type) continue;
    try {
      values.push(value.startsWith('"') ? (JSON.parse(value) as string) : value);
    } catch {
      return [];
    }
  }
  return values;
}

/** The service a certificate identifies: its one `spiffe://onething/<service>` URI, else undefined. */
export function serviceNameOf(certificate: X509Certificate): string | undefined {
  const services = new Set(
    alternativeNames(certificate.subjectAltName ?? '', 'URI')
      .filter((uri) => uri.startsWith(IDENTITY_PREFIX))
      .map((uri) => uri.slice(IDENTITY_PREFIX.length)),
  );
  const [service] = services;
  // Two identities in one certificate is no identity at all.
  return services.size === 1 && service !== undefined && SERVICE_NAME.test(service) ? service : undefined;
}

/** The certificates of a PEM bundle. */
function certificatesOf(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    (block) => new X509Certificate(block),
  );
}

/**
 * The service's TLS material, from the PEM files named by `TLS_CERT_FILE`, `TLS_KEY_FILE` and
 * `TLS_CA_FILE`, read once at start-up; undefined when none of the three is set (no TLS). What would
 * only fail at the first handshake fails here instead, naming the variable and its file: a file that
 * cannot be read or holds no PEM certificate or key, a key that is not the certificate's, a
 * certificate the CA did not issue, out of its validity period, or naming no service.
 *
 * @throws Error naming each variable missing when only some are set
 */
export function readTlsConfig(env: NodeJS.ProcessEnv = process.env, now = new Date()): TlsConfig | undefined {
  const variables = Object.values(TLS_VARIABLES);
  const missing = variables.filter((variable) => !env[variable]);
  if (missing.length === variables.length) return undefined;
  if (missing.length > 0) {
    throw new Error(`TLS needs all of ${variables.join(', ')}; missing ${missing.join(', ')}`);
  }
  const [cert, key, ca] = variables.map((variable) => {
    const file = env[variable] as string;
    try {
      return { variable, file, pem: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new Error(`${variable}: cannot read ${file}: ${(error as Error).message}`);
    }
  }) as [Source, Source, Source];
  const where = (source: Source) => `${source.variable} (${source.file})`;

  const certificate = parsed(cert, () => new X509Certificate(cert.pem), 'PEM certificate');
  const privateKey = parsed(key, () => createPrivateKey(key.pem), 'PEM private key');
  const authorities = parsed(ca, () => certificatesOf(ca.pem), 'PEM certificate');
  if (authorities.length === 0) throw new Error(`${where(ca)} holds no PEM certificate`);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`${where(key)} is not the key of the certificate in ${where(cert)}`);
  }
  if (
    !authorities.some(
      (authority) => certificate.checkIssued(authority) && certificate.verify(authority.publicKey),
    )
  ) {
    throw new Error(`${where(cert)} was not issued by the CA in ${where(ca)}`);
  }
  if (Date.parse(certificate.validTo) < now.getTime()) {
    throw new Error(`${where(cert)} expired on ${certificate.validTo}`);
  }
  if (Date.parse(certificate.validFrom) > now.getTime()) {
    throw new Error(`${where(cert)} is not valid before ${certificate.validFrom}`);
  }
  const service = serviceNameOf(certificate);
  if (!service) {
    throw new Error(`${where(cert)} names no service: it needs one SAN URI ${IDENTITY_PREFIX}<service>`);
  }
  return { cert: cert.pem, key: key.pem, ca: ca.pem, service };
}

interface Source {
  variable: string;
  file: string;
  pem: string;
}

function parsed<T>(source: Source, parse: () => T, expected: string): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${source.variable} (${source.file}) holds no ${expected}: ${(error as Error).message}`);
  }
}

/** How a server treats callers without a certificate of the deployment. */
export interface ServerTlsPolicy {
  /**
   * True: a caller must present a certificate of the deployment's CA, or the handshake fails — every
   * listener that only the deployment's services call. False: the server does not ask for one (a
   * listener for browsers, which would otherwise offer their users a certificate picker).
   */
  requireClientCertificate: boolean;
}

/** The `https` options of a Fastify server (`Fastify({ https: serverTlsOptions(tls, policy) })`). */
export function serverTlsOptions(tls: TlsConfig, policy: ServerTlsPolicy): ServerOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    minVersion: MIN_VERSION,
    requestCert: policy.requireClientCertificate,
    rejectUnauthorized: policy.requireClientCertificate,
  };
}

/** Each connection's caller, read once: a kept-alive connection carries many requests. */
const callers = new WeakMap<TLSSocket, string | undefined>();

/**
 * The service calling on this connection: the name in its certificate's identity URI, when it
 * presented a certificate that the server's CA verified; otherwise (no TLS, no certificate, no
 * identity in it) undefined. A server decides from it whether that service may call it.
 *
 * @param from - a Fastify request (or anything with its connection's `socket`), or the socket itself
 */
export function callerCertificateName(from: Socket | { socket: Socket }): string | undefined {
  const socket = from instanceof Socket ? from : from.socket;
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  if (callers.has(socket)) return callers.get(socket);
  const certificate = socket.getPeerX509Certificate();
  const service = certificate ? serviceNameOf(certificate) : undefined;
  callers.set(socket, service);
  return service;
}

let outgoing: TlsConfig | undefined;

/**
 * Sets the identity this process calls other services with — every `https` call of a `JsonPoster`
 * presents `tls.cert` and trusts only `tls.ca`, and a plain `http` call is refused — or, with
 * undefined, none (the platform's CAs, no client certificate, plain HTTP allowed). Set once at
 * start-up, by the composition root, before the first call; a change applies to the calls after it.
 */
export function useOutgoingTls(tls: TlsConfig | undefined): void {
  outgoing = tls;
}

/** The identity set by {@link useOutgoingTls}, if any. */
export function outgoingTls(): TlsConfig | undefined {
  return outgoing;
}

/**
 * The options of a client connection that presents `tls.cert` and trusts only `tls.ca`. The material
 * is parsed once, into one secure context: given as PEM, Node would parse the CA, certificate and key
 * again for every new connection.
 */
export function clientTlsOptions(tls: TlsConfig): ConnectionOptions {
  return {
    secureContext: createSecureContext({ cert: tls.cert, key: tls.key, ca: tls.ca, minVersion: MIN_VERSION }),
  };
}
