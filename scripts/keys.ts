/**
 * `npm run keys -- --out <dir> [--host <name>]`: writes what a deployment needs to run in production,
 * and an env file wiring it (`<dir>/onething.env`, for `npm run start:production -- --env-file`):
 *
 * - the identity provider's key pair — standing in for the government's unified identity platform
 *   that signs citizens', staff and hospitals' tokens; the services get only its public keys
 *   (`npm run -s token -- <identity> --env-file <dir>/onething.env` signs test tokens with it);
 * - one ES256 key pair per service, each service given its own private key and everyone's public keys;
 * - a CA and a certificate per service for mutual TLS (`spiffe://onething/<service>`);
 * - the token Prometheus scrapes `/metrics` with;
 * - one audit key per department system and one for the service-center (`audit/<service>.key`, 32
 *   random bytes), the key its audit log is chained with, kept outside the data folder.
 *
 * Private keys are written 0600. The CA's private key (`tls/ca.key`) and the identity provider's
 * (`identity-provider/signing-key.jwk.json`) belong on no service's host: keep them offline.
 * `--host` sets the name the services reach each other by in the env file's URLs (default 127.0.0.1,
 * a one-machine deployment).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  deploymentKeyFiles,
  generateDeploymentKeys,
  writeDeploymentKeys,
} from '../lib/auth/deploymentKeys.ts';
import { departmentOfSystem, GATEWAY, SERVICE_CENTER } from '../lib/auth/services.ts';
import { TLS_VARIABLES } from '../lib/http/tls.ts';
import { subgraphUrlVariable } from '../lib/subgraphUrls.ts';
import { departmentSystemUrlVariable } from '../mocks/kit/events/receiverUrls.ts';
import { serviceSuffix } from '../system/serviceEnvironment.ts';
import { defaultDepartmentSystemPort, deploymentServices, readSupergraphConfig } from '../system/topology.ts';
import { generateCertificates, writeCertificates } from './keys/certificates.ts';

/** The identity provider's issuer in a generated deployment. */
const ISSUER = 'https://idp.onething.example';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('usage: npm run keys -- --out <dir> [--host <name>]');
  process.exit(2);
}

const args = process.argv.slice(2);
const flagValue = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const outArg = flagValue('--out');
if (!outArg) usage();
const out = path.resolve(outArg);
const host = flagValue('--host') ?? '127.0.0.1';
if (existsSync(path.join(out, 'onething.env')))
  usage(`${out} already holds a deployment's keys; choose an empty folder`);

const config = readSupergraphConfig();
const services = deploymentServices(config);
mkdirSync(out, { recursive: true, mode: 0o700 });

const keys = await generateDeploymentKeys(services);
writeDeploymentKeys(keys, out);
const keyFiles = deploymentKeyFiles(out);
const certificates = writeCertificates(await generateCertificates(services), out);
const metricsToken = path.join(out, 'metrics-token');
writeFileSync(metricsToken, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
// Every service that keeps an audit log: each department system, and the service-center (its own processing).
const auditedServices = services.filter(
  (service) => departmentOfSystem(service) || service === SERVICE_CENTER,
);
mkdirSync(path.join(out, 'audit'), { recursive: true, mode: 0o700 });
const auditKeyFiles = new Map(
  auditedServices.map((service) => {
    const file = path.join(out, 'audit', `${service}.key`);
    writeFileSync(file, randomBytes(32), { mode: 0o600 });
    return [service, file];
  }),
);

/** Where each service listens by default: rover.yaml's ports, + 100 for a department system, 4000 for the gateway. */
function portOf(service: string): number {
  if (service === GATEWAY) return 4000;
  const department = departmentOfSystem(service);
  const entry = config.subgraphs.find((subgraph) => subgraph.name === (department ?? service));
  if (!entry) throw new Error(`${service} is not in rover.yaml`);
  return department ? defaultDepartmentSystemPort(entry) : Number(new URL(entry.routingUrl).port);
}

const lines = [
  "# A OneThing deployment, written by npm run keys. Variables ending __<SERVICE> are that service's alone.",
  '# Production: every service refuses to start without its keys. See docs/security.md.',
  'NODE_ENV=production',
  `DATA_DIR=${path.join(out, 'data')}`,
  'LOG_LEVEL=info',
  '',
  '# The identity provider (stand-in): the gateway verifies its tokens; only npm run token signs with its key.',
  `AUTH_ISSUER=${ISSUER}`,
  'AUTH_AUDIENCE=onething',
  `AUTH_JWKS=${keyFiles.identityProviderKeys}`,
  `IDENTITY_PROVIDER_SIGNING_KEY=${keyFiles.identityProviderSigningKey}`,
  'AUTH_MAX_TOKEN_AGE_SECONDS=43200',
  '',
  "# Every service's public key, and each service's own private key.",
  `SERVICE_KEYS=${keyFiles.serviceKeys}`,
  ...services.map(
    (service) => `SERVICE_SIGNING_KEY${serviceSuffix(service)}=${keyFiles.serviceSigningKey(service)}`,
  ),
  '',
  '# Mutual TLS: every service listens with TLS and requires a certificate of this CA from its callers',
  "# (the gateway's public listener asks clients for none).",
  `${TLS_VARIABLES.ca}=${certificates.caCert}`,
  ...services.flatMap((service) => {
    const files = certificates.services.get(service);
    if (!files) throw new Error(`no certificate was made for ${service}`);
    return [
      `${TLS_VARIABLES.cert}${serviceSuffix(service)}=${files.cert}`,
      `${TLS_VARIABLES.key}${serviceSuffix(service)}=${files.key}`,
    ];
  }),
  '',
  "# Each department system's audit key, and the service-center's: the audit log's entries are chained with it (HMAC-SHA256).",
  ...[...auditKeyFiles].map(([service, file]) => `AUDIT_KEY_FILE${serviceSuffix(service)}=${file}`),
  '',
  '# Prometheus sends this token to read /metrics.',
  `METRICS_TOKEN_FILE=${metricsToken}`,
  '',
  '# Where each service listens, and where the others reach it.',
  ...services.map((service) => `PORT${serviceSuffix(service)}=${portOf(service)}`),
  ...services.flatMap((service) => {
    if (service === GATEWAY) return [];
    const department = departmentOfSystem(service);
    const url = `https://${host}:${portOf(service)}`;
    return department
      ? [`${departmentSystemUrlVariable(department)}=${url}`]
      : [`${subgraphUrlVariable(service)}=${url}/graphql`];
  }),
  '',
];
const envFile = path.join(out, 'onething.env');
writeFileSync(envFile, lines.join('\n'), { mode: 0o600 });
console.log(`wrote a deployment's keys for ${services.length} services to ${out}`);
console.log(`start it: npm run start:production -- --env-file ${envFile}`);
console.log(`sign a test token: npm run -s token -- <identity> --env-file ${envFile}`);
