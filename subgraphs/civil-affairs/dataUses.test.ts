import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnonymousIdentity, Identity } from '../../lib/auth/identity.ts';
import { maskCitizenId } from '../../lib/citizenId.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { executeOperation } from '../kit/testing.ts';
import {
  FAKE_CIVIL_AFFAIRS_API as API,
  child,
  citizen,
  husband,
  serviceCenterFor,
  staff,
  type TestAuthentication,
  testAuthentication,
  wife,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// Who may read `Person.civilAffairsDataUses`. The department API is faked with nock at a host that can never
// resolve, and records whom it is asked about: a refusal must not even reach the department.
// The wife's log is read; her husband (also the parent of their minor child) is the other citizen in it.

const entry = (actor: string, extra: Record<string, unknown> = {}) => ({
  at: '2026-11-20T02:15:07.123Z',
  department: 'civil-affairs',
  actor,
  actingFor: null,
  purpose: 'operation CitizenProfile',
  action: 'POST /v1/people/batch-get',
  subjects: [wife],
  outcome: 200,
  requestId: 'req-1',
  ...extra,
});
/** The wife's log, newest first: the service center for her husband, her husband, a clerk, herself. */
const subjectLog = [
  entry('service:service-center', { actingFor: husband, purpose: 'application NB-20261120-000001' }),
  entry(husband, { subjects: [husband, wife] }),
  entry('staff:civil-affairs', { purpose: 'operation ClerkLookup' }),
  entry(wife, { outcome: 403, purpose: null }),
];
const logs: Record<string, unknown[]> = { [wife]: subjectLog, [child]: [entry(husband)] };

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

let auth: TestAuthentication;
let subgraph: SubgraphServer;

beforeAll(async () => {
  nock.disableNetConnect();
  auth = await testAuthentication();
  subgraph = await buildSubgraph({
    departmentApiUrl: API,
    departmentTimeoutMs: 500,
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
    ... on Person { citizenId civilAffairsDataUses { department at who actingFor purpose action outcome } }
  }
}`;

type Caller = Exclude<Identity, AnonymousIdentity> | null;

/** Reads the data uses of `citizenIds` as `caller` (anonymously for null), with a grant for each when given. */
async function readDataUses(caller: Caller, citizenIds: string[], grantFor?: string) {
  const representations = await Promise.all(
    citizenIds.map(async (citizenId) => ({
      __typename: 'Person',
      citizenId,
      accessGrant: grantFor ? await auth.grants.grant(grantFor, citizenId) : null,
    })),
  );
  return executeOperation<{
    _entities: Array<{ citizenId: string; civilAffairsDataUses: unknown[] | null }>;
  }>(subgraph.app, DATA_USES, { representations }, await auth.headersFor(caller));
}

describe('Person.civilAffairsDataUses', () => {
  it('answers the person who used their data and why, other citizens masked', async () => {
    fakeDepartment();
    const response = await readDataUses(citizen(wife), [wife]);
    expect(response.errors).toBeUndefined();
    const base = {
      department: 'civil-affairs',
      at: '2026-11-20T02:15:07.123Z',
      action: 'POST /v1/people/batch-get',
    };
    const other = `citizen:${maskCitizenId(husband)}`;
    expect(response.data?._entities[0]?.civilAffairsDataUses).toEqual([
      {
        ...base,
        who: 'service:service-center',
        actingFor: other,
        purpose: 'application NB-20261120-000001',
        outcome: 200,
      },
      { ...base, who: other, actingFor: null, purpose: 'operation CitizenProfile', outcome: 200 },
      {
        ...base,
        who: 'staff:civil-affairs',
        actingFor: null,
        purpose: 'operation ClerkLookup',
        outcome: 200,
      },
      { ...base, who: 'self', actingFor: null, purpose: null, outcome: 403 },
    ]);
    expect(JSON.stringify(response.data)).not.toContain(husband);
    expect(auditCalls).toEqual([[wife]]);
  });

  it('answers civil-affairs auditors about many people in one department call', async () => {
    fakeDepartment();
    const response = await readDataUses(staff('civil-affairs', 'civil-affairs:audit'), [
      wife,
      child,
      husband,
    ]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities.map((person) => person.civilAffairsDataUses?.length)).toEqual([4, 1, 0]);
    expect(auditCalls).toEqual([[wife, child, husband]]);
  });

  it('asks the department only about the people the caller may read', async () => {
    fakeDepartment();
    const response = await readDataUses(citizen(wife), [wife, husband]);
    expect(response.data?._entities[0]?.civilAffairsDataUses).toHaveLength(4);
    expect(response.data?._entities[1]?.civilAffairsDataUses).toBeNull();
    expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1, 'civilAffairsDataUses'], 'FORBIDDEN'],
    ]);
    expect(auditCalls).toEqual([[wife]]);
  });

  it.each<[string, Caller, string, string | undefined]>([
    ['a parent holding a grant for their minor child', citizen(husband), child, husband],
    ['a household member holding a grant', citizen(husband), wife, husband],
    [
      'civil-affairs staff who may read the records but not audit them',
      staff('civil-affairs', 'civil-affairs:read'),
      wife,
      undefined,
    ],
    ['another department’s auditor', staff('health', 'health:audit'), wife, undefined],
    ['the service center acting for the person', serviceCenterFor(wife), wife, undefined],
    ['a hospital', { kind: 'hospital', hospitalId: 'H500103001' }, wife, undefined],
  ])('refuses %s with FORBIDDEN, asking the department nothing', async (_, caller, subject, grantFor) => {
    fakeDepartment();
    const response = await readDataUses(caller, [subject], grantFor);
    expect(response.data?._entities[0]).toEqual({ citizenId: subject, civilAffairsDataUses: null });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(auditCalls).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    fakeDepartment();
    const response = await readDataUses(null, [wife]);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(auditCalls).toEqual([]);
  });

  it('is null with DOWNSTREAM_SERVICE_ERROR when the department fails, and the person still arrives', async () => {
    nock(API).post('/v1/audit/by-subject').reply(503, 'unavailable');
    const response = await readDataUses(citizen(wife), [wife]);
    expect(response.data?._entities[0]).toEqual({ citizenId: wife, civilAffairsDataUses: null });
    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.department])).toEqual([
      ['DOWNSTREAM_SERVICE_ERROR', 'civil-affairs'],
    ]);
  });
});
