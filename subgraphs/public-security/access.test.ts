import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/identity.ts';
import { composeCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import { isMinorOn } from '../../lib/isoDate.ts';
import type { HouseholdView, PersonView } from '../../schema/public-security/contract.ts';
import { executeOperation, type GraphQLTestResponse } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://public-security-api.invalid';
const TODAY = '2026-11-20';

const H1 = '500103-000001';
const H2 = '500103-000002';
const H3 = '500105-000003';
const H4 = '500106-000004';
const H5 = '500106-000005';

const id = (divisionCode: string, birthDate: string, sequence: number) =>
  composeCitizenId({ divisionCode, birthDate, sequence, sex: sequence % 2 ? 'MALE' : 'FEMALE' });

/** The grandmother, alone in her own household; the mother is her grown-up daughter. */
const GRANDMOTHER = id('500103', '1965-03-08', 42);
/** The mother, head of household H1. */
const MOTHER = id('500103', '1992-04-18', 22);
/** The mother's father, living in her household. */
const GRANDFATHER = id('500103', '1960-01-05', 31);
/** The mother's and father's son, 6, in the mother's household. */
const CHILD = id('500103', '2020-06-01', 17);
/** The father's daughter from before, in the mother's household; 18 tomorrow. */
const TEEN = id('500103', '2008-11-21', 24);
/** The father, who lives in his own household. */
const FATHER = id('500105', '1985-07-09', 13);
/** Someone unrelated. */
const STRANGER = id('500106', '1988-02-14', 55);
/** The head of a university dormitory (a collective household) and two students in it. */
const DORMITORY_HEAD = id('500106', '1980-05-05', 11);
const STUDENT = id('500106', '2004-09-01', 21);
const ROOMMATE = id('500106', '2005-03-03', 23);
/** A valid citizen ID public security does not know. */
const UNKNOWN = id('500107', '1990-09-09', 77);

function person(
  citizenId: string,
  name: string,
  householdId: string,
  extra: Partial<PersonView> = {},
): PersonView {
  return {
    citizenId,
    name,
    sex: Number(citizenId[16]) % 2 ? 'MALE' : 'FEMALE',
    birthDate: `${citizenId.slice(6, 10)}-${citizenId.slice(10, 12)}-${citizenId.slice(12, 14)}`,
    ethnicity: '汉族',
    householdId,
    relationToHead: 'HEAD',
    phone: '13812345678',
    fatherCitizenId: null,
    motherCitizenId: null,
    hukouDivisionCode: householdId.slice(0, 6),
    householdKind: 'FAMILY',
    recordsSharedWith: [],
    recordsSharedByOthers: [],
    ...extra,
  };
}

const PEOPLE = new Map<string, PersonView>(
  [
    person(GRANDMOTHER, '王桂兰', H2),
    person(MOTHER, '李秀英', H1, { motherCitizenId: GRANDMOTHER, fatherCitizenId: GRANDFATHER }),
    person(GRANDFATHER, '李建国', H1, { relationToHead: 'PARENT' }),
    person(CHILD, '张小明', H1, {
      relationToHead: 'CHILD',
      phone: null,
      motherCitizenId: MOTHER,
      fatherCitizenId: FATHER,
    }),
    person(TEEN, '张晓雨', H1, { relationToHead: 'OTHER', fatherCitizenId: FATHER }),
    person(FATHER, '张伟', H3),
    person(STRANGER, '赵强', H4),
    ...[
      person(DORMITORY_HEAD, '周建华', H5),
      person(STUDENT, '吴思远', H5, { relationToHead: 'OTHER' }),
      person(ROOMMATE, '郑雨桐', H5, { relationToHead: 'OTHER' }),
    ].map((entry): PersonView => ({ ...entry, householdKind: 'COLLECTIVE' })),
  ].map((entry) => [entry.citizenId, entry]),
);

function household(householdId: string, memberCitizenIds: string[]): HouseholdView {
  return {
    id: householdId,
    divisionCode: householdId.slice(0, 6),
    street: '解放碑街道',
    community: '民族路社区',
    detail: '民族路123号5-2',
    kind: 'FAMILY',
    headCitizenId: memberCitizenIds[0] as string,
    registeredOn: '2015-03-02',
    memberCitizenIds,
  };
}

const HOUSEHOLDS = new Map<string, HouseholdView>(
  [
    household(H1, [MOTHER, GRANDFATHER, CHILD, TEEN]),
    household(H2, [GRANDMOTHER]),
    household(H3, [FATHER]),
    household(H4, [STRANGER]),
    { ...household(H5, [DORMITORY_HEAD, STUDENT, ROOMMATE]), kind: 'COLLECTIVE' as const },
  ].map((entry) => [entry.id, entry]),
);

const CHANGE_ID = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const ADDRESS = {
  divisionCode: '500103',
  street: '解放碑街道',
  community: '民族路社区',
  detail: '民族路123号5-2',
};
const CHANGE = {
  id: CHANGE_ID,
  householdId: H1,
  sequence: 1,
  from: ADDRESS,
  to: { ...ADDRESS, detail: '民族路125号1-1' },
  requestedBy: MOTHER,
  requestedAt: '2026-11-20T02:00:00.000Z',
  deliveries: [],
};

/** The department calls the fake answered, by kind: each call's ids. */
interface DepartmentCalls {
  persons: string[][];
  households: string[][];
  changes: string[][];
  registrations: number;
  /** The bodies of the shares asked for and stopped. */
  shares: unknown[];
}

/** Fakes the department system over the register above, counting its calls. */
function fakeDepartment(people = PEOPLE): DepartmentCalls {
  const calls: DepartmentCalls = { persons: [], households: [], changes: [], registrations: 0, shares: [] };
  const lookUp =
    <T>(records: Map<string, T>, log: string[][]) =>
    (_: string, body: nock.Body) => {
      const { ids } = body as { ids: string[] };
      log.push(ids);
      return { items: ids.flatMap((key) => records.get(key) ?? []) };
    };
  nock(API)
    .persist()
    .post('/v1/people/batch-get')
    .reply(200, lookUp(people, calls.persons))
    .post('/v1/households/batch-get')
    .reply(200, lookUp(HOUSEHOLDS, calls.households))
    .post('/v1/address-changes/batch-get')
    .reply(200, lookUp(new Map([[CHANGE_ID, CHANGE]]), calls.changes))
    .post('/v1/address-changes/by-household')
    .reply(200, (_, body) => ({
      items: (body as { ids: string[] }).ids.map((householdId) => ({
        householdId,
        changes: householdId === H1 ? [CHANGE] : [],
      })),
    }))
    .post('/v1/record-shares')
    .reply((_, body) => {
      calls.shares.push(body);
      const { readerCitizenId } = body as { readerCitizenId: string };
      if (readerCitizenId === STRANGER) {
        return [422, { error: { code: 'NOT_HOUSEHOLD_MEMBER', message: 'not a member of your household' } }];
      }
      return [201, { ownerCitizenId: GRANDFATHER, readerCitizenId, sharedOn: TODAY, until: '2027-11-20' }];
    })
    .post('/v1/record-shares/stop')
    .reply(200, (_, body) => {
      calls.shares.push(body);
      return { ownerCitizenId: GRANDFATHER, readerCitizenId: MOTHER, sharedOn: TODAY, until: '2027-11-20' };
    })
    .post('/v1/birth-registrations')
    .reply(201, () => {
      calls.registrations += 1;
      return { citizenId: CHILD, householdId: H1, birthCertificateNumber: 'Z500012345', registeredOn: TODAY };
    });
  return calls;
}

let today = TODAY;
let department: DepartmentCalls;

// The fake department answers every test's calls, used or not.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('public-security'),
      today: () => today,
    }),
  { expectEveryFakeCalled: false },
);

