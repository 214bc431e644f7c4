import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import {
  FAKE_MEDICAL_INSURANCE_API as API,
  citizen,
  mother,
  motherEnrolment,
  neighbour,
  newborn,
  newbornEnrolment,
  serviceCenterFor,
  staff,
  TODAY,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// Masked references in medical insurance: the insured person an enrolment names is answered as the
// kit's EntitledPeople shows them, and a masked key opens nothing. The department system is faked
// once for every test and records what it is asked.

/** Every department call, as `path ids`. */
let calls: string[];

beforeEach(() => {
  calls = [];
  const enrolments = [motherEnrolment, newbornEnrolment];
  nock(API)
    .persist()
    .post('/v1/enrolments/batch-get')
    .reply(200, (uri, body) => {
      const { ids } = body as { ids: string[] };
      calls.push(`${uri} ${ids.join(',')}`);
      return { items: enrolments.filter((enrolment) => ids.includes(enrolment.citizenId)) };
    })
    .post('/v1/newborn-enrolments')
    .reply(201, (uri) => {
      calls.push(`${uri}`);
      return newbornEnrolment;
    })
    .post('/v1/audit/by-subject')
    .reply(200, (uri) => {
      calls.push(`${uri}`);
      return { items: [] };
    });
});

// The fake above answers every test's calls, used or not.
const test = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('medical-insurance'),
      today: () => TODAY,
    }),
  { expectEveryFakeCalled: false },
);
const { ask } = test;

const INSURED = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { medicalInsurance { insured { citizenId } } } }
}`;
const ENROL = `mutation($citizenId: CitizenId!) {
  enrolNewbornInInsurance(
    input: { citizenId: $citizenId, householdId: "500103-000123", birthDate: "2026-10-03", assistance: false }
    idempotencyKey: "k"
  ) { insured { citizenId } }
}`;

describe('medical insurance shows the insured person as the graph’s one rule does', () => {
  it('whole to the parent holding the child’s grant, to staff with medical-insurance:read and to the service-center', async () => {
    const accessGrant = await test.auth.grants.grant(mother, newborn);
    for (const caller of [
      citizen(mother),
      staff('medical-insurance', 'medical-insurance:read'),
      serviceCenterFor(mother),
    ]) {
      const response = await ask(caller, INSURED, people({ citizenId: newborn, accessGrant }));
      expect(response).toEqual({
        data: { _entities: [{ medicalInsurance: { insured: { citizenId: newborn } } }] },
      });
    }
  });

  it('whole to staff without medical-insurance:read who enrolled the newborn: they named them', async () => {
    const response = await ask(staff('medical-insurance', 'medical-insurance:write'), ENROL, {
      citizenId: newborn,
    });
    expect(response).toEqual({ data: { enrolNewbornInInsurance: { insured: { citizenId: newborn } } } });
  });
});

describe('a masked citizen ID opens nothing in medical insurance', () => {
  const ALL_FIELDS = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person { citizenId medicalInsurance { enrolmentNumber } medicalInsuranceDataUses { at } }
    }
  }`;
  const maskedNewborn = maskCitizenId(newborn);

  it.each([
    ['the person themselves', citizen(newborn)],
    ['a reader holding a grant for the person', citizen(mother)],
    [
      'medical-insurance staff with every scope',
      staff('medical-insurance', 'medical-insurance:read', 'medical-insurance:audit'),
    ],
    ['the service-center', serviceCenterFor(mother)],
  ])('as a key, for %s: every personal field FORBIDDEN, no department call', async (_, caller) => {
    const accessGrant = await test.auth.grants.grant(mother, newborn);
    const response = await ask(caller, ALL_FIELDS, people({ citizenId: maskedNewborn, accessGrant }));
    expect(response.data).toEqual({
      _entities: [{ citizenId: maskedNewborn, medicalInsurance: null, medicalInsuranceDataUses: null }],
    });
    expect(codesOf(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(response)).not.toContain(newborn);
    expect(calls).toEqual([]);
  });

  it('is left out of the batch a clerk’s look-up sends the department', async () => {
    const response = await ask(
      staff('medical-insurance', 'medical-insurance:read'),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { medicalInsurance { enrolmentNumber } } } }`,
      people({ citizenId: maskedNewborn }, { citizenId: neighbour }),
    );
    expect(response.data).toEqual({ _entities: [{ medicalInsurance: null }, { medicalInsurance: null }] });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
    expect(calls).toEqual([`/v1/enrolments/batch-get ${neighbour}`]);
  });

  it('as the act’s argument: BAD_USER_INPUT with reason MASKED, no department call', async () => {
    const response = await ask(serviceCenterFor(mother), ENROL, { citizenId: maskedNewborn });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    expect(calls).toEqual([]);
  });
});
