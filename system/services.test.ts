import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentOf } from './serviceEnvironment.ts';
import { buildServiceServer } from './services.ts';
import { readEnvFile } from './startProduction.ts';
import { ROOT } from './topology.ts';

let dir: string;
let deployment: NodeJS.ProcessEnv;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onething-services-'));
  const keys = path.join(dir, 'keys');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', '--out', keys], {
    cwd: ROOT,
  });
  deployment = readEnvFile(path.join(keys, 'onething.env'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a department system in production', () => {
  it('starts with the audit key npm run keys wrote for it', async () => {
    const server = await buildServiceServer('health-system', environmentOf('health-system', deployment));
    await server.close();
  });

  it('refuses to start without an audit key, naming AUDIT_KEY_FILE', async () => {
    const { AUDIT_KEY_FILE__HEALTH_SYSTEM: _key, ...withoutKey } = deployment;
    await expect(
      buildServiceServer('health-system', environmentOf('health-system', withoutKey)),
    ).rejects.toThrow(/AUDIT_KEY_FILE is not set: health-system needs its audit log's key in production/);
  });
});

describe('the service-center in production', () => {
  it('starts with the audit key npm run keys wrote for its own log', async () => {
    expect(deployment.AUDIT_KEY_FILE__SERVICE_CENTER).toMatch(/audit\/service-center\.key$/);
    const server = await buildServiceServer('service-center', environmentOf('service-center', deployment));
    await server.close();
  });

  it('refuses to start without an audit key, naming AUDIT_KEY_FILE', async () => {
    const { AUDIT_KEY_FILE__SERVICE_CENTER: _key, ...withoutKey } = deployment;
    await expect(
      buildServiceServer('service-center', environmentOf('service-center', withoutKey)),
    ).rejects.toThrow(/AUDIT_KEY_FILE is not set: service-center needs its audit log's key in production/);
  });
});
