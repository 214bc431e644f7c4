/**
 * A department system's fixed response time (`latencyMs`, what the errand benchmarks stand a real
 * department's latency in with): every answer leaves that long after its request arrived, the system's
 * own work done within it — never sooner, and not that long on top of the work.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Scenarios, scenariosSchema } from '../../scripts/seed/scenarios.ts';
import { buildDepartmentSystem } from '../health/server.ts';
import scenariosJson from '../scenarios.json' with { type: 'json' };
import { DEFAULT_SEED_DIR } from './config.ts';
import type { DepartmentSystem } from './server.ts';
import { createTestCallers, serviceCenterFor } from './testing.ts';

const scenarios: Scenarios = scenariosSchema.parse(scenariosJson);
const callers = await createTestCallers('health');
const LATENCY_MS = 400;
const READ = 'POST /v1/birth-records/batch-get';

let system: DepartmentSystem;

beforeEach(() => {
  system = buildDepartmentSystem({
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    today: () => scenarios.referenceDate,
    trust: callers.trust,
    latencyMs: LATENCY_MS,
  });
});

afterEach(async () => {
  await system.app.close();
});

/** Reads a birth record as the service-center would; answers the status and how long it took. */
async function timedRead(): Promise<{ status: number; ms: number }> {
  const headers = await callers.headersFor(serviceCenterFor(scenarios.citizens.child));
  const started = performance.now();
  const response = await system.app.inject({
    method: 'POST',
    url: '/v1/birth-records/batch-get',
    payload: { ids: [scenarios.birthRecords.eligible[0]] },
    headers,
  });
  return { status: response.statusCode, ms: performance.now() - started };
}

describe('a department system with a fixed response time', () => {
  it('answers no sooner than its response time after the request arrived', async () => {
    const { status, ms } = await timedRead();
    expect(status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(LATENCY_MS - 1);
  });

  it('does its own work within that time, not after it', async () => {
    // 300 ms of the system's own work (a slow look-up): within the 400 ms, the answer leaves at about
    // 400 ms; were the response time added after the work, at about 700 ms.
    system.faults.inject(READ, { kind: 'delay', ms: 300 }, 1);
    const { status, ms } = await timedRead();
    expect(status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(LATENCY_MS - 1);
    expect(ms).toBeLessThan(LATENCY_MS + 250);
  });

  it('answers /health at once', async () => {
    const started = performance.now();
    const response = await system.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(LATENCY_MS);
  });
});
