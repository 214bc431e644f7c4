import { afterEach, describe, expect, it } from 'vitest';
import type { Fault } from '../mocks/kit/faults.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { eventually } from './support/eventually.ts';
import { AUDITOR, authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** Short timeouts and a quick breaker, so a test sees a department fail, open, probe and recover. */
async function start() {
  system = await startTestSystem({
    departmentTimeoutMs: 300,
    gatewayResilience: { timeoutMs: 2_000, breakerVolumeThreshold: 3, breakerResetMs: 400, readAttempts: 1 },
  });
  return { system, headers: await authorization(system, AUDITOR) };
}

const PROFILE = `query Profile($id: CitizenId!) {
  person(citizenId: $id) { name maritalStatus vaccinationRecord { openedOn } enrolments { entryYear } }
}`;

describe('a department system that misbehaves', () => {
  it.each<[string, Fault, string]>([
    ['answers 500', { kind: 'status', status: 500 }, 'HTTP_ERROR'],
    ['hangs', { kind: 'delay', ms: 20_000 }, 'TIMEOUT'],
    ['closes the connection', { kind: 'drop' }, 'UNREACHABLE'],
    ['answers malformed JSON', { kind: 'malformed' }, 'MALFORMED_RESPONSE'],
  ])(
    'health %s: the other departments answer, the error names health, nothing hangs',
    async (_, fault, reason) => {
      const { system, headers } = await start();
      system.departmentSystems.get('health')?.server.faults.inject('*', fault);
      const started = Date.now();
      const response = await graphql<{ person: Record<string, unknown> }>(
        system.gatewayUrl as string,
        PROFILE,
        { id: scenarios.citizens.child },
        headers,
      );
      // Bounded by the department timeout, never by the department: a hung one would hold it 20 s.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(response.data?.person).toMatchObject({ name: expect.any(String), vaccinationRecord: null });
      expect(response.data?.person.maritalStatus).not.toBeUndefined();
      expect(response.errors?.map((e) => e.extensions)).toContainEqual(
        expect.objectContaining({ code: 'DOWNSTREAM_SERVICE_ERROR', department: 'health', reason }),
      );
    },
  );

  it('opens the health circuit after repeated failures, fails fast, then probes and closes when health is back', async () => {
    const { system, headers } = await start();
    const health = system.departmentSystems.get('health')?.server;
    health?.faults.inject('*', { kind: 'delay', ms: 20_000 });
    const ask = () =>
      graphql(system.gatewayUrl as string, PROFILE, { id: scenarios.citizens.child }, headers);
    for (let i = 0; i < 3; i++) await ask();
    const calls = health?.calls.count() ?? 0;
    const fast = await ask();
    // Failing fast: health is not asked at all while the circuit is open.
    expect(fast.errors?.map((e) => e.extensions)).toContainEqual(
      expect.objectContaining({ department: 'health', reason: 'CIRCUIT_OPEN' }),
    );
    expect(health?.calls.count()).toBe(calls);
    const metrics = await (await fetch((system.gatewayUrl as string).replace(/graphql$/, 'metrics'))).text();
    expect(metrics).toMatch(
      /^onething_subgraph_circuit_state\{subgraph="health",state="open",service="gateway"\} 1$/m,
    );
    expect(metrics).toMatch(
      /^onething_subgraph_circuit_state\{subgraph="health",state="closed",service="gateway"\} 0$/m,
    );

    health?.faults.clear();
    // After the reset time one request probes health; once it answers, the circuit closes.
    let last: Awaited<ReturnType<typeof ask>> | undefined;
    const recovered = await eventually(
      async () => {
        last = await ask();
        return last.errors ? undefined : last;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
      () => last?.errors,
    );
    expect(recovered.errors).toBeUndefined();
    const after = await (await fetch((system.gatewayUrl as string).replace(/graphql$/, 'metrics'))).text();
    expect(after).toMatch(
      /^onething_subgraph_circuit_state\{subgraph="health",state="closed",service="gateway"\} 1$/m,
    );
    expect(after).toMatch(
      /^onething_subgraph_circuit_state\{subgraph="health",state="open",service="gateway"\} 0$/m,
    );
  });

  it('keeps answering queries that do not touch the failing department at full speed', async () => {
    const { system, headers } = await start();
    system.departmentSystems.get('health')?.server.faults.inject('*', { kind: 'delay', ms: 20_000 });
    const started = Date.now();
    const response = await graphql(
      system.gatewayUrl as string,
      '{ schools(divisionCode: "500103") { name } }',
      {},
      headers,
    );
    expect(response.errors).toBeUndefined();
    // Education answers without waiting on the hung health system (which would take 20 s).
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
