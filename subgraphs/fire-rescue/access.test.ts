import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  FAKE_FIRE_RESCUE_API as API,
  citizen,
  LARGE,
  largeOwner,
  largeRecords,
  owner,
  SMALL,
  serviceCenterFor,
  setUpTestSubgraph,
  smallRecords,
  staff,
  stranger,
} from './fixtures.ts';

// Fire rescue's records of an enterprise are public record, answered to anyone who may read the
// enterprise; the applicant each check names is a person, shown as the person rules say. Its acts are
// the service-center's and its staff's; an inspection's result is its staff's alone.

const test = setUpTestSubgraph();

const RECORDS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Enterprise {
      creditCode
      supervisedPremises { id floorArea seats inspectionRequired address { formatted division { name } } }
      fireSafetyChecks { id kind status requestedAt dueAt decidedAt findings premises { id } applicant { citizenId } }
    }
  }
}`;
const enterprises = (...codes: string[]) => ({
  representations: codes.map((creditCode) => ({ __typename: 'Enterprise', creditCode })),
});
function expectRecords(ids: string[]) {
  return nock(API)
    .post('/v1/enterprises/fire-records/batch-get', { ids })
    .reply(200, { items: [smallRecords, largeRecords].filter((r) => ids.includes(r.creditCode)) });
}
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.reason ?? null]);

describe('Enterprise.supervisedPremises and Enterprise.fireSafetyChecks', () => {
  it('answer anyone the public record of many enterprises in one call, the applicants masked', async () => {
    expectRecords([SMALL, LARGE]);
    const response = await test.ask(null, RECORDS, enterprises(SMALL, LARGE));
    expect(response.errors).toBeUndefined();
    const [small, large] = (response.data?._entities ?? []) as Array<Record<string, unknown>>;
    expect(small).toEqual({
      creditCode: SMALL,
      supervisedPremises: [
        {
          id: 'CS500103-000001',
          floorArea: 120,
          seats: 40,
          inspectionRequired: false,
          address: {
            formatted: '重庆市渝中区解放碑街道民生路社区民族路88号1-1',
            division: { name: '渝中区' },
          },
        },
      ],
      fireSafetyChecks: [
        {
          id: 'XF500103-000001',
          kind: 'COMMITMENT',
          status: 'ACCEPTED',
          requestedAt: '2021-12-02T10:15:00+08:00',
          dueAt: null,
          decidedAt: '2021-12-02T10:15:00+08:00',
          findings: [],
          premises: { id: 'CS500103-000001' },
          applicant: { citizenId: maskCitizenId(owner) },
        },
      ],
    });
    expect(large).toMatchObject({
      supervisedPremises: [{ inspectionRequired: true }],
      fireSafetyChecks: [
        { status: 'BOOKED', dueAt: '2026-11-30T18:00:00+08:00', decidedAt: null },
        { status: 'FAILED', findings: ['安全出口处堆放杂物，影响安全疏散'] },
      ],
    });
  });

  it('show the applicant whole to themselves and to the service-center acting for them', async () => {
    for (const reader of [citizen(largeOwner), serviceCenterFor(largeOwner)]) {
      expectRecords([LARGE]);
      const response = await test.ask(reader, RECORDS, enterprises(LARGE));
      const [large] = (response.data?._entities ?? []) as Array<{ fireSafetyChecks: unknown[] }>;
      expect(large?.fireSafetyChecks).toEqual([
        expect.objectContaining({ applicant: { citizenId: largeOwner } }),
        expect.objectContaining({ applicant: { citizenId: largeOwner } }),
      ]);
    }
  });

  it('answer empty lists for an enterprise fire rescue has no premises of', async () => {
    nock(API)
      .post('/v1/enterprises/fire-records/batch-get', { ids: [SMALL] })
      .reply(200, { items: [] });
    const response = await test.ask(citizen(stranger), RECORDS, enterprises(SMALL));
    expect(response.data?._entities).toEqual([
      { creditCode: SMALL, supervisedPremises: [], fireSafetyChecks: [] },
    ]);
  });

  it('refuse a malformed credit code as BAD_USER_INPUT, before asking the department', async () => {
    const response = await test.ask(
      null,
      RECORDS,
      enterprises(`${SMALL.slice(0, 17)}${SMALL[17] === '0' ? '1' : '0'}`),
    );
    expect(codesOf(response)).toEqual([['BAD_USER_INPUT', 'CHECKSUM']]);
  });
});

describe('Query.fireSafetyCheckRequirement', () => {
  const QUERY =
    'query($floorArea: Float!) { fireSafetyCheckRequirement(floorArea: $floorArea) { kind inspectionRequired thresholdFloorArea } }';

  it('answers anyone fire rescue’s rule for the floor area', async () => {
    nock(API)
      .post('/v1/inspection-requirements/resolve', { floorArea: 480 })
      .reply(200, { floorArea: 480, kind: 'ON_SITE_INSPECTION', thresholdFloorArea: 300 });
    const response = await test.ask(null, QUERY, { floorArea: 480 });
    expect(response).toEqual({
      data: {
        fireSafetyCheckRequirement: {
          kind: 'ON_SITE_INSPECTION',
          inspectionRequired: true,
          thresholdFloorArea: 300,
        },
      },
    });
  });

  it.each([0, -20])(
    'refuses a floor area of %s as BAD_USER_INPUT, before asking the department',
    async (floorArea) => {
      const response = await test.ask(null, QUERY, { floorArea });
      expect(codesOf(response)).toEqual([['BAD_USER_INPUT', 'NOT_POSITIVE']]);
    },
  );
});

describe('the acts', () => {
  const BOOK = `mutation($input: FireSafetyCheckInput!, $key: String!) {
    bookFireInspection(input: $input, idempotencyKey: $key) { id status dueAt premises { inspectionRequired } applicant { citizenId } }
  }`;
  const COMMIT = `mutation($input: FireSafetyCheckInput!, $key: String!) {
    fileFireSafetyCommitment(input: $input, idempotencyKey: $key) { id status }
  }`;
  const RESULT = `mutation($id: ID!, $input: InspectionResultInput!, $key: String!) {
    recordInspectionResult(checkId: $id, input: $input, idempotencyKey: $key) { id status findings }
  }`;
  const input = (floorArea: number) => ({
    creditCode: LARGE,
    applicantCitizenId: largeOwner,
    premises: {
      divisionCode: '500105',
      street: '观音桥街道',
      community: '建新东路社区',
      detail: '建新东路26号',
      floorArea,
      seats: 160,
    },
  });
  const booked = largeRecords.checks[0];

  it('books an inspection for the service-center with its key, the answer’s premises read with the enterprise', async () => {
    nock(API)
      .post('/v1/fire-safety-checks/inspections', {
        creditCode: LARGE,
        applicantCitizenId: largeOwner,
        premises: {
          address: {
            divisionCode: '500105',
            street: '观音桥街道',
            community: '建新东路社区',
            detail: '建新东路26号',
          },
          floorArea: 480,
          seats: 160,
        },
      })
      .matchHeader('idempotency-key', 'OR-1/bookFireInspection')
      .reply(201, booked);
    expectRecords([LARGE]);
    const response = await test.ask(serviceCenterFor(largeOwner), BOOK, {
      input: input(480),
      key: 'OR-1/bookFireInspection',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.bookFireInspection).toEqual({
      id: booked?.id,
      status: 'BOOKED',
      dueAt: '2026-11-30T18:00:00+08:00',
      premises: { inspectionRequired: true },
      applicant: { citizenId: largeOwner },
    });
  });

  it('passes on the department’s refusal of a commitment for large premises', async () => {
    nock(API)
      .post('/v1/fire-safety-checks/commitments')
      .reply(422, {
        error: { code: 'INSPECTION_REQUIRED', message: 'premises over 300 m² are inspected on site' },
      });
    const response = await test.ask(staff('fire-rescue', 'fire-rescue:write'), COMMIT, {
      input: input(480),
      key: 'k-1',
    });
    expect(codesOf(response)).toEqual([['DEPARTMENT_REJECTED', 'INSPECTION_REQUIRED']]);
  });

  it('refuses bad input before asking the department: a floor area that is not positive, a bad credit code', async () => {
    const caller = serviceCenterFor(largeOwner);
    const area = await test.ask(caller, COMMIT, { input: input(0), key: 'k-2' });
    expect(codesOf(area)).toEqual([['BAD_USER_INPUT', 'NOT_POSITIVE']]);
    const code = await test.ask(caller, COMMIT, {
      input: { ...input(120), creditCode: LARGE.slice(0, 17) },
      key: 'k-3',
    });
    expect(codesOf(code)).toEqual([['BAD_USER_INPUT', 'LENGTH']]);
  });

  it('are refused to an anonymous caller and to a citizen, without asking the department', async () => {
    expect(codesOf(await test.ask(null, BOOK, { input: input(480), key: 'k-4' }))).toEqual([
      ['UNAUTHENTICATED', null],
    ]);
    expect(codesOf(await test.ask(citizen(largeOwner), BOOK, { input: input(480), key: 'k-5' }))).toEqual([
      ['FORBIDDEN', null],
    ]);
  });

  it('record an inspection’s result for fire-rescue staff with the write scope alone', async () => {
    const variables = {
      id: booked?.id,
      input: { outcome: 'FAILED', findings: ['灭火器压力不足'] },
      key: 'k-6',
    };
    for (const caller of [
      serviceCenterFor(largeOwner),
      staff('fire-rescue', 'fire-rescue:read'),
      citizen(largeOwner),
    ]) {
      expect(codesOf(await test.ask(caller, RESULT, variables))).toEqual([['FORBIDDEN', null]]);
    }
    nock(API)
      .post(`/v1/fire-safety-checks/${booked?.id}/result`, {
        outcome: 'FAILED',
        findings: ['灭火器压力不足'],
      })
      .matchHeader('idempotency-key', 'k-6')
      .reply(200, {
        ...booked,
        status: 'FAILED',
        decidedAt: '2026-11-20T10:00:00+08:00',
        findings: ['灭火器压力不足'],
      });
    const inspector = staff('fire-rescue', 'fire-rescue:write');
    const response = await test.ask(inspector, RESULT, variables);
    expect(response.data?.recordInspectionResult).toEqual({
      id: booked?.id,
      status: 'FAILED',
      findings: ['灭火器压力不足'],
    });
    const none = await test.ask(inspector, RESULT, {
      ...variables,
      input: { outcome: 'FAILED', findings: [] },
    });
    expect(codesOf(none)).toEqual([['BAD_USER_INPUT', 'EMPTY']]);
  });
});
