import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import { deploymentKeyFiles, writeDeploymentKeys } from '../lib/auth/deploymentKeys.ts';
import { subgraphUrlVariable } from '../lib/subgraphUrls.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from './support/eventually.ts';
import { bearer, parentsOnReport, registerNewborn } from './support/newborn.ts';
import { type ServerProcess, startServerProcess } from './support/process.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

/** Every department of rover.yaml: all but the service-center, which runs as its own process here. */
const DEPARTMENTS = readSupergraphConfig()
  .subgraphs.map(({ name }) => name)
  .filter((name) => name !== 'service-center');

let departments: RunningSystem | undefined;
let serviceCenter: ServerProcess | undefined;
let gateway: Gateway | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await serviceCenter?.kill();
  await gateway?.app.close();
  await departments?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The service-center as its own process over a store on disk, reaching the in-process departments. */
function startServiceCenter(port: number) {
  // The deployment's keys as files, as a deployment gives them: the departments then accept the
  // service-center's delegations, and the gateway's are accepted by it.
  const keys = path.join(dataDir as string, 'keys');
  writeDeploymentKeys((departments as RunningSystem).authentication.keys, keys);
  const files = deploymentKeyFiles(keys);
  const env: Record<string, string> = {
    PORT: String(port),
    DATA_DIR: dataDir as string,
    LOG_LEVEL: 'silent',
    SERVICE_SIGNING_KEY: files.serviceSigningKey('service-center'),
    SERVICE_KEYS: files.serviceKeys,
  };
  for (const [name, { url }] of departments?.subgraphs ?? []) env[subgraphUrlVariable(name)] = url;
  return startServerProcess('system/serve.ts', env, 30_000, ['service-center']);
}

describe('the service-center killed in the middle of an errand', () => {
  it('resumes on restart and completes, with no department act done twice', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'onething-crash-'));
    departments = await startTestSystem({ only: DEPARTMENTS, withoutGateway: true });
    serviceCenter = await startServiceCenter(0);
    const port = Number(new URL(serviceCenter.url).port);
    gateway = await buildGateway({
      trust: departments.authentication.trustFor('gateway'),
      supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: {
        ...Object.fromEntries([...departments.subgraphs].map(([name, s]) => [name, s.url])),
        'service-center': serviceCenter.url,
      },
    });
    const gatewayUrl = `${await gateway.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;

    const { eligible, twins, parentInOtherProvince, assistanceFamily } = scenarios.birthRecords;
    const birth = eligible.find(
      (id) => !twins.includes(id) && id !== parentInOtherProvince && id !== assistanceFamily,
    );
    if (!birth) throw new Error('the seed has no plain eligible birth');
    const publicSecurity = departments.departmentSystems.get('public-security')?.server;
    const health = departments.departmentSystems.get('health')?.server;
    if (!publicSecurity || !health) throw new Error('departments did not start');
    const registrations = () =>
      (publicSecurity.db.prepare('SELECT COUNT(*) AS n FROM birth_registrations').get() as { n: number }).n;

    // Public security registers the child, but its answer is held back: the process dies before it arrives.
    publicSecurity.faults.inject('POST /v1/birth-registrations', { kind: 'delayAnswer', ms: 5_000 }, 1);
    const pending = registerNewborn(gatewayUrl, departments.authentication.issuer, birth, {
      childName: '杨子墨',
    }).catch(() => undefined);
    await eventually(() => (registrations() === 1 ? true : undefined));
    await serviceCenter.kill();
    await pending;

    serviceCenter = await startServiceCenter(port);
    const mother = parentsOnReport(birth).mother as string;
    const asMother = await bearer(departments.authentication.issuer, mother);
    type Applications = {
      person: {
        applications: Array<{
          id: string;
          status: string;
          items: Array<{ step: string; reference: string | null }>;
        }>;
      };
    };
    const application = await eventually(async () => {
      const answer = await graphql<Applications>(
        gatewayUrl,
        'query($id: CitizenId!) { person(citizenId: $id) { applications { id status items { step reference } } } }',
        { id: mother },
        asMother,
      );
      const found = answer.data?.person.applications[0];
      return found?.status === 'COMPLETED' ? found : undefined;
    });

    expect(application.status).toBe('COMPLETED');
    // The hukou act was asked for again after the restart, and answered from the first registration.
    expect(publicSecurity.calls.count('POST /v1/birth-registrations')).toBe(2);
    expect(registrations()).toBe(1);
    const citizenId = application.items.find((item) => item.step === 'registerHukou')?.reference;
    const registered = publicSecurity.db
      .prepare('SELECT citizen_id FROM birth_registrations')
      .all() as Array<{ citizen_id: string }>;
    expect(registered.map((row) => row.citizen_id)).toEqual([citizenId]);
    const certificates = health.db
      .prepare('SELECT COUNT(*) AS n FROM birth_certificates WHERE birth_record_id = ?')
      .get(birth) as { n: number };
    expect(certificates.n).toBe(1);
  });
});
