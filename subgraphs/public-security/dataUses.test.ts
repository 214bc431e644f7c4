import { exportJWK, generateKeyPair } from 'jose';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnonymousIdentity, Identity } from '../../lib/auth/identity.ts';
import { TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import type { PersonView } from '../../mocks/public-security/api.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { executeOperation } from '../kit/testing.ts';
import { buildSubgraph } from './server.ts';

// Who may read `Person.publicSecurityDataUses`. The department API is faked with nock at a host that
// can never resolve, and records whom its audit log is asked about: a refusal must not reach it.
const API = 'http://public-security-api.invalid';
const HOUSEHOLD = '500103-000001';

const id = (birthDate: string, sequence: number) =>
  composeCitizenId({ divisionCode: '500103', birthDate, sequence, sex: sequence % 2 ? 'MALE' : 'FEMALE' });
/** The mother, head of the household; her log is the one read. */
const MOTHER = id('1992-04-18', 22);
/** The father, in the same household. */
const FATHER = id('1990-01-09', 13);
/** Their son, 7. */
const CHILD = id('2019-05-10', 17);
/** A valid citizen ID the register does not know. */
const UNKNOWN = id('1988-02-14', 55);

function person(citizenId: string, extra: Partial<PersonView> = {}): PersonView {
  return {
    citizenId,
    name: '李秀英',
    sex: Number(citizenId[16]) % 2 ? 'MALE' : 'FEMALE',
    birthDate: `${citizenId.slice(6, 10)}-${citizenId.slice(10, 12)}-${citizenId.slice(12, 14)}`,
    ethnicity: '汉族',
    householdId: HOUSEHOLD,
    relationToHead: 'HEAD',
    phone: null,
    fatherCitizenId: null,
    motherCitizenId: null,
    hukouDivisionCode: '500103',
    ...extra,
  };
}
const REGISTER = new Map(
  [
    person(MOTHER),
    person(FATHER, { relationToHead: 'SPOUSE' }),
    person(CHILD, { relationToHead: 'CHILD', fatherCitizenId: FATHER, motherCitizenId: MOTHER }),
  ].map((entry) => [entry.citizenId, entry]),
);

const entry = (actor: string, extra: Record<string, unknown> = {}) => ({
  at: '2026-11-20T02:15:07.123Z',
  department: 'public-security',
  actor,
  actingFor: null,
  purpose: 'operation CitizenProfile',
  action: 'POST /v1/persons/batch-get',
  subjects: [MOTHER],
  outcome: 200,
  requestId: 'req-1',
  ...extra,
});
/** The mother's log, newest first: the service center for the father, the father, a clerk, herself. */
const motherLog = [
  entry('service:service-center', { actingFor: FATHER, purpose: 'application NB-20261120-000001' }),
  entry(FATHER, { subjects: [FATHER, MOTHER] }),
  entry('staff:public-security', { purpose: 'operation ClerkLookup' }),
  entry(MOTHER, { outcome: 403, purpose: null }),
];
const logs: Record<string, unknown[]> = { [MOTHER]: motherLog, [CHILD]: [entry(FATHER)] };

/** The ids of every audit look-up, in order: whom the department's log was asked about. */
let auditCalls: string[][];

function fakeDepartment(audit: 'up' | 'down' = 'up'): void {
  nock(API)
    .persist()
    .post('/v1/persons/batch-get')
    .reply(200, (_, body) => ({
      items: (body as { ids: string[] }).ids.flatMap((citizenId) => REGISTER.get(citizenId) ?? []),
    }));
  const scope = nock(API).persist().post('/v1/audit/by-subject');
  if (audit === 'down') {
    scope.reply(503, 'unavailable');
    return;
  }
  scope.reply(200, (_, body) => {
    const { ids } = body as { ids: string[] };
    auditCalls.push(ids);
    return { items: ids.map((citizenId) => ({ citizenId, entries: logs[citizenId] ?? [] })) };
  });
}

type Caller = Exclude<Identity, AnonymousIdentity>;

let issuer: TokenIssuer;
let subgraph: SubgraphServer;

beforeAll(async () => {
  nock.disableNetConnect();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = 'public-security-data-uses-test';
  issuer = new TokenIssuer({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }, 'test', 'onething');
  subgraph = await buildSubgraph({
    departmentApiUrl: API,
    departmentTimeoutMs: 500,
    today: () => '2026-11-20',
    verifier: new TokenVerifier(
      { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
      { issuer: 'test', audience: 'onething' },
    ),
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
    ... on Person { citizenId publicSecurityDataUses { department at who actingFor purpose action outcome } }
  }
}`;

/** Reads the data uses of `citizenIds` as `caller` (anonymously without one). */
async function readDataUses(caller: Caller | null, citizenIds: string[]) {
  const headers: Record<string, string> = caller
    ? { authorization: `Bearer ${await issuer.mint(caller)}` }
    : {};
  return executeOperation<{
    _entities: Array<{ citizenId: string; publicSecurityDataUses: unknown[] | null } | null>;
  }>(
    subgraph.app,
    DATA_USES,
    { representations: citizenIds.map((citizenId) => ({ __typename: 'Person', citizenId })) },
    headers,
  );
}

const citizen = (citizenId: string): Caller => ({ kind: 'citizen', citizenId });
const staff = (department: string, ...scopes: string[]): Caller => ({ kind: 'staff', department, scopes });

describe('Person.publicSecurityDataUses', () => {
  it('answers the person who used their data and why, other citizens masked', async () => {
    fakeDepartment();
    const response = await readDataUses(citizen(MOTHER), [MOTHER]);
    expect(response.errors).toBeUndefined();
    const base = {
      department: 'public-security',
      at: '2026-11-20T02:15:07.123Z',
      action: 'POST /v1/persons/batch-get',
    };
    const father = `citizen:${maskCitizenId(FATHER)}`;
    expect(response.data?._entities[0]?.publicSecurityDataUses).toEqual([
      {
        ...base,
        who: 'service:service-center',
        actingFor: father,
        purpose: 'application NB-20261120-000001',
        outcome: 200,
      },
      { ...base, who: father, actingFor: null, purpose: 'operation CitizenProfile', outcome: 200 },
      {
        ...base,
        who: 'staff:public-security',
        actingFor: null,
        purpose: 'operation ClerkLookup',
        outcome: 200,
      },
      { ...base, who: 'self', actingFor: null, purpose: null, outcome: 403 },
    ]);
    expect(JSON.stringify(response.data)).not.toContain(FATHER);
    expect(auditCalls).toEqual([[MOTHER]]);
  });

  it('answers public-security auditors about many people in one department call', async () => {
    fakeDepartment();
    const response = await readDataUses(staff('public-security', 'public-security:audit'), [
      MOTHER,
      CHILD,
      FATHER,
    ]);
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities.map((p) => p?.publicSecurityDataUses?.length)).toEqual([4, 1, 0]);
    expect(auditCalls).toEqual([[MOTHER, CHILD, FATHER]]);
  });

  it.each<[string, Caller, string]>([
    ['a parent of a minor child, who may read the child’s register entry', citizen(MOTHER), CHILD],
    ['a household member, who may read the register entry', citizen(FATHER), MOTHER],
    [
      'public-security staff who may read the register but not audit it',
      staff('public-security', 'public-security:read'),
      MOTHER,
    ],
    ['another department’s auditor', staff('health', 'health:audit'), MOTHER],
    [
      'the service center acting for the person',
      { kind: 'service', service: 'service-center', actingFor: MOTHER, applicationId: 'NB-20261120-000001' },
      MOTHER,
    ],
    ['a hospital', { kind: 'hospital', hospitalId: 'H500103001' }, MOTHER],
    ['a citizen asking about an ID the register does not know', citizen(MOTHER), UNKNOWN],
  ])('refuses %s with FORBIDDEN, asking the audit log nothing', async (_, caller, subject) => {
    fakeDepartment();
    const response = await readDataUses(caller, [subject]);
    expect(response.data?._entities[0]).toEqual({ citizenId: subject, publicSecurityDataUses: null });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(auditCalls).toEqual([]);
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    fakeDepartment();
    const response = await readDataUses(null, [MOTHER]);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(auditCalls).toEqual([]);
  });

  it('is null with DOWNSTREAM_SERVICE_ERROR when the audit log fails, and the person still arrives', async () => {
    fakeDepartment('down');
    const response = await readDataUses(citizen(MOTHER), [MOTHER]);
    expect(response.data?._entities[0]).toEqual({ citizenId: MOTHER, publicSecurityDataUses: null });
    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.department])).toEqual([
      ['DOWNSTREAM_SERVICE_ERROR', 'public-security'],
    ]);
  });
});
