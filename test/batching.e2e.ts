import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import personsSeed from '../mocks/public-security/data/persons.json' with { type: 'json' };
import type { RunningSystem } from '../system/startSystem.ts';
import { AUDITOR, authorization, graphql, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const callsPerDepartment = () =>
  Object.fromEntries([...system.departmentSystems].map(([name, { server }]) => [name, server.calls.count()]));

describe('DataLoader batching', () => {
  it('answers 100 people with fields from all five departments in one department-system call each', async () => {
    const ids = personsSeed.slice(0, 100).map((person) => person.citizenId);
    for (const { server } of system.departmentSystems.values()) server.calls.reset();

    const response = await graphql<{ people: Array<Record<string, unknown> | null> }>(
      system.gatewayUrl as string,
      `query People($ids: [CitizenId!]!) {
        people(citizenIds: $ids) {
          citizenId name birthDate
          maritalStatus assistanceCase { id }
          birthCertificate { number } vaccinationRecord { openedOn }
          enrolments { entryYear } schoolAgeRegistration { expectedEntryYear }
          medicalInsurance { scheme }
        }
      }`,
      { ids },
      await authorization(system, AUDITOR),
    );

    expect(response.errors).toBeUndefined();
    expect(response.data?.people).toHaveLength(100);
    expect(response.data?.people.every((person) => person !== null)).toBe(true);
    expect(callsPerDepartment()).toEqual({
      'civil-affairs': 1,
      health: 1,
      'public-security': 1,
      education: 1,
      'medical-insurance': 1,
    });
  });

  it('does not share loaders across requests: a second request calls each department again', async () => {
    const [first] = personsSeed;
    for (const { server } of system.departmentSystems.values()) server.calls.reset();
    const query = 'query($id: CitizenId!) { person(citizenId: $id) { name maritalStatus } }';
    const headers = await authorization(system, AUDITOR);
    await graphql(system.gatewayUrl as string, query, { id: first?.citizenId }, headers);
    await graphql(system.gatewayUrl as string, query, { id: first?.citizenId }, headers);
    expect(callsPerDepartment()).toMatchObject({ 'public-security': 2, 'civil-affairs': 2 });
  });
});
