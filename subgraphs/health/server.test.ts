import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

// The department system is faked with nock at a host that can never resolve.
const API = 'http://health-api.invalid';
const TODAY = '2026-11-20';

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
  birthDate: '2026-05-10',
  sequence: 17,
  sex: 'MALE',
});

const hospital = { id: 'H500103001', name: '重庆市妇幼保健院', divisionCode: '500103', maternityUnit: true };
const clinic = {
  id: 'C500103001',
  name: '渝中区解放碑社区卫生服务中心预防接种门诊',
  divisionCode: '500103',
  streets: ['解放碑街道'],
};

const certificate = {
  number: 'Q500012345',
  birthRecordId: 'BR202605100001',
  childCitizenId: child,
  childName: '阿依古丽·买买提',
  hospital,
  issuedOn: '2026-05-12',
};

const vaccinationRecord = {
  id: 'VR202605100001',
  citizenId: child,
  birthRecordId: 'BR202605100001',
  birthDate: '2026-05-10',
  clinic,
  openedOn: '2026-05-12',
  doses: [
    { vaccine: 'HepB', doseNumber: 1, givenOn: '2026-05-10' },
    { vaccine: 'BCG', doseNumber: 1, givenOn: '2026-05-10' },
    { vaccine: 'HepB', doseNumber: 2, givenOn: '2026-06-10' },
  ],
};

function birthRecord(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    hospital,
    motherCitizenId: mother,
    fatherCitizenId: father,
    bornAt: '2026-05-10T01:15:00+08:00',
    birthDate: '2026-05-10',
    sex: 'MALE',
    weightGrams: 3350,
    lengthCm: 50.5,
    gestationWeeks: 39,
    plurality: 1,
    birthOrder: 1,
    status: 'CERTIFIED',
    certificate,
    childCitizenId: child,
    ...extra,
  };
}

