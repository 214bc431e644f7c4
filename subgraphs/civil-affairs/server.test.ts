import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import {
  FAKE_CIVIL_AFFAIRS_API as API,
  assistanceCase,
  child,
  divorcee,
  husband,
  marriage,
  staff,
  wife,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

const PERSON_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person {
      citizenId maritalStatus spouse { citizenId } marriages { id status }
      marriage { id husband { citizenId } wife { citizenId } registeredOn registryOffice { code name province } status }
      assistanceCase { id kind household { id } jurisdiction { name } members { citizenId } monthlyAmountYuan since status }
    }
  }
}`;

function personRepresentations(...citizenIds: string[]) {
  return { representations: citizenIds.map((citizenId) => ({ __typename: 'Person', citizenId })) };
}

// Some fakes allow more calls than the subgraph may make, to show it makes no more: not all are used.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('civil-affairs'),
    }),
  { expectEveryFakeCalled: false },
);

/** A civil-affairs clerk, who reads every record of the department: these tests are about the data. */
let clerk: Record<string, string>;
/** An auditor reading all four departments. */
let auditor: Record<string, string>;

beforeAll(async () => {
  clerk = await subgraph.auth.headersFor(staff('civil-affairs', 'civil-affairs:read'));
  auditor = await subgraph.auth.headersFor(
    staff('audit', 'public-security:read', 'health:read', 'civil-affairs:read', 'education:read'),
  );
});

describe('civil-affairs subgraph', () => {
  it('answers marriage, spouse and assistance of a person from one department call', async () => {
    const people = nock(API)
      .post('/v1/people/batch-get', { ids: [husband] })
      .reply(200, {
        items: [
          {
            citizenId: husband,
            marriages: [
              marriage,
              { ...marriage, id: 'J500103-2010-000007', registeredOn: '2010-01-01', status: 'DIVORCED' },
            ],
            assistanceCase,
          },
        ],
      });

    const response = await executeOperation(
      subgraph.app,
      PERSON_ENTITIES,
      personRepresentations(husband),
      clerk,
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: husband,
          maritalStatus: 'MARRIED',
          spouse: { citizenId: wife },
          marriages: [
            { id: 'J500106-2015-000123', status: 'MARRIED' },
            { id: 'J500103-2010-000007', status: 'DIVORCED' },
          ],
          marriage: {
            id: 'J500106-2015-000123',
            husband: { citizenId: husband },
            wife: { citizenId: wife },
            registeredOn: '2015-05-20',
            registryOffice: { code: '500106', name: '沙坪坝区', province: '重庆市' },
            status: 'MARRIED',
          },
          assistanceCase: {
            id: 'DB500106-0001',
            kind: 'MINIMUM_LIVING',
            household: { id: '500106-000042' },
            jurisdiction: { name: '沙坪坝区' },
            members: [{ citizenId: husband }, { citizenId: wife }, { citizenId: child }],
            monthlyAmountYuan: 2160,
            since: '2021-03-01',
            status: 'ACTIVE',
          },
        },
      ],
    });
    expect(people.isDone()).toBe(true);
  });

  it('tells DIVORCED from NO_RECORD, and resolves people the department has no record of without error', async () => {
    nock(API)
      .post('/v1/people/batch-get', { ids: [divorcee, child] })
      .reply(200, {
        items: [
          {
            citizenId: divorcee,
            marriages: [{ ...marriage, husbandCitizenId: divorcee, status: 'DIVORCED' }],
            assistanceCase: null,
          },
        ],
      });

    const response = await executeOperation(
      subgraph.app,
      PERSON_ENTITIES,
      personRepresentations(divorcee, child),
      clerk,
    );

    expect(response.errors).toBeUndefined();
    const [divorced, unknown] = (response.data as { _entities: Record<string, unknown>[] })._entities;
    expect(divorced).toMatchObject({
      maritalStatus: 'DIVORCED',
      spouse: null,
      marriage: null,
      assistanceCase: null,
    });
    expect(unknown).toEqual({
      citizenId: child,
      maritalStatus: 'NO_RECORD',
      spouse: null,
      marriages: [],
      marriage: null,
      assistanceCase: null,
    });
  });

  it('costs exactly one department call for 100 people an auditor may read', async () => {
    const ids = Array.from({ length: 100 }, (_, i) =>
      composeCitizenId({ divisionCode: '500108', birthDate: '1980-01-01', sequence: 2 * i + 1, sex: 'MALE' }),
    );
    let calls = 0;
    nock(API)
      .post('/v1/people/batch-get')
      .times(5)
      .reply(200, (_, body) => {
        calls += 1;
        const asked = (body as { ids: string[] }).ids;
        return { items: asked.map((citizenId) => ({ citizenId, marriages: [], assistanceCase })) };
      });

    const response = await executeOperation(
      subgraph.app,
      PERSON_ENTITIES,
      personRepresentations(...ids),
      auditor,
    );

    expect(response.errors).toBeUndefined();
    expect((response.data as { _entities: unknown[] })._entities).toHaveLength(100);
    expect(calls).toBe(1);
  });

  it("answers a household's active assistance case, and null for a household without one", async () => {
    nock(API)
      .post('/v1/households/batch-get', { ids: ['500106-000042', '500103-000001'] })
      .reply(200, { items: [{ householdId: '500106-000042', assistanceCase }] });

    const response = await executeOperation(
      subgraph.app,
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Household { id assistanceCase { id kind } } }
      }`,
      {
        representations: [
          { __typename: 'Household', id: '500106-000042' },
          { __typename: 'Household', id: '500103-000001' },
        ],
      },
      clerk,
    );

    expect(response).toEqual({
      data: {
        _entities: [
          { id: '500106-000042', assistanceCase: { id: 'DB500106-0001', kind: 'MINIMUM_LIVING' } },
          { id: '500103-000001', assistanceCase: null },
        ],
      },
    });
  });

  it('looks up a marriage and an assistance case by number, answering null for unknown numbers', async () => {
    nock(API)
      .post('/v1/marriages/batch-get', { ids: ['J500106-2015-000123'] })
      .reply(200, { items: [marriage] })
      .post('/v1/assistance-cases/batch-get', { ids: ['TK500103-0009'] })
      .reply(200, { items: [] });

    const response = await executeOperation(
      subgraph.app,
      `{ marriage(id: "J500106-2015-000123") { husband { citizenId } registryOffice { name } }
         assistanceCase(id: "TK500103-0009") { id } }`,
      {},
      clerk,
    );

    expect(response).toEqual({
      data: {
        marriage: { husband: { citizenId: husband }, registryOffice: { name: '沙坪坝区' } },
        assistanceCase: null,
      },
    });
  });

  it.each([
    ['marriage', '500106-2015-000123'],
    ['assistanceCase', 'DB5001-0001'],
  ])('rejects a malformed %s number as BAD_USER_INPUT without calling the department', async (field, id) => {
    const response = await executeOperation(
      subgraph.app,
      `query($id: ID!) { ${field}(id: $id) { id } }`,
      { id },
      clerk,
    );
    expect(response.data).toEqual({ [field]: null });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      department: 'civil-affairs',
      argument: 'id',
      reason: 'FORMAT',
    });
  });

  describe('when the department system fails', () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Person { citizenId maritalStatus marriages { id } } }
    }`;
    const variables = personRepresentations(husband);

    it('keeps the person and nulls only the civil-affairs fields, with DOWNSTREAM_SERVICE_ERROR for a 500', async () => {
      nock(API).post('/v1/people/batch-get').reply(500, 'Internal Server Error');
      const response = await executeOperation(subgraph.app, query, variables, clerk);
      expect(response.data).toEqual({
        _entities: [{ citizenId: husband, maritalStatus: null, marriages: null }],
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'civil-affairs',
        reason: 'HTTP_ERROR',
        httpStatus: 500,
      });
    });

    it('maps a hang past the timeout to TIMEOUT', async () => {
      nock(API).post('/v1/people/batch-get').delay(5000).reply(200, { items: [] });
      const response = await executeOperation(subgraph.app, query, variables, clerk);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'civil-affairs',
        reason: 'TIMEOUT',
      });
    });

    it('maps malformed JSON, and JSON of the wrong shape, to MALFORMED_RESPONSE', async () => {
      nock(API)
        .post('/v1/people/batch-get')
        .reply(200, '{"items": [', { 'content-type': 'application/json' })
        .post('/v1/people/batch-get')
        .reply(200, { items: [{ citizenId: husband, marriages: [{ id: 'J1' }] }] });
      for (let i = 0; i < 2; i++) {
        const response = await executeOperation(subgraph.app, query, variables, clerk);
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'DOWNSTREAM_SERVICE_ERROR',
          department: 'civil-affairs',
          reason: 'MALFORMED_RESPONSE',
        });
      }
    });

    it('maps a refused connection to UNREACHABLE', async () => {
      nock(API).post('/v1/people/batch-get').replyWithError('connect ECONNREFUSED 127.0.0.1');
      const response = await executeOperation(subgraph.app, query, variables, clerk);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        reason: 'UNREACHABLE',
        department: 'civil-affairs',
      });
    });
  });
});
