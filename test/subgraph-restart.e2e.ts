import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { eventually } from './support/eventually.ts';
import { type ServerProcess, startServerProcess } from './support/process.ts';
import {
  AUDITOR,
  authorization,
  type GraphQLResponse,
  graphql,
  scenarios,
  startTestSystem,
} from './support/system.ts';

let system: RunningSystem | undefined;
let health: ServerProcess | undefined;

afterEach(async () => {
  await health?.kill();
  await system?.stop();
  health = undefined;
  system = undefined;
});

/** The health department (API and subgraph) as a process of its own; `port` 0 for any free port. */
function startHealth(port = 0): Promise<ServerProcess> {
  return startServerProcess('test/support/departmentProcess.ts', {
    DEPARTMENT: 'health',
    SUBGRAPH_PORT: String(port),
  });
}

const PROFILE = `query($id: CitizenId!) {
  person(citizenId: $id) { name maritalStatus vaccinationRecord { openedOn } }
}`;

type Profile = { person: { name: string; maritalStatus: string; vaccinationRecord: unknown } | null };

async function profile(): Promise<GraphQLResponse<Profile>> {
  if (!system) throw new Error('the system is not running');
  return graphql<Profile>(
    system.gatewayUrl as string,
    PROFILE,
    { id: scenarios.citizens.child },
    await authorization(system, AUDITOR),
  );
}

/** Asks until `accept` holds for an answer; fails with the last answer after the deadline. */
async function until(
  accept: (response: GraphQLResponse<Profile>) => boolean,
): Promise<GraphQLResponse<Profile>> {
  let last: GraphQLResponse<Profile> | undefined;
  return eventually(
    async () => {
      last = await profile();
      return accept(last) ? last : undefined;
    },
    { intervalMs: 100 },
    () => last,
  );
}

const reasonsOf = (response: GraphQLResponse<Profile>) =>
  (response.errors ?? []).map((error) => error.extensions?.reason);

describe('a subgraph process killed and started again', () => {
  it('degrades to the other departments, fails fast while it is down, and recovers by itself', async () => {
    health = await startHealth();
    const port = Number(new URL(health.url).port);
    system = await startTestSystem({
      external: { health: health.url },
      gatewayResilience: { breakerResetMs: 500, breakerVolumeThreshold: 3, timeoutMs: 5_000 },
    });

    const before = await profile();
    expect(before.errors).toBeUndefined();
    expect(before.data?.person?.vaccinationRecord).not.toBeNull();

    await health.kill();
    // Every answer still has public security's and civil affairs' fields, with an error naming
    // health; after a few failures the circuit opens and the gateway stops calling it.
    const down = await until((response) => reasonsOf(response).includes('CIRCUIT_OPEN'));
    expect(down.data?.person).toMatchObject({ name: expect.any(String), maritalStatus: expect.any(String) });
    expect(down.data?.person?.vaccinationRecord).toBeNull();
    expect(down.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'health',
    });

    // Started again where it listened: the circuit lets a probe through and closes.
    health = await startHealth(port);
    const recovered = await until((response) => response.errors === undefined);
    expect(recovered.data?.person?.vaccinationRecord).toEqual(before.data?.person?.vaccinationRecord);

    const metrics = await (await fetch(new URL('/metrics', system.gatewayUrl))).text();
    expect(metrics).toMatch(
      /^onething_subgraph_circuit_state\{subgraph="health",state="closed",service="gateway"\} 1$/m,
    );
  });
});
