import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  FAKE_MEDICAL_INSURANCE_API as API,
  type Caller,
  citizen,
  mother,
  motherEnrolment,
  neighbour,
  neighbourEnrolment,
  newborn,
  newbornEnrolment,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
} from './fixtures.ts';

// Who may read a person's medical insurance, and who used their medical-insurance data. The
// department system is faked with nock at a host that can never resolve: a refusal must not even reach it.

const INSURANCE = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person {
      citizenId
      medicalInsurance {
        enrolmentNumber scheme status insuredArea { code name province } coveredFrom enrolledOn
        contributionPaidThisYear contributions { year status }
      }
    }
  }
}`;

const DATA_USES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { medicalInsuranceDataUses { department who actingFor purpose action outcome } }
  }
}`;

const test = setUpTestSubgraph();

/** Person representations as the gateway sends them: the key and public security's grant for `reader`. */
async function people(reader: string | null, ...citizenIds: string[]) {
  return {
    representations: await Promise.all(
      citizenIds.map(async (citizenId) => ({
        __typename: 'Person',
        citizenId,
        accessGrant: reader ? await test.auth.grants.grant(reader, citizenId) : null,
      })),
    ),
  };
}

/** Fakes one enrolment look-up of exactly `ids`, answering the enrolments the department holds. */
function expectLookUp(ids: string[], enrolments = [motherEnrolment, newbornEnrolment, neighbourEnrolment]) {
  return nock(API)
    .post('/v1/enrolments/batch-get', { ids })
    .reply(200, { items: enrolments.filter((e) => ids.includes(e.citizenId)) });
}

const insuranceOf = (caller: Caller, variables: Record<string, unknown>) =>
  test.ask(caller, INSURANCE, variables);
/** The people of an `_entities` answer. */
const entitiesOf = (response: { data?: Record<string, unknown> | null }) =>
  (response.data?._entities ?? []) as Array<{ medicalInsurance: { status: string } | null }>;
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.department]);

describe('Person.medicalInsurance', () => {
  it('answers a citizen their own enrolment, with the insured area named', async () => {
    expectLookUp([mother]);
    const response = await insuranceOf(citizen(mother), await people(null, mother));
    expect(response).toEqual({
      data: {
        _entities: [
          {
            citizenId: mother,
            medicalInsurance: {
              enrolmentNumber: motherEnrolment.id,
              scheme: 'EMPLOYEE',
              status: 'ACTIVE',
              insuredArea: { code: '500103', name: '渝中区', province: '重庆市' },
              coveredFrom: '2014-07-01',
              enrolledOn: '2014-07-01',
              contributionPaidThisYear: true,
              contributions: motherEnrolment.contributions,
            },
          },
        ],
      },
    });
  });

  it('answers a parent the newborn’s enrolment on public security’s grant: covered from birth, not yet paid', async () => {
    expectLookUp([newborn]);
    const response = await insuranceOf(serviceCenterFor(mother), await people(mother, newborn));
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      expect.objectContaining({
        medicalInsurance: expect.objectContaining({
          coveredFrom: '2026-10-03',
          contributionPaidThisYear: false,
          contributions: [{ year: 2026, status: 'UNPAID' }],
        }),
      }),
    ]);
  });

  it('answers staff with medical-insurance:read anyone, many people in one department call', async () => {
    expectLookUp([mother, newborn, neighbour]);
    const response = await insuranceOf(
      staff('medical-insurance', 'medical-insurance:read'),
      await people(null, mother, newborn, neighbour),
    );
    expect(response.errors).toBeUndefined();
    const statuses = entitiesOf(response).map((person) => person.medicalInsurance?.status);
    expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'SUSPENDED']);
  });

  it('answers null, without an error, for a person the department has not enrolled', async () => {
    expectLookUp([newborn], []);
    const response = await insuranceOf(citizen(mother), await people(mother, newborn));
    expect(response).toEqual({ data: { _entities: [{ citizenId: newborn, medicalInsurance: null }] } });
  });

  it.each<[string, string, Caller, string | null]>([
    ['an anonymous caller', 'UNAUTHENTICATED', null, null],
    ['a citizen without a grant', 'FORBIDDEN', citizen(mother), null],
    ['a citizen with a grant made for someone else', 'FORBIDDEN', citizen(mother), neighbour],
    ['staff of another department', 'FORBIDDEN', staff('health', 'health:read'), null],
  ])('refuses %s with %s, asking the department nothing', async (_, code, caller, grantedTo) => {
    const response = await insuranceOf(caller, await people(grantedTo, neighbour));
    expect(response.data).toEqual({ _entities: [{ citizenId: neighbour, medicalInsurance: null }] });
    expect(codesOf(response)).toEqual([[code, 'medical-insurance']]);
  });

  it('answers the readable people of a batch and refuses the rest, in one department call', async () => {
    expectLookUp([newborn]);
    const { representations } = await people(mother, newborn);
    const response = await insuranceOf(citizen(mother), {
      representations: [
        ...representations,
        { __typename: 'Person', citizenId: neighbour, accessGrant: null },
      ],
    });
    const [child, stranger] = entitiesOf(response);
    expect(child?.medicalInsurance).not.toBeNull();
    expect(stranger?.medicalInsurance).toBeNull();
    expect(codesOf(response)).toEqual([['FORBIDDEN', 'medical-insurance']]);
  });

  it('answers DOWNSTREAM_SERVICE_ERROR naming the department when its system is down', async () => {
    nock(API).post('/v1/enrolments/batch-get').replyWithError('connect ECONNREFUSED 127.0.0.1');
    const response = await insuranceOf(citizen(mother), await people(null, mother));
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'medical-insurance',
      reason: 'UNREACHABLE',
    });
  });
});

describe('Person.medicalInsuranceDataUses', () => {
  const entry = {
    at: '2026-11-20T02:15:07.123Z',
    department: 'medical-insurance',
    actor: 'service:service-center',
    actingFor: mother,
    purpose: 'application NB-20261120-000001',
    action: 'POST /v1/newborn-enrolments',
    subjects: [newborn],
    outcome: 201,
    requestId: 'req-1',
  };

  it('answers the person who used their data, other citizens masked', async () => {
    nock(API)
      .post('/v1/audit/by-subject', { ids: [newborn] })
      .reply(200, { items: [{ citizenId: newborn, entries: [entry] }] });
    const response = await test.ask(citizen(newborn), DATA_USES, await people(null, newborn));
    expect(response.data?._entities).toEqual([
      {
        medicalInsuranceDataUses: [
          {
            department: 'medical-insurance',
            who: 'service:service-center',
            actingFor: `citizen:${maskCitizenId(mother)}`,
            purpose: entry.purpose,
            action: entry.action,
            outcome: 201,
          },
        ],
      },
    ]);
  });

  it('answers the department’s auditors, and refuses a parent even with a grant', async () => {
    nock(API)
      .post('/v1/audit/by-subject', { ids: [newborn] })
      .reply(200, { items: [{ citizenId: newborn, entries: [] }] });
    const audited = await test.ask(
      staff('medical-insurance', 'medical-insurance:audit'),
      DATA_USES,
      await people(null, newborn),
    );
    expect(audited).toEqual({ data: { _entities: [{ medicalInsuranceDataUses: [] }] } });
    const asParent = await test.ask(citizen(mother), DATA_USES, await people(mother, newborn));
    expect(codesOf(asParent)).toEqual([['FORBIDDEN', 'medical-insurance']]);
  });
});
