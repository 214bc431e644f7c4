import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import {
  FAKE_EDUCATION_API as API,
  district,
  newborn,
  newbornRegistration,
  parent,
  serviceCenterFor,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

const subgraph = setUpTestSubgraph((auth) =>
  buildSubgraph({
    departmentSystemUrl: API,
    departmentTimeoutMs: 1000,
    trust: auth.trustFor('education'),
  }),
);

/** The service-center, acting for a parent: the only caller of the department's acts but its staff. */
let serviceCenter: Record<string, string>;

beforeAll(async () => {
  serviceCenter = await subgraph.auth.headersFor(serviceCenterFor(parent));
});

describe('education subgraph: registerSchoolAge', () => {
  const mutation = `mutation($input: SchoolAgeRegistrationInput!, $key: String!) {
    registerSchoolAge(input: $input, idempotencyKey: $key) { child { citizenId } expectedEntryYear registeredOn district { id } }
  }`;
  const input = {
    citizenId: newborn,
    birthDate: '2026-10-02',
    divisionCode: '500103',
    street: '解放碑街道',
  };

  it('registers the child with the idempotency key and answers the registration', async () => {
    const write = nock(API, { reqheaders: { 'idempotency-key': 'newborn-42-education' } })
      .post('/v1/school-age-registrations', input)
      .reply(201, newbornRegistration);
    const read = nock(API)
      .post('/v1/school-districts/batch-get', { ids: ['XQ500103-01'] })
      .reply(200, { items: [district] });
    const response = await executeOperation(
      subgraph.app,
      mutation,
      { input, key: 'newborn-42-education' },
      serviceCenter,
    );
    expect(response).toEqual({
      data: {
        registerSchoolAge: {
          child: { citizenId: newborn },
          expectedEntryYear: 2033,
          registeredOn: '2026-11-20',
          district: { id: 'XQ500103-01' },
        },
      },
    });
    expect(write.isDone()).toBe(true);
    expect(read.isDone()).toBe(true);
  });

  it('passes on the department refusing an address outside every district', async () => {
    nock(API)
      .post('/v1/school-age-registrations')
      .reply(422, {
        error: {
          code: 'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
          message: 'no school district covers this address',
        },
      });
    const response = await executeOperation(subgraph.app, mutation, { input, key: 'k1' }, serviceCenter);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      department: 'education',
      reason: 'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
      httpStatus: 422,
    });
  });

  it.each([
    [
      { citizenId: `${newborn.slice(0, 17)}${newborn[17] === '0' ? '1' : '0'}` },
      'input.citizenId',
      'CHECKSUM',
    ],
    [{ birthDate: '2026-02-30' }, 'input.birthDate', 'FORMAT'],
    [{ divisionCode: 'Chongqing' }, 'input.divisionCode', 'FORMAT'],
  ])(
    'rejects bad input %j as BAD_USER_INPUT without calling the department',
    async (change, argument, reason) => {
      const response = await executeOperation(
        subgraph.app,
        mutation,
        { input: { ...input, ...change }, key: 'k2' },
        serviceCenter,
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason });
    },
  );
});
