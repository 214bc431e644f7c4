import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import {
  FAKE_EDUCATION_API as API,
  district,
  newborn,
  newbornRecord,
  pupil,
  pupilRecord,
  school,
  staff,
  stranger,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

const PERSON_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person {
      citizenId
      enrolments { id entryYear status school { name stage capacity } }
      schoolAgeRegistration { expectedEntryYear district { name schools { id } } }
    }
  }
}`;

const HOUSEHOLD_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Household { id schoolDistrict { id name streets division { name } } }
  }
}`;

function personRepresentations(ids: string[]) {
  return { representations: ids.map((citizenId) => ({ __typename: 'Person', citizenId })) };
}

// Some fakes allow more calls than the subgraph may make, to show it makes no more: not all are used.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('education'),
    }),
  { expectEveryFakeCalled: false },
);

/** An education clerk, who reads every pupil's records: these tests are about the data. */
let clerk: Record<string, string>;
/** An auditor reading all four departments. */
let auditor: Record<string, string>;

beforeAll(async () => {
  clerk = await subgraph.auth.headersFor(staff('education', 'education:read'));
  auditor = await subgraph.auth.headersFor(
    staff('audit', 'public-security:read', 'health:read', 'civil-affairs:read', 'education:read'),
  );
});

describe('education subgraph', () => {
  it('adds enrolments and school-age registration to people, one department call per entity type', async () => {
    const scope = nock(API)
      .post('/v1/people/batch-get', { ids: [pupil, newborn, stranger] })
      .reply(200, { items: [pupilRecord, newbornRecord] })
      .post('/v1/schools/batch-get', { ids: ['SCH500103-01'] })
      .reply(200, { items: [school] })
      .post('/v1/school-districts/batch-get', { ids: ['XQ500103-01'] })
      .reply(200, { items: [district] });

    const response = await executeOperation(
      subgraph.app,
      PERSON_ENTITIES,
      personRepresentations([pupil, newborn, stranger]),
      clerk,
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: pupil,
          enrolments: [
            {
              id: 'EN-000001',
              entryYear: 2024,
              status: 'ENROLLED',
              school: { name: '重庆市渝中区人和街小学', stage: 'PRIMARY', capacity: 45 },
            },
          ],
          schoolAgeRegistration: null,
        },
        {
          citizenId: newborn,
          enrolments: [],
          schoolAgeRegistration: {
            expectedEntryYear: 2033,
            district: { name: '渝中区解放碑学区', schools: [{ id: 'SCH500103-01' }] },
          },
        },
        { citizenId: stranger, enrolments: [], schoolAgeRegistration: null },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('asks the department once for 100 people an auditor may read', async () => {
    const ids = Array.from({ length: 100 }, (_, i) =>
      composeCitizenId({ divisionCode: '500105', birthDate: '2015-05-05', sequence: 2 * i + 1, sex: 'MALE' }),
    );
    let calls = 0;
    nock(API)
      .post('/v1/people/batch-get')
      .times(100)
      .reply(200, (_uri, body) => {
        calls += 1;
        expect((body as { ids: string[] }).ids).toHaveLength(100);
        return { items: [] };
      });
    const response = await executeOperation(
      subgraph.app,
      PERSON_ENTITIES,
      personRepresentations(ids),
      auditor,
    );
    expect(response.errors).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('resolves the school districts of households from their addresses in one resolve call, for anyone', async () => {
    const scope = nock(API)
      .post('/v1/school-districts/resolve', {
        addresses: [
          { divisionCode: '500103', street: '解放碑街道' },
          { divisionCode: '510107', street: '' },
        ],
      })
      .reply(200, { districts: [district, null] });
    const response = await executeOperation(subgraph.app, HOUSEHOLD_ENTITIES, {
      representations: [
        {
          __typename: 'Household',
          id: '500103-000001',
          address: { divisionCode: '500103', street: '解放碑街道' },
        },
        { __typename: 'Household', id: '510107-000002', address: { divisionCode: '510107', street: '' } },
        {
          __typename: 'Household',
          id: '500103-000003',
          address: { divisionCode: '500103', street: '解放碑街道' },
        },
      ],
    });
    expect(response.errors).toBeUndefined();
    const expected = {
      id: 'XQ500103-01',
      name: '渝中区解放碑学区',
      streets: district.streets,
      division: { name: '渝中区' },
    };
    expect(response.data).toEqual({
      _entities: [
        { id: '500103-000001', schoolDistrict: expected },
        { id: '510107-000002', schoolDistrict: null },
        { id: '500103-000003', schoolDistrict: expected },
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  // Schools and districts are public: these run without a token.
  describe('public look-ups', () => {
    it('answers a school with its district and the places left in an entry class', async () => {
      nock(API)
        .post('/v1/schools/batch-get', { ids: ['SCH500103-01'] })
        .reply(200, { items: [school] })
        .post('/v1/school-districts/batch-get', { ids: ['XQ500103-01'] })
        .reply(200, { items: [district] });
      const response = await executeOperation(
        subgraph.app,
        `{ school(id: "SCH500103-01") {
          name division { code name province } district { id }
          taken: enrolledCount(entryYear: 2024) left: placesLeft(entryYear: 2024) nextYear: placesLeft(entryYear: 2027)
        } }`,
      );
      expect(response).toEqual({
        data: {
          school: {
            name: '重庆市渝中区人和街小学',
            division: { code: '500103', name: '渝中区', province: '重庆市' },
            district: { id: 'XQ500103-01' },
            taken: 44,
            left: 1,
            nextYear: 45,
          },
        },
      });
    });

    it('searches schools by division and stage in one call', async () => {
      const scope = nock(API)
        .post('/v1/schools/search', { divisionCode: '500103', stage: 'PRIMARY' })
        .reply(200, { items: [school] });
      const response = await executeOperation(
        subgraph.app,
        '{ schools(divisionCode: "500103", stage: PRIMARY) { id placesLeft(entryYear: 2024) } }',
      );
      expect(response).toEqual({ data: { schools: [{ id: 'SCH500103-01', placesLeft: 1 }] } });
      expect(scope.isDone()).toBe(true);
    });

    it('answers the district of an address, and null where no district covers it', async () => {
      nock(API)
        .post('/v1/school-districts/resolve', {
          addresses: [{ divisionCode: '500103', street: '七星岗街道' }],
        })
        .reply(200, { districts: [district] })
        .post('/v1/school-districts/resolve', {
          addresses: [{ divisionCode: '500103', street: '不存在街道' }],
        })
        .reply(200, { districts: [null] });
      const query =
        'query($street: String!) { schoolDistrictForAddress(divisionCode: "500103", street: $street) { id } }';
      expect(await executeOperation(subgraph.app, query, { street: '七星岗街道' })).toEqual({
        data: { schoolDistrictForAddress: { id: 'XQ500103-01' } },
      });
      expect(await executeOperation(subgraph.app, query, { street: '不存在街道' })).toEqual({
        data: { schoolDistrictForAddress: null },
      });
    });

    it('answers null, not an error, for ids the department does not know', async () => {
      nock(API)
        .post('/v1/schools/batch-get')
        .reply(200, { items: [] })
        .post('/v1/school-districts/batch-get')
        .reply(200, { items: [] });
      const response = await executeOperation(
        subgraph.app,
        '{ school(id: "SCH500199-09") { name } schoolDistrict(id: "XQ500199-09") { name } }',
      );
      expect(response).toEqual({ data: { school: null, schoolDistrict: null } });
    });

    it.each([
      ['school(id: "500103-01") { name }', 'id'],
      ['schoolDistrict(id: "XQ5001-1") { name }', 'id'],
      ['schools(divisionCode: "50010") { name }', 'divisionCode'],
      ['schoolDistrictForAddress(divisionCode: "0500103", street: "解放碑街道") { name }', 'divisionCode'],
    ])('rejects %s as BAD_USER_INPUT without calling the department', async (field, argument) => {
      const response = await executeOperation(subgraph.app, `{ ${field} }`);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        department: 'education',
        argument,
        reason: 'FORMAT',
      });
    });
  });

  describe('when the department system fails', () => {
    const query = '{ school(id: "SCH500103-01") { name } }';

    it('maps a 500 to DOWNSTREAM_SERVICE_ERROR naming the department', async () => {
      nock(API).post('/v1/schools/batch-get').reply(500, 'Internal Server Error');
      const response = await executeOperation(subgraph.app, query);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'education',
        reason: 'HTTP_ERROR',
        httpStatus: 500,
      });
    });

    it('maps a hang past the timeout to TIMEOUT', async () => {
      nock(API).post('/v1/schools/batch-get').delay(5000).reply(200, { items: [] });
      const response = await executeOperation(subgraph.app, query);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'education',
        reason: 'TIMEOUT',
      });
    });

    it('maps malformed JSON, JSON of the wrong shape and a short resolve answer to MALFORMED_RESPONSE', async () => {
      nock(API)
        .post('/v1/schools/batch-get')
        .reply(200, '{"items": [', { 'content-type': 'application/json' })
        .post('/v1/schools/batch-get')
        .reply(200, { items: [{ id: 'SCH500103-01' }] })
        .post('/v1/school-districts/resolve')
        .reply(200, { districts: [] });
      const addressQuery =
        '{ schoolDistrictForAddress(divisionCode: "500103", street: "解放碑街道") { id } }';
      for (const operation of [query, query, addressQuery]) {
        const response = await executeOperation(subgraph.app, operation);
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'DOWNSTREAM_SERVICE_ERROR',
          department: 'education',
          reason: 'MALFORMED_RESPONSE',
        });
      }
    });

    it('maps a refused connection to UNREACHABLE', async () => {
      nock(API).post('/v1/schools/batch-get').replyWithError('connect ECONNREFUSED 127.0.0.1');
      const response = await executeOperation(subgraph.app, query);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        reason: 'UNREACHABLE',
        department: 'education',
      });
    });

    it('reports the failure on the person fields education supplies', async () => {
      nock(API).post('/v1/people/batch-get').reply(503, 'Service Unavailable');
      const response = await executeOperation(
        subgraph.app,
        'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { schoolAgeRegistration { expectedEntryYear } } } }',
        personRepresentations([newborn]),
        clerk,
      );
      expect(response.data).toEqual({ _entities: [{ schoolAgeRegistration: null }] });
      expect(response.errors?.[0]).toMatchObject({
        path: ['_entities', 0, 'schoolAgeRegistration'],
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: 'education', reason: 'HTTP_ERROR' },
      });
    });
  });
});
