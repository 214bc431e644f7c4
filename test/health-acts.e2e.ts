import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../lib/citizenId.ts';
import { buildDepartmentSystem } from '../mocks/health/server.ts';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import type { DepartmentSystem } from '../mocks/kit/server.ts';
import { buildSubgraph } from '../subgraphs/health/server.ts';
import type { SubgraphServer } from '../subgraphs/kit/server.ts';
import {
  createTestAuthentication,
  executeOperation,
  type TestAuthentication,
} from '../subgraphs/kit/testing.ts';

// The health steps of the newborn errand, as the service center sends them, against the real mock
// department system on port 0: proves the subgraph and the API agree on the contract.
const TODAY = '2026-11-20';
const REPORT = 'BR202610030001';

let api: DepartmentSystem;
let subgraph: SubgraphServer;
let auth: TestAuthentication;
/**
 * The service center on the errand: it reads the report and performs the acts, acting for the
 * applicant (the mother on the report) on her application, as the department requires of its writers.
 */
let serviceCenter: Record<string, string>;

beforeAll(async () => {
  auth = await createTestAuthentication();
  // The department system verifies the delegations the subgraph signs, as in the running system.
  api = buildDepartmentSystem({
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    today: () => TODAY,
    trust: auth.trustFor('health-system'),
  });
  const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  subgraph = await buildSubgraph({
    departmentSystemUrl: url,
    today: () => TODAY,
    trust: auth.trustFor('health'),
  });
  serviceCenter = await auth.bearer({
    kind: 'service',
    service: 'service-center',
    actingFor: '500107200011116645',
    applicationId: 'NB-1',
  });
});

afterAll(async () => {
  await subgraph.app.close();
  await api.app.close();
});

async function run<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = serviceCenter,
): Promise<T> {
  const response = await executeOperation<T>(subgraph.app, query, variables, headers);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

describe('the newborn errand’s health steps, end to end', () => {
  it('certifies, opens the record, binds the citizen ID, and the child then resolves by it', async () => {
    const { birthRecord } = await run<{
      birthRecord: {
        birthDate: string;
        sex: 'MALE' | 'FEMALE';
        status: string;
        mother: { citizenId: string };
      };
    }>('query($id: ID!) { birthRecord(id: $id) { birthDate sex status mother { citizenId } } }', {
      id: REPORT,
    });
    expect(birthRecord.status).toBe('REPORTED');

    const { issueBirthCertificate } = await run<{ issueBirthCertificate: { number: string } }>(
      `mutation($id: ID!, $name: String!, $key: String!) {
        issueBirthCertificate(birthRecordId: $id, childName: $name, idempotencyKey: $key) { number }
      }`,
      { id: REPORT, name: '王梓涵', key: 'NB-1:issueBirthCertificate' },
    );
    const { openVaccinationRecord } = await run<{
      openVaccinationRecord: { id: string; clinic: { name: string } };
    }>(
      `mutation($id: ID!, $divisionCode: String!, $street: String!, $key: String!) {
        openVaccinationRecord(birthRecordId: $id, divisionCode: $divisionCode, street: $street, idempotencyKey: $key) {
          id clinic { name }
        }
      }`,
      { id: REPORT, divisionCode: '500106', street: '沙坪坝街道', key: 'NB-1:openVaccinationRecord' },
    );
    const citizenId = composeCitizenId({
      divisionCode: '500106',
      birthDate: birthRecord.birthDate,
      sequence: birthRecord.sex === 'MALE' ? 1 : 2,
      sex: birthRecord.sex,
    });
    const bind = `mutation($id: ID!, $citizenId: CitizenId!, $key: String!) {
      bindNewbornIdentity(birthRecordId: $id, citizenId: $citizenId, idempotencyKey: $key) { id status child { citizenId } }
    }`;
    const bound = await run(bind, { id: REPORT, citizenId, key: 'NB-1:bindHealthRecords' });
    expect(bound).toEqual({ bindNewbornIdentity: { id: REPORT, status: 'CERTIFIED', child: { citizenId } } });
    // A restarted errand repeats the step with the same key and gets the same answer.
    expect(await run(bind, { id: REPORT, citizenId, key: 'NB-1:bindHealthRecords' })).toEqual(bound);

    // The mother reads her child's records with the grant public security hands her for the child.
    const mother = birthRecord.mother.citizenId;
    const person = await run<{ _entities: unknown[] }>(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person {
        birthCertificate { number childName birthRecord { id } }
        vaccinationRecord { id clinic { name } doses { vaccine } completeForSchoolEntry }
      } } }`,
      {
        representations: [
          { __typename: 'Person', citizenId, accessGrant: await auth.grants.grant(mother, citizenId) },
        ],
      },
      await auth.bearer(mother),
    );
    expect(person._entities).toEqual([
      {
        birthCertificate: {
          number: issueBirthCertificate.number,
          childName: '王梓涵',
          birthRecord: { id: REPORT },
        },
        vaccinationRecord: {
          id: openVaccinationRecord.id,
          clinic: openVaccinationRecord.clinic,
          doses: [{ vaccine: 'HepB' }, { vaccine: 'BCG' }],
          completeForSchoolEntry: false,
        },
      },
    ]);
  });
});
