/**
 * Replicas in the production launch (issue 16): `startProduction` with `--replicas gateway=2,health=2`
 * runs two processes of the gateway and of the health subgraph, each behind the launcher's TCP
 * round-robin balancer, with mutual TLS end to end through it. Then
 *
 * - requests through the gateway's balancer are answered by both gateway replicas (each replica's own
 *   `onething_gateway_requests_total`, scraped from the replica itself) and reach both health replicas;
 * - a gateway replica killed with SIGKILL costs no request: the balancer skips it, the launcher starts
 *   it again on its port, and it takes requests again;
 * - `--replicas service-center=2` without `DATABASE_URL` is refused, saying why (with it, see
 *   `scale-out.e2e.ts`).
 *
 * One launch serves the whole file.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../lib/auth/identity.ts';
import { ROOT } from '../system/topology.ts';
import { eventually } from './support/eventually.ts';
import { httpsRequest, type ProductionDeployment, startProductionDeployment } from './support/production.ts';

let deployment: ProductionDeployment;

/** A citizen of the contract examples, reading their own record. */
const HEAD = '500112198702182917';
/** Reads the citizen's name (public security) and vaccination clinic (health, replicated). */
const PERSON_AND_CLINIC =
  'query PersonAndClinic($id: CitizenId!) { person(citizenId: $id) { name vaccinationRecord { clinic { id } } } }';

beforeAll(async () => {
  deployment = await startProductionDeployment({
    replicas: new Map([
      ['gateway', 2],
      ['health', 2],
    ]),
  });
}, 300_000);

afterAll(async () => {
  await deployment?.stop();
}, 60_000);

const running = (service: string) => deployment.serviceOf(service);

/** One query through the gateway's balancer, as a citizen's app sends it. */
async function ask(): Promise<{ status: number; name: unknown; errors: unknown }> {
  const token = await deployment.issuer.mint(parseIdentity(HEAD));
  const answer = await httpsRequest(deployment.system.gatewayUrl, {
    ca: deployment.ca,
    headers: { authorization: `Bearer ${token}` },
    body: { query: PERSON_AND_CLINIC, variables: { id: HEAD } },
  });
  return { status: answer.status, name: answer.json?.data?.person?.name, errors: answer.json?.errors };
}

/** A gateway replica's own count of requests it served (its `/metrics`, scraped from the replica itself). */
async function requestsServedBy(replicaUrl: string): Promise<number> {
  const scrapeToken = readFileSync(deployment.env.METRICS_TOKEN_FILE as string, 'utf8').trim();
  const metrics = await httpsRequest(`${replicaUrl.replace(/\/graphql$/, '')}/metrics`, {
    ca: deployment.ca,
    headers: { authorization: `Bearer ${scrapeToken}` },
  });
  expect(metrics.status).toBe(200);
  let total = 0;
  for (const match of metrics.text.matchAll(/^onething_gateway_requests_total(?:\{[^}]*\})? (\S+)$/gm))
    total += Number(match[1]);
  return total;
}

describe('replicas in the production launch', () => {
  it('runs two gateways and two health subgraphs, each on its own port, behind a balancer', () => {
    for (const service of ['gateway', 'health']) {
      const { url, replicas, balancer } = running(service);
      expect(replicas).toHaveLength(2);
      expect(balancer).toBeDefined();
      const ports = new Set([url, ...replicas.map((replica) => replica.url)].map((u) => new URL(u).port));
      expect(ports.size).toBe(3);
    }
    expect(running('public-security').replicas).toHaveLength(1);
    expect(running('public-security').balancer).toBeUndefined();
  });

  it('answers through the gateway balancer, and both gateway replicas and both health replicas serve', async () => {
    const gateways = running('gateway').replicas.map((replica) => replica.url);
    const before = await Promise.all(gateways.map(requestsServedBy));
    for (let i = 0; i < 6; i++) {
      const answer = await ask();
      expect(answer.errors).toBeUndefined();
      expect(answer).toMatchObject({ status: 200 });
      expect(typeof answer.name).toBe('string');
    }
    const after = await Promise.all(gateways.map(requestsServedBy));
    expect(after[0]).toBeGreaterThan(before[0] as number);
    expect(after[1]).toBeGreaterThan(before[1] as number);
    const health = running('health').balancer?.connectionsPerBackend() ?? [];
    expect(health.every((connections) => connections > 0)).toBe(true);
  });

  it('loses no request when a gateway replica is killed (SIGKILL); the launcher starts it again and it serves again', async () => {
    const [killed] = running('gateway').replicas;
    if (!killed) throw new Error('no gateway replica');
    const oldPid = killed.process.pid;
    killed.process.kill('SIGKILL');
    for (let i = 0; i < 6; i++) {
      const answer = await ask();
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
    }
    // Started again on its own port, in a new process, and taking its share of requests.
    await eventually(
      async () => {
        if (killed.process.pid === oldPid) return undefined;
        try {
          return await requestsServedBy(killed.url);
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const served = await requestsServedBy(killed.url);
    for (let i = 0; i < 4; i++) expect((await ask()).status).toBe(200);
    expect(await requestsServedBy(killed.url)).toBeGreaterThan(served);
  }, 90_000);

  it('refuses --replicas service-center=2 without DATABASE_URL, saying why, before starting anything', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'system/startProduction.ts',
        '--env-file',
        path.join(deployment.keysDir, 'onething.env'),
        '--replicas',
        'gateway=2,service-center=2',
      ],
      // CI's shell has a DATABASE_URL; this deployment's env file has none.
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, DATABASE_URL: '' } },
    );
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/service-center cannot run in replicas here: without DATABASE_URL/);
    expect(failure?.stderr).toMatch(/PostgreSQL/);
  });
});
