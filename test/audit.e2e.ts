import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { registerNewborn } from './support/newborn.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('audit of personal data', () => {
  it('records who read whose data, for which operation — as the gateway signed it, whatever the client says — in the department that holds it', async () => {
    const citizenId = scenarios.citizens.profile;
    const token = await system.authentication.issuer.mint({ kind: 'citizen', citizenId });
    const response = await graphql(
      system.gatewayUrl as string,
      'query CitizenProfile($id: CitizenId!) { person(citizenId: $id) { name maritalStatus } }',
      { id: citizenId },
      // A purpose the client makes up is not what the audit log records: the gateway signs its own.
      { authorization: `Bearer ${token}`, 'x-onething-purpose': 'routine check, nothing to see' },
    );
    expect(response.errors).toBeUndefined();
    for (const department of ['public-security', 'civil-affairs']) {
      const [latest] = system.departmentSystems.get(department)?.server.audit.entriesAbout(citizenId) ?? [];
      expect(latest).toMatchObject({
        department,
        actor: citizenId,
        actingFor: null,
        purpose: 'operation CitizenProfile',
        subjects: expect.arrayContaining([citizenId]),
        outcome: 200,
      });
    }
  });

  it('records the service-center acting for the applicant on a named application', async () => {
    const birth = scenarios.birthRecords.eligible.find(
      (id) =>
        !scenarios.birthRecords.twins.includes(id) && id !== scenarios.birthRecords.parentInOtherProvince,
    ) as string;
    const payload = (await registerNewborn(system.gatewayUrl as string, system.authentication.issuer, birth))
      .data?.registerNewborn;
    const citizenId = payload?.newborn?.citizenId as string;
    const entries =
      system.departmentSystems.get('public-security')?.server.audit.entriesAbout(citizenId) ?? [];
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'POST /v1/birth-registrations',
        actor: 'service:service-center',
        actingFor: payload?.application.applicant.citizenId,
        purpose: `application ${payload?.application.id}`,
      }),
    );
    for (const { server } of system.departmentSystems.values())
      expect(server.audit.verify()).toMatchObject({ ok: true });
  });
});
