import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  FAKE_MEDICAL_INSURANCE_API as API,
  type Caller,
  citizen,
  mother,
  newborn,
  newbornEnrolment,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
} from './fixtures.ts';

const ENROL = `mutation($input: NewbornInsuranceEnrolmentInput!, $key: String!) {
  enrolNewbornInInsurance(input: $input, idempotencyKey: $key) {
    enrolmentNumber insured { citizenId } scheme status insuredArea { code } coveredFrom
    contributionPaidThisYear contributions { year status }
  }
}`;

const input = {
  citizenId: newborn,
  householdId: '500103-000123',
  birthDate: '2026-10-03',
  assistance: false,
};

const test = setUpTestSubgraph();

const enrol = (caller: Caller, variables: Record<string, unknown> = { input, key: 'NB-1/enrol' }) =>
  test.ask(caller, ENROL, variables);

describe('medical-insurance subgraph: enrolNewbornInInsurance', () => {
  it.each<[string, Caller]>([
    ['the service-center', serviceCenterFor(mother)],
    ['staff with medical-insurance:write', staff('medical-insurance', 'medical-insurance:write')],
  ])('enrols the newborn for %s under the idempotency key', async (_, caller) => {
    const write = nock(API, { reqheaders: { 'idempotency-key': 'NB-1/enrol' } })
      .post('/v1/newborn-enrolments', input)
      .reply(201, newbornEnrolment);
    const response = await enrol(caller);
    expect(response).toEqual({
      data: {
        enrolNewbornInInsurance: {
          enrolmentNumber: newbornEnrolment.id,
          insured: { citizenId: newborn },
          scheme: 'RESIDENT',
          status: 'ACTIVE',
          insuredArea: { code: '500103' },
          coveredFrom: '2026-10-03',
          contributionPaidThisYear: false,
          contributions: [{ year: 2026, status: 'UNPAID' }],
        },
      },
    });
    expect(write.isDone()).toBe(true);
  });

  it.each<[string, string, Caller]>([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['the parent themself', 'FORBIDDEN', citizen(mother)],
    ['staff who may only read', 'FORBIDDEN', staff('medical-insurance', 'medical-insurance:read')],
  ])('refuses %s with %s, asking the department nothing', async (_, code, caller) => {
    const response = await enrol(caller);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, department: 'medical-insurance' });
  });

  it('passes on the department refusing a child already enrolled', async () => {
    nock(API)
      .post('/v1/newborn-enrolments')
      .reply(409, {
        error: {
          code: 'ALREADY_ENROLLED',
          message: `the child is already enrolled in medical insurance as ${newbornEnrolment.id}`,
          details: { enrolmentNumber: newbornEnrolment.id },
        },
      });
    const response = await enrol(serviceCenterFor(mother));
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      department: 'medical-insurance',
      reason: 'ALREADY_ENROLLED',
      httpStatus: 409,
      details: { enrolmentNumber: newbornEnrolment.id },
    });
  });

  const wrongCheck = `${newborn.slice(0, 17)}${newborn[17] === '0' ? '1' : '0'}`;
  it.each<[string, string, Record<string, unknown>]>([
    ['input.citizenId', 'CHECKSUM', { input: { ...input, citizenId: wrongCheck }, key: 'k' }],
    ['input.householdId', 'FORMAT', { input: { ...input, householdId: '渝中区' }, key: 'k' }],
    ['idempotencyKey', 'LENGTH', { input, key: '' }],
  ])(
    'rejects a bad %s (%s) as BAD_USER_INPUT without calling the department',
    async (argument, reason, variables) => {
      const response = await enrol(serviceCenterFor(mother), variables);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    },
  );
});
