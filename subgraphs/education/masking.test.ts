import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  errorCodesOf as codesOf,
  personRepresentations as people,
  setUpTestSubgraph,
} from '../kit/testSubgraph.ts';
import {
  FAKE_EDUCATION_API as API,
  citizen,
  newborn,
  newbornRecord,
  newbornRegistration,
  parent,
  pupil,
  serviceCenterFor,
  staff,
} from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// Masked references in education: the child a school-age registration names is answered as the
// kit's EntitledPeople shows them, and a masked key opens nothing. The department system is faked
// once for every test and records what it is asked.

/** Every department call, as `path ids`. */
let calls: string[];

beforeEach(() => {
  calls = [];
  nock(API)
    .persist()
    .post('/v1/people/batch-get')
    .reply(200, (uri, body) => {
      const { ids } = body as { ids: string[] };
      calls.push(`${uri} ${ids.join(',')}`);
      return { items: ids.includes(newborn) ? [newbornRecord] : [] };
    })
    .post('/v1/school-age-registrations')
    .reply(201, (uri) => {
      calls.push(`${uri}`);
      return newbornRegistration;
    })
    .post('/v1/audit/by-subject')
    .reply(200, (uri) => {
      calls.push(`${uri}`);
      return { items: [] };
    });
});

// The fake above answers every test's calls, used or not.
const subgraph = setUpTestSubgraph(
  (auth) =>
    buildSubgraph({ departmentSystemUrl: API, departmentTimeoutMs: 1000, trust: auth.trustFor('education') }),
  { expectEveryFakeCalled: false },
);
const { ask } = subgraph;

const REGISTRATION = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Person { schoolAgeRegistration { child { citizenId } } } }
}`;
const REGISTER = `mutation($input: SchoolAgeRegistrationInput!) {
  registerSchoolAge(input: $input, idempotencyKey: "k") { child { citizenId } }
}`;
const input = (citizenId: string) => ({
  citizenId,
  birthDate: '2026-10-02',
  divisionCode: '500103',
  street: '解放碑街道',
});

describe('education shows the child a registration names as the graph’s one rule does', () => {
  it('whole to the parent holding the child’s grant, to staff with education:read and to the service-center', async () => {
    const accessGrant = await subgraph.auth.grants.grant(parent, newborn);
    for (const caller of [citizen(parent), staff('education', 'education:read'), serviceCenterFor(parent)]) {
      const response = await ask(caller, REGISTRATION, people({ citizenId: newborn, accessGrant }));
      expect(response).toEqual({
        data: { _entities: [{ schoolAgeRegistration: { child: { citizenId: newborn } } }] },
      });
    }
  });

  it('whole to staff without education:read who registered the child: they named them', async () => {
    const response = await ask(staff('education', 'education:write'), REGISTER, { input: input(newborn) });
    expect(response).toEqual({ data: { registerSchoolAge: { child: { citizenId: newborn } } } });
  });
});

describe('a masked citizen ID opens nothing in education', () => {
  const ALL_FIELDS = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person { citizenId enrolments { id } schoolAgeRegistration { expectedEntryYear } educationDataUses { at } }
    }
  }`;
  const maskedNewborn = maskCitizenId(newborn);

  it.each([
    ['the person themselves', citizen(newborn)],
    ['a reader holding a grant for the person', citizen(parent)],
    ['education staff with every scope', staff('education', 'education:read', 'education:audit')],
    ['the service-center', serviceCenterFor(parent)],
  ])('as a key, for %s: every personal field FORBIDDEN, no department call', async (_, caller) => {
    const accessGrant = await subgraph.auth.grants.grant(parent, newborn);
    const response = await ask(caller, ALL_FIELDS, people({ citizenId: maskedNewborn, accessGrant }));
    expect(response.data).toEqual({
      _entities: [
        { citizenId: maskedNewborn, enrolments: null, schoolAgeRegistration: null, educationDataUses: null },
      ],
    });
    expect(codesOf(response)).toEqual(Array(3).fill('FORBIDDEN'));
    expect(JSON.stringify(response)).not.toContain(newborn);
    expect(calls).toEqual([]);
  });

  it('is left out of the batch a clerk’s look-up sends the department', async () => {
    const response = await ask(
      staff('education', 'education:read'),
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { enrolments { id } } } }`,
      people({ citizenId: maskedNewborn }, { citizenId: pupil }),
    );
    expect(response.data).toEqual({ _entities: [{ enrolments: null }, { enrolments: [] }] });
    expect(codesOf(response)).toEqual(['FORBIDDEN']);
    expect(calls).toEqual([`/v1/people/batch-get ${pupil}`]);
  });

  it('as the act’s argument: BAD_USER_INPUT with reason MASKED, no department call', async () => {
    const response = await ask(serviceCenterFor(parent), REGISTER, { input: input(maskedNewborn) });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MASKED' });
    expect(calls).toEqual([]);
  });
});