/** The shape of the first test's answer. */
interface PersonAnswer {
  birthCertificate: unknown;
  vaccinationRecord: {
    clinic: unknown;
    doses: unknown[];
    schedule: Array<Record<string, unknown>>;
    completeForSchoolEntry: boolean;
  };
  reportedBirths: unknown[];
}

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { citizenId FIELDS } }
}`;

function entities(fields: string, citizenIds: string[], headers = healthStaff) {
  return executeOperation(
    subgraph.app,
    ENTITIES.replace('FIELDS', fields),
    { representations: citizenIds.map((citizenId) => ({ __typename: 'Person', citizenId })) },
    headers,
  );
}

// Some fakes allow more calls than the subgraph may make, to show it makes no more: not all are used.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      today: () => TODAY,
      trust: auth.trustFor('health'),
    }),
  { expectEveryFakeCalled: false },
);

/** A health clerk (`health:read`): reads every record, so these tests are about the data, not access. */
let healthStaff: Record<string, string>;

beforeAll(async () => {
  healthStaff = await subgraph.auth.bearer('staff:health');
});

describe('health subgraph', () => {
  it('answers a person’s certificate, vaccination record and schedule from one department call', async () => {
    const people = nock(API)
      .post('/v1/people/batch-get', { ids: [child] })
      .reply(200, {
        items: [{ citizenId: child, birthCertificate: certificate, vaccinationRecord, reportedBirthIds: [] }],
      });

    const response = await entities(
      `birthCertificate { number childName issuedOn hospital { name maternityUnit division { name } } birthRecord { id } child { citizenId } }
       vaccinationRecord {
         id openedOn clinic { name streets division { code name province } }
         doses { vaccine vaccineName doseNumber givenOn }
         schedule { vaccine vaccineName doseNumber dueOn overdueFrom status givenOn }
         completeForSchoolEntry
       }
       reportedBirths { id }`,
      [child],
    );

    expect(response.errors).toBeUndefined();
    const [person] = (response.data as { _entities: PersonAnswer[] })._entities;
    expect(person?.birthCertificate).toEqual({
      number: 'Q500012345',
      childName: '阿依古丽·买买提',
      issuedOn: '2026-05-12',
      hospital: { name: '重庆市妇幼保健院', maternityUnit: true, division: { name: '渝中区' } },
      birthRecord: { id: 'BR202605100001' },
      child: { citizenId: child },
    });
    expect(person?.vaccinationRecord.clinic).toEqual({
      name: clinic.name,
      streets: ['解放碑街道'],
      division: { code: '500103', name: '渝中区', province: '重庆市' },
    });
    expect(person?.vaccinationRecord.doses[0]).toEqual({
      vaccine: 'HepB',
      vaccineName: '乙肝疫苗',
      doseNumber: 1,
      givenOn: '2026-05-10',
    });
    const schedule = person?.vaccinationRecord.schedule ?? [];
    expect(schedule).toHaveLength(22);
    expect(schedule.slice(0, 4)).toEqual([
      {
        vaccine: 'HepB',
        vaccineName: '乙肝疫苗',
        doseNumber: 1,
        dueOn: '2026-05-10',
        overdueFrom: '2026-05-12',
        status: 'GIVEN',
        givenOn: '2026-05-10',
      },
      {
        vaccine: 'BCG',
        vaccineName: '卡介苗',
        doseNumber: 1,
        dueOn: '2026-05-10',
        overdueFrom: '2026-08-10',
        status: 'GIVEN',
        givenOn: '2026-05-10',
      },
      {
        vaccine: 'HepB',
        vaccineName: '乙肝疫苗',
        doseNumber: 2,
        dueOn: '2026-06-10',
        overdueFrom: '2027-05-10',
        status: 'GIVEN',
        givenOn: '2026-06-10',
      },
      {
        vaccine: 'IPV',
        vaccineName: '脊灰灭活疫苗',
        doseNumber: 1,
        dueOn: '2026-07-10',
        overdueFrom: '2027-05-10',
        status: 'DUE',
        givenOn: null,
      },
    ]);
    expect(schedule.find((dose) => dose.vaccine === 'MMR' && dose.doseNumber === 1)?.status).toBe('UPCOMING');
    expect(person?.vaccinationRecord.completeForSchoolEntry).toBe(false);
    expect(person?.reportedBirths).toEqual([]);
    expect(people.isDone()).toBe(true);
  });

  it('answers a parent’s reported births with one people call and one birth-record call', async () => {
    const calls = nock(API)
      .post('/v1/people/batch-get', { ids: [mother] })
      .reply(200, {
        items: [
          {
            citizenId: mother,
            birthCertificate: null,
            vaccinationRecord: null,
            reportedBirthIds: ['BR202605100001', 'BR202611010002'],
          },
        ],
      })
      .post('/v1/birth-records/batch-get', { ids: ['BR202605100001', 'BR202611010002'] })
      .reply(200, {
        items: [
          birthRecord('BR202605100001'),
          birthRecord('BR202611010002', {
            fatherCitizenId: null,
            sex: 'FEMALE',
            plurality: 2,
            birthOrder: 2,
            status: 'REPORTED',
            certificate: null,
            childCitizenId: null,
          }),
        ],
      });

    const response = await entities(
      `reportedBirths { id bornAt birthDate sex status plurality birthOrder lengthCm hospital { id } mother { citizenId } father { citizenId } certificate { number } child { citizenId } }`,
      [mother],
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      _entities: [
        {
          citizenId: mother,
          reportedBirths: [
            {
              id: 'BR202605100001',
              bornAt: '2026-05-10T01:15:00+08:00',
              birthDate: '2026-05-10',
              sex: 'MALE',
              status: 'CERTIFIED',
              plurality: 1,
              birthOrder: 1,
              lengthCm: 50.5,
              hospital: { id: 'H500103001' },
              mother: { citizenId: mother },
              father: { citizenId: father },
              certificate: { number: 'Q500012345' },
              child: { citizenId: child },
            },
            {
              id: 'BR202611010002',
              bornAt: '2026-05-10T01:15:00+08:00',
              birthDate: '2026-05-10',
              sex: 'FEMALE',
              status: 'REPORTED',
              plurality: 2,
              birthOrder: 2,
              lengthCm: 50.5,
              hospital: { id: 'H500103001' },
              mother: { citizenId: mother },
              father: null,
              certificate: null,
              child: null,
            },
          ],
        },
      ],
    });
    expect(calls.isDone()).toBe(true);
  });

  it('makes exactly one department call for a hundred people', async () => {
    const citizenIds = Array.from({ length: 100 }, (_, i) =>
      composeCitizenId({ divisionCode: '500105', birthDate: '2020-01-01', sequence: 2 * i + 1, sex: 'MALE' }),
    );
    let calls = 0;
    nock(API)
      .post('/v1/people/batch-get')
      .times(2)
      .reply(200, (_, body) => {
        calls += 1;
        const { ids } = body as { ids: string[] };
        return {
          items: ids
            .filter((_, i) => i % 2 === 0)
            .map((citizenId) => ({
              citizenId,
              birthCertificate: null,
              vaccinationRecord,
              reportedBirthIds: ['BR202605100001'],
            })),
        };
      });

    // An auditor reading all four departments, as a cross-department list would be read.
    const auditor = await subgraph.auth.bearer(
      'staff:audit:public-security:read,health:read,civil-affairs:read,education:read',
    );
    const response = await entities(
      'birthCertificate { number } vaccinationRecord { completeForSchoolEntry schedule { status } } reportedBirths { id }',
      citizenIds,
      auditor,
    );

    expect(response.errors).toBeUndefined();
    const people = (response.data as { _entities: Array<Record<string, unknown>> })._entities;
    expect(people).toHaveLength(100);
    expect(people[1]).toEqual({
      citizenId: citizenIds[1],
      birthCertificate: null,
      vaccinationRecord: null,
      reportedBirths: [],
    });
    expect(people[0]?.reportedBirths).toEqual([{ id: 'BR202605100001' }]);
    expect(calls).toBe(1);
  });

  it('answers a birth record by its number', async () => {
    nock(API)
      .post('/v1/birth-records/batch-get', { ids: ['BR202605100001'] })
      .reply(200, { items: [birthRecord('BR202605100001')] });
    const response = await executeOperation(
      subgraph.app,
      'query($id: ID!) { birthRecord(id: $id) { id weightGrams gestationWeeks status hospital { name division { name } } certificate { childName birthRecord { id sex } } } }',
      { id: 'BR202605100001' },
      healthStaff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      birthRecord: {
        id: 'BR202605100001',
        weightGrams: 3350,
        gestationWeeks: 39,
        status: 'CERTIFIED',
        hospital: { name: '重庆市妇幼保健院', division: { name: '渝中区' } },
        certificate: { childName: '阿依古丽·买买提', birthRecord: { id: 'BR202605100001', sex: 'MALE' } },
      },
    });
  });

  it('answers staff null, not an error, for a birth record or a person the department does not know', async () => {
    nock(API)
      .post('/v1/birth-records/batch-get')
      .reply(200, { items: [] })
      .post('/v1/people/batch-get')
      .reply(200, { items: [] });
    const record = await executeOperation(
      subgraph.app,
      'query($id: ID!) { birthRecord(id: $id) { id } }',
      { id: 'BR209912319999' },
      healthStaff,
    );
    expect(record).toEqual({ data: { birthRecord: null } });
    const person = await entities(
      'birthCertificate { number } vaccinationRecord { id } reportedBirths { id }',
      [mother],
    );
    expect(person).toEqual({
      data: {
        _entities: [
          { citizenId: mother, birthCertificate: null, vaccinationRecord: null, reportedBirths: [] },
        ],
      },
    });
  });

  it.each(['BR2026', 'br202605100001', 'BR20260510000X'])(
    'rejects the malformed birth record number %s as BAD_USER_INPUT without calling the department',
    async (id) => {
      const response = await executeOperation(
        subgraph.app,
        'query($id: ID!) { birthRecord(id: $id) { id } }',
        { id },
        healthStaff,
      );
      expect(response.data).toEqual({ birthRecord: null });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        department: 'health',
        argument: 'id',
        reason: 'FORMAT',
      });
    },
  );

  describe('when the department system fails', () => {
    const fields = 'birthCertificate { number } reportedBirths { id }';

    async function expectFailure(extensions: Record<string, unknown>) {
      const response = await entities(fields, [child]);
      // The person still resolves: only the health fields are null, each with the error.
      expect(response.data).toEqual({
        _entities: [{ citizenId: child, birthCertificate: null, reportedBirths: null }],
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({ department: 'health', ...extensions });
    }

    it('maps a 500 to DOWNSTREAM_SERVICE_ERROR naming the department', async () => {
      nock(API).post('/v1/people/batch-get').reply(500, 'Internal Server Error');
      await expectFailure({ code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'HTTP_ERROR', httpStatus: 500 });
    });

    it('maps a hang past the timeout to TIMEOUT', async () => {
      nock(API).post('/v1/people/batch-get').delay(5000).reply(200, { items: [] });
      await expectFailure({ code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'TIMEOUT' });
    });

    it('maps malformed JSON, and JSON of the wrong shape, to MALFORMED_RESPONSE', async () => {
      nock(API)
        .post('/v1/people/batch-get')
        .reply(200, '{"items": [', { 'content-type': 'application/json' })
        .post('/v1/people/batch-get')
        .reply(200, { items: [{ citizenId: child, birthCertificate: { number: 'Q1' } }] });
      for (let i = 0; i < 2; i++)
        await expectFailure({ code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'MALFORMED_RESPONSE' });
    });

    it('maps a refused connection to UNREACHABLE', async () => {
      nock(API).post('/v1/people/batch-get').replyWithError('connect ECONNREFUSED 127.0.0.1');
      await expectFailure({ code: 'DOWNSTREAM_SERVICE_ERROR', reason: 'UNREACHABLE' });
    });

    it('maps a failing birth-record look-up the same way for birthRecord', async () => {
      nock(API)
        .post('/v1/birth-records/batch-get')
        .reply(503, { error: { code: 'INTERNAL', message: 'down' } });
      const response = await executeOperation(
        subgraph.app,
        'query($id: ID!) { birthRecord(id: $id) { id } }',
        { id: 'BR202605100001' },
        healthStaff,
      );
      expect(response.data).toEqual({ birthRecord: null });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'health',
        reason: 'HTTP_ERROR',
        httpStatus: 503,
      });
    });
  });
});
