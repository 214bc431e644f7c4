import nock from 'nock';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeOperation } from '../kit/testing.ts';
import { setUpTestSubgraph } from '../kit/testSubgraph.ts';
import { FAKE_EDUCATION_API as API, parent, pupil, school, serviceCenterFor } from './fixtures.ts';
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

describe('education subgraph: enrolPupil', () => {
  const mutation = `mutation($input: PupilEnrolmentInput!, $key: String!) {
    enrolPupil(input: $input, idempotencyKey: $key) {
      enrolment { id entryYear status school { id name } }
      waitlistPosition
      priorities
    }
  }`;
  const input = {
    citizenId: pupil,
    schoolId: school.id,
    entryYear: 2027,
    priorities: ['MINIMUM_LIVING_ASSISTANCE'],
  };
  const waitlisted = {
    id: 'EN2027-000042',
    ...input,
    status: 'WAITLISTED',
    waitlistPosition: 3,
  };

  it('asks the department once, under the caller’s key, and answers the decision', async () => {
    const write = nock(API, { reqheaders: { 'idempotency-key': 'SE-20261120-ABCDEF/enrol' } })
      .post('/v1/enrolments', input)
      .reply(201, waitlisted);
    nock(API)
      .post('/v1/schools/batch-get', { ids: [school.id] })
      .reply(200, { items: [school] });
    const response = await executeOperation(
      subgraph.app,
      mutation,
      { input, key: 'SE-20261120-ABCDEF/enrol' },
      serviceCenter,
    );
    expect(response).toEqual({
      data: {
        enrolPupil: {
          enrolment: {
            id: 'EN2027-000042',
            entryYear: 2027,
            status: 'WAITLISTED',
            school: { id: school.id, name: school.name },
          },
          waitlistPosition: 3,
          priorities: ['MINIMUM_LIVING_ASSISTANCE'],
        },
      },
    });
    expect(write.isDone()).toBe(true);
  });

  it('passes on the department refusing a second enrolment for the year at another school', async () => {
    nock(API)
      .post('/v1/enrolments')
      .reply(409, {
        error: {
          code: 'ENROLMENT_EXISTS',
          message: 'already enrolled elsewhere',
          details: { enrolmentId: 'EN2027-000001', schoolId: 'SCH500103-03', status: 'ENROLLED' },
        },
      });
    const response = await executeOperation(subgraph.app, mutation, { input, key: 'k1' }, serviceCenter);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DEPARTMENT_REJECTED',
      department: 'education',
      reason: 'ENROLMENT_EXISTS',
      httpStatus: 409,
      details: { schoolId: 'SCH500103-03' },
    });
  });

  it.each([
    [{ schoolId: 'school 1' }, 'input.schoolId', 'FORMAT'],
    [{ entryYear: 1999 }, 'input.entryYear', 'RANGE'],
    [{ citizenId: `${pupil.slice(0, 17)}${pupil[17] === '0' ? '1' : '0'}` }, 'input.citizenId', 'CHECKSUM'],
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
