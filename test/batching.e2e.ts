import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import personsSeed from '../mocks/public-security/data/persons.json' with { type: 'json' };
import type { RunningSystem } from '../system/startSystem.ts';
import { personalFieldsByDepartment } from './support/personalFields.ts';
import { AUDITOR, authorization, graphql, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** Every department's personal fields of a person, read from its SDL (rover.yaml lists the departments). */
const PERSONAL_FIELDS = personalFieldsByDepartment();

const callsPerDepartment = () =>
  Object.fromEntries([...system.departmentSystems].map(([name, { server }]) => [name, server.calls.count()]));

describe('DataLoader batching', () => {
  it('answers 100 people with fields from every department in one department-system call each', async () => {
    const ids = personsSeed.slice(0, 100).map((person) => person.citizenId);
    for (const { server } of system.departmentSystems.values()) server.calls.reset();

    // Public security answers the people themselves; every other department all its personal fields.
    const response = await graphql<{ people: Array<Record<string, unknown> | null> }>(
      system.gatewayUrl as string,
      `query People($ids: [CitizenId!]!) {
        people(citizenIds: $ids) {
          citizenId name birthDate
          ${[...PERSONAL_FIELDS.values()].flat().join('\n          ')}
        }
      }`,
      { ids },
      await authorization(system, AUDITOR),
    );

    expect(response.errors).toBeUndefined();
    expect(response.data?.people).toHaveLength(100);
    expect(response.data?.people.every((person) => person !== null)).toBe(true);
    const asked = (name: string) => name === 'public-security' || PERSONAL_FIELDS.has(name);
    const expected = Object.fromEntries(
      [...system.departmentSystems.keys()].map((name) => [name, asked(name) ? 1 : 0]),
    );
    // Every department of today's graph is asked: the selection is not empty by mistake.
    expect(Object.values(expected).filter((calls) => calls === 1).length).toBeGreaterThanOrEqual(5);
    expect(callsPerDepartment()).toEqual(expected);
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