beforeEach(() => {
  today = TODAY;
  department = fakeDepartment();
});

type Caller = Exclude<Identity, { kind: 'anonymous' }>;

const citizen = (citizenId: string): Caller => ({ kind: 'citizen', citizenId });
const staff = (...scopes: string[]): Caller => ({ kind: 'staff', department: 'public-security', scopes });
const serviceCenterFor = (citizenId: string): Caller => ({
  kind: 'service',
  service: 'service-center',
  actingFor: citizenId,
  applicationId: 'XS-2026-000001',
});

/** Sends `query` as `identity` (anonymously without one). */
async function ask(identity: Caller | undefined, query: string, variables: Record<string, unknown> = {}) {
  const headers: Record<string, string> = identity ? await subgraph.auth.bearer(identity) : {};
  return executeOperation(subgraph.app, query, variables, headers);
}

/** A response's errors in the order of their paths: resolvers finish in no fixed order. */
function errorsByPath(response: GraphQLTestResponse) {
  return [...(response.errors ?? [])].sort((a, b) =>
    JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)),
  );
}

const PERSON = 'query($id: CitizenId!) { person(citizenId: $id) { citizenId name phone } }';
const HOUSEHOLD = 'query($id: ID!) { household(id: $id) { id address { formatted } members { citizenId } } }';
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { citizenId name accessGrant } }
}`;
const references = (...citizenIds: string[]) => ({
  representations: citizenIds.map((citizenId) => ({ __typename: 'Person', citizenId })),
});

describe('isMinorOn', () => {
  it.each([
    ['2008-11-21', '2026-11-20', true],
    ['2008-11-21', '2026-11-21', false],
    ['2008-02-29', '2026-02-28', true],
    ['2008-02-29', '2026-03-01', false],
    ['2026-11-20', '2026-11-20', true],
  ])('born %s, on %s: %s', (birthDate, on, minor) => {
    expect(isMinorOn(birthDate, on)).toBe(minor);
  });
});

describe('anonymous callers', () => {
  it.each([
    ['person', PERSON, { id: MOTHER }],
    ['people', 'query($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }', { ids: [MOTHER] }],
    ['household', HOUSEHOLD, { id: H1 }],
    ['addressChange', 'query($id: ID!) { addressChange(id: $id) { id } }', { id: CHANGE_ID }],
  ])(
    'are refused %s with UNAUTHENTICATED, and the department is not asked',
    async (field, query, variables) => {
      const response = await ask(undefined, query, variables);
      expect(response.data?.[field] ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        department: 'public-security',
      });
      expect(department.persons).toEqual([]);
      expect(department.households).toEqual([]);
    },
  );

  it('reach a referenced person’s key, but none of their fields, and get no grant', async () => {
    const response = await ask(undefined, ENTITIES, references(MOTHER));
    expect(response.data).toEqual({ _entities: [null] });
    expect(response.errors?.[0]).toMatchObject({
      path: ['_entities', 0, 'name'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const key = await ask(
      undefined,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { citizenId accessGrant } } }',
      {
        r: references(MOTHER).representations,
      },
    );
    expect(key).toEqual({ data: { _entities: [{ citizenId: MOTHER, accessGrant: null }] } });
  });
});

describe('citizens', () => {
  it('read their own entry with the whole phone number', async () => {
    const response = await ask(citizen(MOTHER), PERSON, { id: MOTHER });
    expect(response).toEqual({
      data: { person: { citizenId: MOTHER, name: '李秀英', phone: '13812345678' } },
    });
  });

  it('read their children under 18 in full, with phone numbers masked', async () => {
    const own = await ask(citizen(MOTHER), PERSON, { id: CHILD });
    expect(own).toEqual({ data: { person: { citizenId: CHILD, name: '张小明', phone: null } } });
    // The father lives elsewhere: his children under 18 are his to read, their household is not.
    const child = await ask(citizen(FATHER), PERSON, { id: TEEN });
    expect(child).toEqual({ data: { person: { citizenId: TEEN, name: '张晓雨', phone: '138****5678' } } });
    const home = await ask(
      citizen(FATHER),
      'query($id: CitizenId!) { person(citizenId: $id) { name household { id registeredOn } } }',
      { id: CHILD },
    );
    expect(home.data).toEqual({ person: null });
    expect(home.errors?.[0]).toMatchObject({
      path: ['person', 'household', 'registeredOn'],
      extensions: { code: 'FORBIDDEN', department: 'public-security' },
    });
  });

  it('no longer read a child who has turned 18', async () => {
    today = '2026-11-21';
    const response = await ask(citizen(FATHER), PERSON, { id: TEEN });
    expect(response.data).toEqual({ person: null });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('are refused anyone else alike, registered or not, and a grown-up child elsewhere too', async () => {
    const notYours = await ask(citizen(STRANGER), PERSON, { id: MOTHER });
    const unknown = await ask(citizen(STRANGER), PERSON, { id: UNKNOWN });
    expect(notYours).toMatchObject({
      data: { person: null },
      errors: [{ path: ['person'], extensions: { code: 'FORBIDDEN', department: 'public-security' } }],
    });
    expect(notYours.errors).toHaveLength(1);
    expect(unknown).toEqual(notYours);
    // A parent whose grown-up daughter has her own household, and a father his child's mother.
    expect(await ask(citizen(GRANDMOTHER), PERSON, { id: MOTHER })).toEqual(notYours);
    expect(await ask(citizen(FATHER), PERSON, { id: MOTHER })).toEqual(notYours);
  });

  it('get people place by place: the readable ones, FORBIDDEN in the others, in one department call', async () => {
    const response = await ask(
      citizen(FATHER),
      'query($ids: [CitizenId!]!) { people(citizenIds: $ids) { citizenId name } }',
      { ids: [CHILD, MOTHER, UNKNOWN, FATHER] },
    );
    expect(response.data).toEqual({
      people: [{ citizenId: CHILD, name: '张小明' }, null, null, { citizenId: FATHER, name: '张伟' }],
    });
    expect(errorsByPath(response).map((error) => [error.path, error.extensions?.code])).toEqual([
      [['people', 1], 'FORBIDDEN'],
      [['people', 2], 'FORBIDDEN'],
    ]);
    expect(department.persons).toHaveLength(1);
  });

  it('see a parent they may not read masked: outside the household the name masked too', async () => {
    const response = await ask(
      citizen(CHILD),
      `query($id: CitizenId!) { person(citizenId: $id) {
        name father { citizenId name } mother { citizenId name relationToHead }
      } }`,
      { id: CHILD },
    );
    expect(response).toEqual({
      data: {
        person: {
          name: '张小明',
          // The father lives elsewhere: nothing of him but a masked name.
          father: { citizenId: maskCitizenId(FATHER), name: '张*' },
          // The mother heads the child's family household: the register shows her name and relation.
          mother: { citizenId: maskCitizenId(MOTHER), name: '李秀英', relationToHead: 'HEAD' },
        },
      },
    });
    const birthDate = await ask(
      citizen(CHILD),
      'query($id: CitizenId!) { person(citizenId: $id) { father { birthDate accessGrant } } }',
      { id: CHILD },
    );
    expect(birthDate.data).toEqual({ person: { father: null } });
    expect(birthDate.errors).toMatchObject([
      { path: ['person', 'father', 'birthDate'], extensions: { code: 'FORBIDDEN' } },
    ]);
    // The parent whose minor child it is sees the other parent's reference masked, and their own whole.
    const parent = await ask(
      citizen(FATHER),
      'query($id: CitizenId!) { person(citizenId: $id) { father { citizenId } mother { citizenId name } } }',
      { id: CHILD },
    );
    expect(parent.data).toEqual({
      person: { father: { citizenId: FATHER }, mother: { citizenId: maskCitizenId(MOTHER), name: '李**' } },
    });
  });
});

describe('the service-center acting for a citizen', () => {
  it('reads what that citizen may read, phone numbers of the citizen whole', async () => {
    const own = await ask(serviceCenterFor(MOTHER), PERSON, { id: MOTHER });
    expect(own.data).toEqual({ person: { citizenId: MOTHER, name: '李秀英', phone: '13812345678' } });
    const child = await ask(serviceCenterFor(MOTHER), PERSON, { id: CHILD });
    expect(child.data).toEqual({ person: { citizenId: CHILD, name: '张小明', phone: null } });
    const other = await ask(serviceCenterFor(MOTHER), PERSON, { id: FATHER });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('gets the household members’ keys whole, and their fields only as that citizen may read them', async () => {
    const response = await ask(
      serviceCenterFor(GRANDFATHER),
      'query($id: ID!) { household(id: $id) { members { citizenId father { citizenId } } } }',
      { id: H1 },
    );
    const members = (response.data as { household: { members: Array<{ citizenId: string } | null> } })
      .household.members;
    expect(members.map((member) => member?.citizenId)).toEqual([MOTHER, GRANDFATHER, CHILD, TEEN]);
    // Only the grandfather's own entry answers; the others' are refused, each for its person.
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });
});

describe('staff', () => {
  it('with public-security:read read anyone whole, and get null without an error for an unknown ID', async () => {
    const response = await ask(staff('public-security:read'), PERSON, { id: STRANGER });
    expect(response).toEqual({
      data: { person: { citizenId: STRANGER, name: '赵强', phone: '13812345678' } },
    });
    expect(await ask(staff('public-security:read'), PERSON, { id: UNKNOWN })).toEqual({
      data: { person: null },
    });
  });

  it('of another department reach the person by key, but not the register’s fields', async () => {
    const health = { kind: 'staff', department: 'health', scopes: ['health:read'] } as Caller;
    const key = await ask(health, 'query($id: CitizenId!) { person(citizenId: $id) { citizenId } }', {
      id: STRANGER,
    });
    expect(key).toEqual({ data: { person: { citizenId: STRANGER } } });
    const name = await ask(health, PERSON, { id: STRANGER });
    expect(name.data).toEqual({ person: null });
    expect(errorsByPath(name)).toMatchObject([
      { path: ['person', 'name'], extensions: { code: 'FORBIDDEN' } },
      { path: ['person', 'phone'], extensions: { code: 'FORBIDDEN' } },
    ]);
    const register = await ask(health, HOUSEHOLD, { id: H4 });
    expect(register.errors?.[0]).toMatchObject({ path: ['household'], extensions: { code: 'FORBIDDEN' } });
  });

  it.each([
    ['of another department', { kind: 'staff', department: 'health', scopes: ['health:read'] } as Caller],
    ['of public security without public-security:read', staff('public-security:write')],
  ])('%s are refused a registered and an unknown person alike: no existence oracle', async (_, clerk) => {
    const registered = await ask(clerk, PERSON, { id: STRANGER });
    const unknown = await ask(clerk, PERSON, { id: UNKNOWN });
    expect(registered.data).toEqual({ person: null });
    expect(errorsByPath(registered)).toMatchObject([
      { path: ['person', 'name'], extensions: { code: 'FORBIDDEN', department: 'public-security' } },
      { path: ['person', 'phone'], extensions: { code: 'FORBIDDEN', department: 'public-security' } },
    ]);
    expect(errorsByPath(unknown)).toEqual(errorsByPath(registered));
    expect(unknown.data).toEqual(registered.data);
    // The key answers alike too, so their own department's fields still reach the person.
    const key = 'query($id: CitizenId!) { person(citizenId: $id) { citizenId } }';
    expect(await ask(clerk, key, { id: UNKNOWN })).toEqual({ data: { person: { citizenId: UNKNOWN } } });
    const many = await ask(clerk, 'query($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }', {
      ids: [STRANGER, UNKNOWN],
    });
    expect(many.data).toEqual({ people: [null, null] });
    const [first, second] = errorsByPath(many);
    expect({ ...second, path: undefined }).toEqual({ ...first, path: undefined });
    expect(second?.path).toEqual(['people', 1, 'name']);
  });

  it('of all four departments read a hundred people with one department call', async () => {
    const many = Array.from({ length: 100 }, (_, index) => id('500103', '1990-01-01', 2 * index + 1));
    nock.cleanAll();
    department = fakeDepartment(new Map(many.map((citizenId) => [citizenId, person(citizenId, '某某', H4)])));
    const auditor = {
      kind: 'staff',
      department: 'audit',
      scopes: ['public-security:read', 'health:read', 'civil-affairs:read', 'education:read'],
    } as Caller;
    const response = await ask(
      auditor,
      'query($ids: [CitizenId!]!) { people(citizenIds: $ids) { name phone hukouInMunicipality accessGrant } }',
      { ids: many },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.people).toHaveLength(100);
    expect(response.data?.people).toContainEqual({
      name: '某某',
      phone: '13812345678',
      hukouInMunicipality: true,
      accessGrant: null,
    });
    expect(department.persons).toEqual([many]);
  });
});

describe('hospitals', () => {
  it('are refused the register', async () => {
    const response = await ask({ kind: 'hospital', hospitalId: 'H500103001' }, PERSON, { id: MOTHER });
    expect(response.data).toEqual({ person: null });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('access grants and references', () => {
  it('grant the reader exactly the people they may read, and no one else', async () => {
    const response = await ask(citizen(FATHER), ENTITIES, references(CHILD, TEEN, MOTHER, FATHER));
    const entities = response.data?._entities as Array<{ accessGrant: string | null } | null>;
    const [child, teen, , self] = entities;
    expect(await subgraph.auth.grants.allows(child?.accessGrant, FATHER, CHILD)).toBe(true);
    expect(await subgraph.auth.grants.allows(teen?.accessGrant, FATHER, TEEN)).toBe(true);
    expect(await subgraph.auth.grants.allows(self?.accessGrant, FATHER, FATHER)).toBe(true);
    // A grant names its person: the child's is no good for the mother.
    expect(await subgraph.auth.grants.allows(child?.accessGrant, FATHER, MOTHER)).toBe(false);
    expect(entities[2]).toBeNull();
    expect(response.errors?.map((error) => error.path)).toEqual([['_entities', 2, 'name']]);
  });

  it('grant the citizen a service-center acts for, and never staff', async () => {
    const service = await ask(serviceCenterFor(MOTHER), ENTITIES, references(CHILD));
    const [entity] = (service.data?._entities ?? []) as Array<{ accessGrant: string }>;
    expect(await subgraph.auth.grants.allows(entity?.accessGrant, MOTHER, CHILD)).toBe(true);
    const staffAnswer = await ask(staff('public-security:read'), ENTITIES, references(GRANDFATHER));
    expect(staffAnswer.data?._entities).toEqual([
      { citizenId: GRANDFATHER, name: '李建国', accessGrant: null },
    ]);
  });

  it('resolve an unknown person like someone else’s for citizens, and as null for staff entitled to read', async () => {
    const response = await ask(citizen(STRANGER), ENTITIES, references(MOTHER, UNKNOWN));
    expect(response.data).toEqual({ _entities: [null, null] });
    const [notYours, unknown] = errorsByPath(response);
    expect({ ...unknown, path: undefined }).toEqual({ ...notYours, path: undefined });
    expect(unknown?.path).toEqual(['_entities', 1, 'name']);
    const keys = await ask(
      citizen(STRANGER),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { citizenId accessGrant } } }',
      { r: references(MOTHER, UNKNOWN).representations },
    );
    expect(keys.data).toEqual({
      _entities: [
        { citizenId: MOTHER, accessGrant: null },
        { citizenId: UNKNOWN, accessGrant: null },
      ],
    });
    expect(await ask(staff('public-security:read'), ENTITIES, references(UNKNOWN))).toEqual({
      data: { _entities: [null] },
    });
    // Staff without the read scope are not entitled to learn it: refused like a registered person.
    const clerk = await ask(staff('public-security:write'), ENTITIES, references(MOTHER, UNKNOWN));
    expect(clerk.data).toEqual({ _entities: [null, null] });
    const [registered, unregistered] = errorsByPath(clerk);
    expect({ ...unregistered, path: undefined }).toEqual({ ...registered, path: undefined });
  });

  it('resolve a hundred references and the reader’s own entry in one department call', async () => {
    // A hundred children of hers under 18 (a register made up for counting calls).
    const many = Array.from({ length: 100 }, (_, index) => id('500103', '2015-01-01', 2 * index + 1));
    nock.cleanAll();
    const register = new Map(PEOPLE);
    for (const citizenId of many) {
      register.set(citizenId, person(citizenId, '某某', H1, { motherCitizenId: MOTHER }));
    }
    department = fakeDepartment(register);
    const response = await ask(citizen(MOTHER), ENTITIES, references(...many));
    expect(response.errors).toBeUndefined();
    const entities = response.data?._entities as Array<{ accessGrant: string | null }>;
    expect(entities.every((entity) => entity.accessGrant)).toBe(true);
    expect(department.persons).toHaveLength(1);
    expect(new Set(department.persons[0])).toEqual(new Set([...many, MOTHER]));
  });
});

describe('households', () => {
  it('are read by their members, who see the others masked, and by staff with the read scope', async () => {
    const seenBy = (...whole: string[]) => ({
      data: {
        household: {
          id: H1,
          address: { formatted: '重庆市渝中区解放碑街道民族路社区民族路123号5-2' },
          members: [MOTHER, GRANDFATHER, CHILD, TEEN].map((citizenId) => ({
            citizenId: whole.includes(citizenId) ? citizenId : maskCitizenId(citizenId),
          })),
        },
      },
    });
    expect(await ask(citizen(CHILD), HOUSEHOLD, { id: H1 })).toEqual(seenBy(CHILD));
    expect(await ask(citizen(MOTHER), HOUSEHOLD, { id: H1 })).toEqual(seenBy(MOTHER, CHILD));
    const expected = seenBy(MOTHER, GRANDFATHER, CHILD, TEEN);
    // The service-center files and routes an errand by the keys, so it gets them whole; the members'
    // fields follow the rule of the citizen it acts for, and its own answers mask again.
    expect(await ask(serviceCenterFor(GRANDFATHER), HOUSEHOLD, { id: H1 })).toEqual(expected);
    expect(await ask(staff('public-security:read'), HOUSEHOLD, { id: H1 })).toEqual(expected);
    expect(await ask(staff('public-security:read'), HOUSEHOLD, { id: '500103-999999' })).toEqual({
      data: { household: null },
    });
  });

  it('refuse anyone else alike, whether the household exists or not', async () => {
    const notYours = await ask(citizen(FATHER), HOUSEHOLD, { id: H1 });
    expect(notYours).toMatchObject({
      data: { household: null },
      errors: [{ path: ['household'], extensions: { code: 'FORBIDDEN', department: 'public-security' } }],
    });
    expect(await ask(citizen(FATHER), HOUSEHOLD, { id: '500103-999999' })).toEqual(notYours);
  });

  it('show their address changes to members only, unknown ones refused like another household’s', async () => {
    const query = 'query($id: ID!) { addressChange(id: $id) { id household { id } requester { name } } }';
    expect(await ask(citizen(GRANDFATHER), query, { id: CHANGE_ID })).toEqual({
      data: { addressChange: { id: CHANGE_ID, household: { id: H1 }, requester: { name: '李秀英' } } },
    });
    const notYours = await ask(citizen(FATHER), query, { id: CHANGE_ID });
    expect(notYours).toMatchObject({
      data: { addressChange: null },
      errors: [{ path: ['addressChange'], extensions: { code: 'FORBIDDEN' } }],
    });
    const unknown = await ask(citizen(FATHER), query, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toEqual(notYours);
    const listed = await ask(
      citizen(FATHER),
      'query($id: CitizenId!) { person(citizenId: $id) { citizenId household { addressChanges { id } } } }',
      { id: CHILD },
    );
    expect(listed.errors?.[0]).toMatchObject({
      path: ['person', 'household', 'addressChanges'],
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('registerBirth', () => {
  const REGISTER = `mutation($input: BirthRegistrationInput!) {
    registerBirth(input: $input, idempotencyKey: "XS-2026-000001/registerBirth") { citizenId child { name } }
  }`;
  const input = {
    input: {
      householdId: H1,
      name: '张小明',
      sex: 'MALE',
      birthDate: '2020-06-01',
      fatherCitizenId: FATHER,
      motherCitizenId: MOTHER,
      birthCertificateNumber: 'Z500012345',
    },
  };

  it.each([
    ['anonymous callers', undefined, 'UNAUTHENTICATED'],
    ['citizens, even the parents', citizen(MOTHER), 'FORBIDDEN'],
    ['staff without the write scope', staff('public-security:read'), 'FORBIDDEN'],
    ['hospitals', { kind: 'hospital', hospitalId: 'H500103001' } as Caller, 'FORBIDDEN'],
  ])('is refused to %s with %s, and the department is not asked', async (_, identity, code) => {
    const response = await ask(identity, REGISTER, input);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, department: 'public-security' });
    expect(department.registrations).toBe(0);
  });

  it('is performed for the service-center acting for a parent', async () => {
    const response = await ask(serviceCenterFor(MOTHER), REGISTER, input);
    expect(response).toEqual({ data: { registerBirth: { citizenId: CHILD, child: { name: '张小明' } } } });
    expect(department.registrations).toBe(1);
  });
});

describe('the household rule', () => {
  const REGISTER_VIEW = `query($id: CitizenId!) { person(citizenId: $id) {
    citizenId name relationToHead household { id } birthDate phone accessGrant
  } }`;

  it('shows another adult of a family household only as the register does: name, relation, household', async () => {
    const response = await ask(citizen(MOTHER), REGISTER_VIEW, { id: GRANDFATHER });
    expect(response.data).toEqual({ person: null });
    expect(errorsByPath(response).map((error) => [error.path, error.extensions?.code])).toEqual([
      [['person', 'birthDate'], 'FORBIDDEN'],
      [['person', 'phone'], 'FORBIDDEN'],
    ]);
    const shown = await ask(
      citizen(MOTHER),
      'query($id: CitizenId!) { person(citizenId: $id) { citizenId name relationToHead household { id } accessGrant } }',
      { id: GRANDFATHER },
    );
    expect(shown).toEqual({
      data: {
        person: {
          citizenId: maskCitizenId(GRANDFATHER),
          name: '李建国',
          relationToHead: 'PARENT',
          household: { id: H1 },
          accessGrant: null,
        },
      },
    });
  });

  it('no longer lets a parent read a grown-up child in full, even in the same household', async () => {
    // The mother's entry names the grandfather as her father; she is 34.
    const response = await ask(
      citizen(GRANDFATHER),
      'query($id: CitizenId!) { person(citizenId: $id) { citizenId name birthDate } }',
      { id: MOTHER },
    );
    expect(response.data).toEqual({ person: null });
    expect(response.errors?.[0]).toMatchObject({
      path: ['person', 'birthDate'],
      extensions: { code: 'FORBIDDEN' },
    });
    const grant = await ask(citizen(GRANDFATHER), ENTITIES, references(MOTHER));
    expect(grant.data).toEqual({ _entities: [{ citizenId: MOTHER, name: '李秀英', accessGrant: null }] });
  });

  it('lets nobody in a collective household read another member: members list only the reader', async () => {
    const household = await ask(
      citizen(STUDENT),
      'query($id: ID!) { household(id: $id) { kind head { citizenId name } members { citizenId name } } }',
      { id: H5 },
    );
    expect(household).toEqual({
      data: {
        household: {
          kind: 'COLLECTIVE',
          head: { citizenId: maskCitizenId(DORMITORY_HEAD), name: '周**' },
          members: [{ citizenId: STUDENT, name: '吴思远' }],
        },
      },
    });
    const roommate = await ask(citizen(STUDENT), PERSON, { id: ROOMMATE });
    expect(roommate).toMatchObject({
      data: { person: null },
      errors: [{ extensions: { code: 'FORBIDDEN' } }],
    });
    const staffView = await ask(staff('public-security:read'), HOUSEHOLD, { id: H5 });
    expect(staffView.data?.household).toMatchObject({
      members: [DORMITORY_HEAD, STUDENT, ROOMMATE].map((citizenId) => ({ citizenId })),
    });
  });

  it('lets an adult who shares their records with a household member be read by them in full', async () => {
    nock.cleanAll();
    const share = {
      ownerCitizenId: GRANDFATHER,
      readerCitizenId: MOTHER,
      sharedOn: TODAY,
      until: '2027-11-20',
    };
    const register = new Map(PEOPLE);
    register.set(GRANDFATHER, { ...(PEOPLE.get(GRANDFATHER) as PersonView), recordsSharedWith: [share] });
    register.set(MOTHER, { ...(PEOPLE.get(MOTHER) as PersonView), recordsSharedByOthers: [share] });
    department = fakeDepartment(register);
    const response = await ask(citizen(MOTHER), ENTITIES, references(GRANDFATHER));
    const [entity] = (response.data?._entities ?? []) as Array<{ citizenId: string; accessGrant: string }>;
    expect(entity?.citizenId).toBe(GRANDFATHER);
    expect(await subgraph.auth.grants.allows(entity?.accessGrant, MOTHER, GRANDFATHER)).toBe(true);
    const full = await ask(citizen(MOTHER), PERSON, { id: GRANDFATHER });
    expect(full.data).toEqual({ person: { citizenId: GRANDFATHER, name: '李建国', phone: '138****5678' } });
    // Each lists the share; nobody else sees it.
    const SHARES = `query($id: CitizenId!) { person(citizenId: $id) {
      recordsSharedWith { owner { citizenId } reader { citizenId name } until }
      recordsSharedByOthers { owner { citizenId } }
    } }`;
    expect(await ask(citizen(GRANDFATHER), SHARES, { id: GRANDFATHER })).toEqual({
      data: {
        person: {
          recordsSharedWith: [
            {
              owner: { citizenId: GRANDFATHER },
              reader: { citizenId: maskCitizenId(MOTHER), name: '李秀英' },
              until: '2027-11-20',
            },
          ],
          recordsSharedByOthers: [],
        },
      },
    });
    const byOthers = await ask(
      citizen(MOTHER),
      'query($id: CitizenId!) { person(citizenId: $id) { recordsSharedByOthers { owner { citizenId } } } }',
      { id: MOTHER },
    );
    expect(byOthers.data).toEqual({
      person: { recordsSharedByOthers: [{ owner: { citizenId: GRANDFATHER } }] },
    });
    const notTheirs = await ask(
      citizen(MOTHER),
      'query($id: CitizenId!) { person(citizenId: $id) { recordsSharedWith { until } } }',
      { id: GRANDFATHER },
    );
    expect(notTheirs.errors?.[0]).toMatchObject({
      path: ['person', 'recordsSharedWith'],
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('shareMyRecords and stopSharingMyRecords', () => {
  const SHARE = `mutation($with: CitizenId!) {
    shareMyRecords(input: { withCitizenId: $with }) { owner { citizenId } reader { citizenId name } sharedOn until }
  }`;
  const STOP = `mutation($with: CitizenId!) { stopSharingMyRecords(input: { withCitizenId: $with }) { until } }`;

  it('share the caller’s records with a household member, and stop', async () => {
    const response = await ask(citizen(GRANDFATHER), SHARE, { with: MOTHER });
    expect(response).toEqual({
      data: {
        shareMyRecords: {
          owner: { citizenId: GRANDFATHER },
          reader: { citizenId: maskCitizenId(MOTHER), name: '李秀英' },
          sharedOn: TODAY,
          until: '2027-11-20',
        },
      },
    });
    expect(await ask(citizen(GRANDFATHER), STOP, { with: MOTHER })).toEqual({
      data: { stopSharingMyRecords: { until: '2027-11-20' } },
    });
    expect(department.shares).toEqual([
      { readerCitizenId: MOTHER, until: null },
      { readerCitizenId: MOTHER },
    ]);
  });

  it('pass the department’s refusal on with its reason', async () => {
    const response = await ask(citizen(GRANDFATHER), SHARE, { with: STRANGER });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      reason: 'NOT_HOUSEHOLD_MEMBER',
    });
  });

  it.each([
    ['the service-center acting for the citizen', serviceCenterFor(GRANDFATHER), 'FORBIDDEN'],
    ['staff', staff('public-security:read', 'public-security:write'), 'FORBIDDEN'],
    ['anonymous callers', undefined, 'UNAUTHENTICATED'],
  ])('are refused to %s, and the department is not asked', async (_, caller, code) => {
    const response = await ask(caller, SHARE, { with: MOTHER });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code });
    expect(department.shares).toEqual([]);
  });

  it('refuse a masked citizen ID as BAD_USER_INPUT, reason MASKED', async () => {
    const response = await ask(citizen(GRANDFATHER), SHARE, { with: maskCitizenId(MOTHER) });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    expect(department.shares).toEqual([]);
  });
});

describe('masked keys', () => {
  it('resolve as a reference to a stub named * without asking the department', async () => {
    const response = await ask(
      citizen(MOTHER),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { citizenId name accessGrant birthDate } } }',
      { r: references(maskCitizenId(CHILD)).representations },
    );
    expect(response.data).toEqual({ _entities: [null] });
    expect(response.errors?.[0]).toMatchObject({
      path: ['_entities', 0, 'birthDate'],
      extensions: { code: 'FORBIDDEN' },
    });
    const stub = await ask(citizen(MOTHER), ENTITIES, references(maskCitizenId(CHILD)));
    expect(stub).toEqual({
      data: { _entities: [{ citizenId: maskCitizenId(CHILD), name: '*', accessGrant: null }] },
    });
    expect(department.persons).toEqual([]);
  });

  it('are refused as arguments with BAD_USER_INPUT, reason MASKED, without asking the department', async () => {
    for (const reader of [citizen(MOTHER), staff('public-security:read')]) {
      const one = await ask(reader, PERSON, { id: maskCitizenId(CHILD) });
      expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
      const many = await ask(reader, 'query($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }', {
        ids: [CHILD, maskCitizenId(CHILD)],
      });
      expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    }
    expect(department.persons).toEqual([]);
  });
});
