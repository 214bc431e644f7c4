import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/identity.ts';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { executeOperation } from '../kit/testing.ts';
import { buildSubgraph } from './server.ts';
import { createTestAuthentication, type TestAuthentication } from './testing.ts';

// Who may read `Person.healthDataUses`. The department API is faked with nock at a host that can never
// resolve, and records whom it is asked about: a refusal must not even reach the department.
const API = 'http://health-api.invalid';

const mother = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1992-04-18',
  sequence: 22,
  sex: 'FEMALE',
});
const father = composeCitizenId({
  divisionCode: '650102',
  birthDate: '1990-01-09',
  sequence: 13,
  sex: 'MALE',
});
const child = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2019-05-10',
  sequence: 17,
  sex: 'MALE',
});

const entry = (actor: string, extra: Record<string, unknown> = {}) => ({
  at: '2026-11-20T02:15:07.123Z',
  department: 'health',
  actor,
  actingFor: null,
  purpose: 'operation CitizenProfile',
  action: 'POST /v1/people/batch-get',
  subjects: [mother],
  outcome: 200,
  requestId: 'req-1',
  ...extra,
});
/** The mother's log, newest first: the service center for the father, the father, a clerk, herself. */
const motherLog = [
  entry('service:service-center', { actingFor: father, purpose: 'application NB-20261120-000001' }),
  entry(father, { subjects: [father, mother] }),
  entry('staff:health', { purpose: 'operation ClerkLookup' }),
  entry(mother, { actingFor: null, outcome: 403, purpose: null }),
];
const logs: Record<string, unknown[]> = { [mother]: motherLog, [child]: [entry(father)] };

/** The ids of every audit look-up, in order: whom the department was asked about. */
let auditCalls: string[][];

function fakeDepartment(): void {
  nock(API)
    .persist()
    .post('/v1/audit/by-subject')
    .reply(200, (_, body) => {
      const { ids } = body as { ids: string[] };
      auditCalls.push(ids);
      return { items: ids.map((citizenId) => ({ citizenId, entries: logs[citizenId] ?? [] })) };
    });
}

let subgraph: SubgraphServer;
let auth: TestAuthentication;

beforeAll(async () => {
  nock.disableNetConnect();
  auth = await createTestAuthentication();
  subgraph = await buildSubgraph({
    departmentApiUrl: API,
    departmentTimeoutMs: 500,
    today: () => '2026-11-20',
    verifier: auth.verifier,
    grants: auth.grants,
  });
});

beforeEach(() => {
  auditCalls = [];
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  await subgraph.app.close();
  nock.enableNetConnect();
});

const DATA_USES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { citizenId healthDataUses { department at who actingFor purpose action outcome } }
  }
}`;

type Caller = Exclude<Identity, { kind: 'anonymous' }> | string | null;

/** Reads the data uses of `citizenIds` as `caller` (anonymously for null), with a grant for each when given. */
async function readDataUses(caller: Caller, citizenIds: string[], grantFor?: string) {
  const representations = await Promise.all(
    citizenIds.map(async (citizenId) => ({
      __typename: 'Person',
      citizenId,
      accessGrant: grantFor ? await auth.grants.grant(grantFor, citizenId) : null,
    })),
  );
  return executeOperation<{ _entities: Array<{ citizenId: string; healthDataUses: unknown[] | null }> }>(
    subgraph.app,
    DATA_USES,
    { representations },
    caller ? await auth.bearer(caller) : {},
  );
}

describe('Person.healthDataUses', () => {
  it('answers the person who used their data and why, other citizens masked', async () => {
    fakeDepartment();
    const response = await readDataUses(mother, [mother]);
    expect(response.errors).toBeUndefined();
    const base = {
      department: 'health',
      at: '2026-11-20T02:15:07.123Z',
      action: 'POST /v1/people/batch-get',
    };
    expect(response.data?._entities[0]?.healthDataUses).toEqual([
      {
        ...base,
        who: 'service:service-center',
        actingFor: `citizen:${maskCitizenId(father)}`,
        purpose: 'application NB-20261120-000001',
        outcome: 200,
      },
      {
        ...base,
        who: `citizen:${maskCitizenId(father)}`,
        actingFor: null,
        purpose: 'operation CitizenProfile',
        outcome: 200,
      },
      { ...base, who: 'staff:health', actingFor: null, purpose: 'operation ClerkLookup', outcome: 200 },
      { ...base, who: 'self', actingFor: null, purpose: null, outcome: 403 },
    ]);
    expect(JSON.stringify(response.data)).not.toContain(father);
    expect(auditCalls).toEqual([[mother]]);
  });

  it('answers health auditors about many people in one department call', async () => {
    fakeDepartment();
    const response = await readDataUses('staff:health:health:audit', [mother, child, father]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities.map((person) => person.healthDataUses?.length)).toEqual([4, 1, 0]);
    expect(auditCalls).toEqual([[mother, child, father]]);
  });

  it('asks the department only about the people the caller may read', async () => {
    fakeDepartment();
    const response = await readDataUses(mother, [mother, father]);
    expect(response.data?._entities[0]?.healthDataUses).toHaveLength(4);
    expect(response.data?._entities[1]?.healthDataUses).toBeNull();
    expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1, 'healthDataUses'], 'FORBIDDEN'],
    ]);
    expect(auditCalls).toEqual([[mother]]);
  });

  const serviceCenterForMother: Caller = {
    kind: 'service',
    service: 'service-center',
    actingFor: mother,
    applicationId: 'NB-20261120-000001',
  };

  it.each<[string, Caller, string, string | undefined]>([
    ['a parent holding a grant for their minor child', father, child, father],
    ['a household member holding a grant', father, mother, father],
    [
      'health staff who may read the records but not audit them',
      'staff:health:health:read',
      mother,
      undefined,
    ],
    ['another department’s auditor', 'staff:civil-affairs:civil-affairs:audit', mother, undefined],
    ['the service center acting for the person', serviceCenterForMother, mother, undefined],
    ['a hospital', 'hospital:H500103001', mother, undefined],
  ])('refuses %s with FORBIDDEN, asking the department nothing', async (_, caller, subject, grantFor) => {
    fakeDepartment();
    const response = await readDataUses(caller, [subject], grantFor);
    expect(response.data?._entities[0]).toEqual({ citizenId: subject, healthDataUses: null });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(auditCalls).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    fakeDepartment();
    const response = await readDataUses(null, [mother]);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(auditCalls).toEqual([]);
  });

  it('is null with DOWNSTREAM_SERVICE_ERROR when the department fails, and the person still arrives', async () => {
    nock(API).post('/v1/audit/by-subject').reply(503, 'unavailable');
    const response = await readDataUses(mother, [mother]);
    expect(response.data?._entities[0]).toEqual({ citizenId: mother, healthDataUses: null });
    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.department])).toEqual([
      ['DOWNSTREAM_SERVICE_ERROR', 'health'],
    ]);
  });
});
