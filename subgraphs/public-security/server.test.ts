import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://public-security-api.invalid';

const mother = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1992-04-18',
  sequence: 22,
  sex: 'FEMALE',
});
const child = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2020-06-01',
  sequence: 17,
  sex: 'MALE',
});

function personView(citizenId: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    citizenId,
    name,
    sex: 'FEMALE',
    birthDate: '1992-04-18',
    ethnicity: '汉族',
    householdId: '500103-000001',
    relationToHead: 'HEAD',
    phone: '13800000000',
    fatherCitizenId: null,
    motherCitizenId: null,
    hukouDivisionCode: '500103',
    householdKind: 'FAMILY',
    recordsSharedWith: [],
    recordsSharedByOthers: [],
    ...extra,
  };
}

const subgraph = setUpTestSubgraph((auth) =>
  buildSubgraph({
    departmentSystemUrl: API,
    departmentTimeoutMs: 1000,
    trust: auth.trustFor('public-security'),
  }),
);

/** Public-security staff with the read scope: these tests are about the department, not who reads. */
let staff: Record<string, string>;

beforeAll(async () => {
  staff = await subgraph.auth.bearer({
    kind: 'staff',
    department: 'public-security',
    scopes: ['public-security:read'],
  });
});

describe('public-security subgraph', () => {
  it('answers a person with household and parent from two batched department calls', async () => {
    const persons = nock(API)
      .post('/v1/people/batch-get', { ids: [child] })
      .reply(200, {
        items: [
          personView(child, '阿依古丽·买买提', {
            sex: 'MALE',
            birthDate: '2020-06-01',
            relationToHead: 'CHILD',
            phone: null,
            motherCitizenId: mother,
          }),
        ],
      })
      .post('/v1/people/batch-get', { ids: [mother] })
      .reply(200, { items: [personView(mother, '李秀英')] });
    const households = nock(API)
      .post('/v1/households/batch-get', { ids: ['500103-000001'] })
      .reply(200, {
        items: [
          {
            id: '500103-000001',
            divisionCode: '500103',
            street: '解放碑街道',
            community: '民族路社区',
            detail: '民族路123号5-2',
            kind: 'FAMILY',
            headCitizenId: mother,
            registeredOn: '2015-03-02',
            memberCitizenIds: [mother, child],
          },
        ],
      });

    const response = await executeOperation(
      subgraph.app,
      `query($id: CitizenId!) { person(citizenId: $id) {
        name hukouInMunicipality mother { name }
        household { address { formatted division { name } } head { name } members { citizenId } }
      } }`,
      { id: child },
      staff,
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      person: {
        name: '阿依古丽·买买提',
        hukouInMunicipality: true,
        mother: { name: '李秀英' },
        household: {
          address: {
            formatted: '重庆市渝中区解放碑街道民族路社区民族路123号5-2',
            division: { name: '渝中区' },
          },
          head: { name: '李秀英' },
          members: [{ citizenId: mother }, { citizenId: child }],
        },
      },
    });
    expect(persons.isDone()).toBe(true);
    expect(households.isDone()).toBe(true);
  });

  it('hands out an access grant signed with its own key, which another department verifies and cannot forge', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [mother] })
      .reply(200, { items: [personView(mother, '李秀英')] });
    const response = await executeOperation<{ _entities: Array<{ name: string; accessGrant: string }> }>(
      subgraph.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { name accessGrant } } }',
      { r: [{ __typename: 'Person', citizenId: mother }] },
      await subgraph.auth.bearer(mother),
    );
    const [entity] = response.data?._entities ?? [];
    expect(entity?.name).toBe('李秀英');
    const health = subgraph.auth.authentication.trustFor('health').grants;
    expect(await health.allows(entity?.accessGrant, mother, mother)).toBe(true);
    expect(health.canGrant).toBe(false);
  });

  it('answers staff null, not an error, for a valid ID the department does not know', async () => {
    nock(API).post('/v1/people/batch-get').reply(200, { items: [] });
    const response = await executeOperation(
      subgraph.app,
      'query($id: CitizenId!) { person(citizenId: $id) { name } }',
      { id: mother },
      staff,
    );
    expect(response).toEqual({ data: { person: null } });
  });

  it.each([
    ['50010319920418002', 'LENGTH'],
    [`${mother.slice(0, 17)}${mother[17] === '0' ? '1' : '0'}`, 'CHECKSUM'],
    ['500103199202300220', 'BIRTH_DATE'],
  ])(
    'rejects the malformed ID %s as BAD_USER_INPUT (%s) without calling the department',
    async (id, reason) => {
      const response = await executeOperation(
        subgraph.app,
        'query($id: CitizenId!) { person(citizenId: $id) { name } }',
        { id },
        staff,
      );
      expect(response.data).toEqual({ person: null });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        department: 'public-security',
        argument: 'citizenId',
        reason,
      });
    },
  );

  describe('when the department system fails', () => {
    const query = 'query($id: CitizenId!) { person(citizenId: $id) { name } }';

    it('maps a 500 to DOWNSTREAM_SERVICE_ERROR naming the department', async () => {
      nock(API).post('/v1/people/batch-get').reply(500, 'Internal Server Error');
      const response = await executeOperation(subgraph.app, query, { id: mother }, staff);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'public-security',
        reason: 'HTTP_ERROR',
        httpStatus: 500,
      });
    });

    it('maps a hang past the timeout to TIMEOUT', async () => {
      nock(API).post('/v1/people/batch-get').delay(5000).reply(200, { items: [] });
      const response = await executeOperation(subgraph.app, query, { id: mother }, staff);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'public-security',
        reason: 'TIMEOUT',
      });
    });

    it('maps malformed JSON, and JSON of the wrong shape, to MALFORMED_RESPONSE', async () => {
      nock(API)
        .post('/v1/people/batch-get')
        .reply(200, '{"items": [', { 'content-type': 'application/json' })
        .post('/v1/people/batch-get')
        .reply(200, { items: [{ citizenId: mother }] });
      for (let i = 0; i < 2; i++) {
        const response = await executeOperation(subgraph.app, query, { id: mother }, staff);
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'DOWNSTREAM_SERVICE_ERROR',
          department: 'public-security',
          reason: 'MALFORMED_RESPONSE',
        });
      }
    });

    it('maps a refused connection to UNREACHABLE, naming the department but not where it runs', async () => {
      nock(API).post('/v1/people/batch-get').replyWithError('connect ECONNREFUSED 127.0.0.1');
      const response = await executeOperation(subgraph.app, query, { id: mother }, staff);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        reason: 'UNREACHABLE',
        department: 'public-security',
      });
      expect(response.errors?.[0]?.message).toContain('无法连接公安部门系统');
      expect(JSON.stringify(response.errors)).not.toContain(new URL(API).host);
    });
  });
});
