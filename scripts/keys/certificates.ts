/**
 * A deployment's certificates for mutual TLS between its services: one certificate authority, and per
 * service a certificate it both serves and calls with. ECDSA P-256 throughout: small keys, fast
 * handshakes, and what every TLS stack speaks.
 *
 * A service's identity is the SAN URI `spiffe://onething/<service>` (see `lib/http/tls.ts`, which
 * reads it back on the other side of a connection); its DNS and IP names are only for the caller's
 * host-name check. Certificates are made here, by the keys script, never by a running service: this
 * module loads a WebCrypto X.509 library and the Reflect polyfill it needs, which no server imports.
 */
import 'reflect-metadata';
import { createPrivateKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { serviceIdentityUri } from '../../lib/http/tls.ts';

/** A certificate and its private key, both PEM (the key PKCS #8). */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

/** What {@link generateCertificates} makes. */
export interface DeploymentCertificates {
  /** The deployment's CA: every service trusts it, and only it, for the others. */
  ca: CertificateAndKey;
  /** Each service's certificate, by service name, in the order the names were given. */
  services: Map<string, CertificateAndKey>;
}

/** How {@link generateCertificates} makes them; every option has a default. */
export interface CertificateOptions {
  /**
   * An existing CA to issue the service certificates with, e.g. to renew them (they last a year)
   * without handing every service a new CA (it lasts ten). Default: a new CA.
   */
  ca?: CertificateAndKey;
  /**
   * More DNS names per service, for the host names a deployment reaches it by (e.g.
   * `{ gateway: ['api.onething.example'] }`); `localhost` and the service's own name are always there.
   */
  extraDnsNames?: Readonly<Record<string, readonly string[]>>;
  /** How long the CA is valid; default 3650 days. */
  caValidityDays?: number;
  /** How long a service certificate is valid; default 365 days. */
  serviceValidityDays?: number;
  /** The CA's common name; default `OneThing deployment CA`. */
  caName?: string;
  /** When the certificates start to be valid; default now (less a minute, for clocks slightly behind). */
  now?: Date;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;
/** A service name is one DNS label, so that it can be a host name and a SPIFFE path segment as it is. */
const SERVICE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A random positive 128-bit serial number, as the hexadecimal string the generator takes. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.toString('hex');
}

async function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function keyPem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A distinguished name's string form, with `,`, `+`, `"`, `\`, `<`, `>`, `;` and `=` escaped. */
function commonName(name: string): string {
  return `O=OneThing, CN=${name.replace(/[,+"\\<>;=]/g, (character) => `\\${character}`)}`;
}

async function newCa(name: string, notBefore: Date, validityDays: number): Promise<CertificateAndKey> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: commonName(name),
    notBefore,
    notAfter: new Date(notBefore.getTime() + validityDays * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // Path length 0: the CA signs service certificates, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: keyPem(keys.privateKey) };
}

/** The CA's certificate and its signing key, from PEM. */
async function loadCa(
  ca: CertificateAndKey,
): Promise<{ cert: x509.X509Certificate; key: webcrypto.CryptoKey }> {
  const cert = new x509.X509Certificate(ca.cert);
  const der = createPrivateKey(ca.key).export({ format: 'der', type: 'pkcs8' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
  return { cert, key };
}

/**
 * Makes a deployment's CA (unless `options.ca` gives one) and a certificate for each of `services`:
 * CA:false, digitalSignature, serverAuth and clientAuth, valid for the DNS names `localhost` and the
 * service's name (and `options.extraDnsNames`), the IPs 127.0.0.1 and ::1, and the identity URI
 * `spiffe://onething/<service>`.
 *
 * @param services - the deployment's service names (`gateway`, `health`, `health-system`, …), each one
 *   DNS label
 * @throws TypeError naming a service name that is not a lower-case DNS label, or given twice
 */
export async function generateCertificates(
  services: readonly string[],
  options: CertificateOptions = {},
): Promise<DeploymentCertificates> {
  for (const [index, service] of services.entries()) {
    if (!SERVICE_NAME.test(service))
      throw new TypeError(`a service name must be a lower-case DNS label, got ${JSON.stringify(service)}`);
    if (services.indexOf(service) !== index) throw new TypeError(`service ${service} is named twice`);
  }
  const notBefore = options.now ?? new Date(Date.now() - 60_000);
  const caPem =
    options.ca ??
    (await newCa(options.caName ?? 'OneThing deployment CA', notBefore, options.caValidityDays ?? 3650));
  const ca = await loadCa(caPem);
  const authorityKeyIdentifier = await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey);
  // A certificate outliving its CA would stop verifying with the CA anyway: it ends with the CA.
  const notAfter = new Date(
    Math.min(notBefore.getTime() + (options.serviceValidityDays ?? 365) * DAY_MS, ca.cert.notAfter.getTime()),
  );
  const issued = new Map<string, CertificateAndKey>();
  for (const service of services) {
    const keys = await newKeyPair();
    const dnsNames = ['localhost', service, ...(options.extraDnsNames?.[service] ?? [])];
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: commonName(service),
      issuer: ca.cert.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: ca.key,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension([
          ...[...new Set(dnsNames)].map((value) => ({ type: 'dns' as const, value })),
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
          { type: 'url', value: serviceIdentityUri(service) },
        ]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        authorityKeyIdentifier,
      ],
    });
    issued.set(service, { cert: cert.toString('pem'), key: keyPem(keys.privateKey) });
  }
  return { ca: caPem, services: issued };
}

/** The files {@link writeCertificates} wrote, by what they hold. */
export interface CertificateFiles {
  /** The CA's certificate: every service's `TLS_CA_FILE`. */
  caCert: string;
  /** The CA's private key: keep it off the services' hosts. */
  caKey: string;
  /** Each service's `TLS_CERT_FILE` and `TLS_KEY_FILE`. */
  services: Map<string, { cert: string; key: string }>;
}

/**
 * Writes `certificates` under `<dir>/tls/` (made 0700 if new): `ca.crt`, `ca.key`, `<service>.crt` and
 * `<service>.key`, private keys readable by their owner only (0600), replacing files of those names;
 * answers the paths written.
 */
export function writeCertificates(certificates: DeploymentCertificates, dir: string): CertificateFiles {
  const tlsDir = path.join(dir, 'tls');
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const write = (name: string, text: string, mode: number): string => {
    const file = path.join(tlsDir, name);
    writeFileSync(file, text, { mode });
    // The mode given to writeFileSync applies only when it creates the file (and under the umask).
    chmodSync(file, mode);
    return file;
  };
  const files: CertificateFiles = {
    caCert: write('ca.crt', certificates.ca.cert, 0o644),
    caKey: write('ca.key', certificates.ca.key, 0o600),
    services: new Map(),
  };
  for (const [service, { cert, key }] of certificates.services) {
    files.services.set(service, {
      cert: write(`${service}.crt`, cert, 0o644),
      key: write(`${service}.key`, key, 0o600),
    });
  }
  return files;
}
