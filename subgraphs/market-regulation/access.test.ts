import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  FAKE_MARKET_REGULATION_API as API,
  agent,
  agentAuthorisation,
  citizen,
  DISHONEST,
  dishonestCompany,
  listedOwner,
  owner,
  RESTAURANT,
  restaurant,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
  stranger,
} from './fixtures.ts';

// Who may read what of an enterprise: its registration data to anyone, its legal representative as the
// person rules say, its dishonesty details and authorisations to those who act for it and to staff.

const test = setUpTestSubgraph();

const PUBLIC = `query($code: ID!) {
  enterprise(creditCode: $code) {
    creditCode name type industry status registeredOn businessScope dishonest
    registeredAddress { formatted division { name } }
    legalRepresentative { citizenId }
    foodBusinessLicences { number status validUntil premises { floorArea seats address { divisionCode } } }
  }
}`;
const DETAILS = `query($code: ID!) {
  enterprise(creditCode: $code) {
    dishonesty { listedOn reason authority }
    authorisations { id matters validUntil agent { citizenId } }
  }
}`;
const REPRESENTATION = `query($code: ID!, $citizenId: CitizenId!) {
  representationOf(creditCode: $code, citizenId: $citizenId) { role matters validUntil enterprise { name } }
}`;
const REPRESENTED = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { legalRepresentativeOf { creditCode name } }
  }
}`;

function expectEnterprises(ids: string[]) {
  return nock(API)
    .post('/v1/enterprises/batch-get', { ids })
    .reply(200, { items: [restaurant, dishonestCompany].filter((e) => ids.includes(e.creditCode)) });
}
function expectAuthorisations(ids: string[]) {
  return nock(API)
    .post('/v1/authorisations/batch-get', { ids })
    .reply(200, {
      items: ids.includes(RESTAURANT)
        ? [{ creditCode: RESTAURANT, authorisations: [agentAuthorisation] }]
        : [],
    });
}
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.reason ?? null]);

describe('Query.enterprise', () => {
  it('answers anyone the public registration data, the legal representative masked, the licence due for renewal', async () => {
    expectEnterprises([RESTAURANT]);
    const response = await test.ask(null, PUBLIC, { code: RESTAURANT });
    expect(response.errors).toBeUndefined();
    expect(response.data?.enterprise).toEqual({
      creditCode: RESTAURANT,
      name: '重庆山城小面餐饮有限公司',
      type: 'LIMITED_COMPANY',
      industry: 'CATERING',
      status: 'ACTIVE',
      registeredOn: '2021-12-01',
      businessScope: '餐饮服务',
      dishonest: false,
      registeredAddress: {
        formatted: '重庆市渝中区解放碑街道民生路社区民族路88号1-1',
        division: { name: '渝中区' },
      },
      legalRepresentative: { citizenId: maskCitizenId(owner) },
      foodBusinessLicences: [
        {
          number: 'JY25001030000001',
          status: 'EXPIRING',
          validUntil: '2026-12-09',
          premises: { floorArea: 420, seats: 160, address: { divisionCode: '500103' } },
        },
      ],
    });
  });

  it('shows the legal representative whole to themselves', async () => {
    expectEnterprises([RESTAURANT]);
    const response = await test.ask(citizen(owner), PUBLIC, { code: RESTAURANT });
    expect(response.data?.enterprise).toMatchObject({ legalRepresentative: { citizenId: owner } });
  });

  it.each([
    [
      'a wrong check character',
      `${RESTAURANT.slice(0, 17)}${RESTAURANT[17] === '0' ? '1' : '0'}`,
      'CHECKSUM',
    ],
    ['17 characters', RESTAURANT.slice(0, 17), 'LENGTH'],
    ['a letter O', `91500103MA12345O${RESTAURANT.slice(16)}`, 'FORMAT'],
  ])(
    'refuses a credit code with %s as BAD_USER_INPUT naming the problem, before asking the department',
    async (_, code, reason) => {
      const response = await test.ask(null, PUBLIC, { code });
      expect(codesOf(response)).toEqual([['BAD_USER_INPUT', reason]]);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        argument: 'creditCode',
        department: 'market-regulation',
      });
    },
  );

  it('answers null for a valid code the register does not have', async () => {
    expectEnterprises(['91500103MA0000000Q']);
    const response = await test.ask(null, PUBLIC, { code: '91500103MA0000000Q' });
    expect(response).toEqual({ data: { enterprise: null } });
  });
});

describe('Enterprise.dishonesty and Enterprise.authorisations', () => {
  it('are refused to an anonymous caller (UNAUTHENTICATED) and to a stranger (FORBIDDEN), the rest answered', async () => {
    expectEnterprises([DISHONEST]);
    expectAuthorisations([DISHONEST]);
    const anonymous = await test.ask(
      null,
      'query($code: ID!) { enterprise(creditCode: $code) { dishonest dishonesty { reason } } }',
      { code: DISHONEST },
    );
    expect(anonymous.data?.enterprise).toEqual({ dishonest: true, dishonesty: null });
    expect(codesOf(anonymous)).toEqual([['UNAUTHENTICATED', null]]);
    expectEnterprises([DISHONEST]);
    const denied = await test.ask(citizen(stranger), DETAILS, { code: DISHONEST });
    expect(denied.data?.enterprise).toEqual({ dishonesty: null, authorisations: null });
    expect(codesOf(denied)).toEqual([
      ['FORBIDDEN', null],
      ['FORBIDDEN', null],
    ]);
  });

  it('answer the legal representative the listing of their own enterprise', async () => {
    expectEnterprises([DISHONEST]);
    expectAuthorisations([DISHONEST]);
    const response = await test.ask(citizen(listedOwner), DETAILS, { code: DISHONEST });
    expect(response.errors).toBeUndefined();
    expect(response.data?.enterprise).toEqual({
      dishonesty: {
        listedOn: '2025-11-29',
        reason: '拒不履行行政处罚决定',
        authority: '重庆市沙坪坝区市场监督管理局',
      },
      authorisations: [],
    });
  });

  it('answer an authorised agent, through the service-center acting for them, the agents shown whole', async () => {
    expectEnterprises([RESTAURANT]);
    expectAuthorisations([RESTAURANT]);
    const response = await test.ask(serviceCenterFor(agent), DETAILS, { code: RESTAURANT });
    expect(response.errors).toBeUndefined();
    expect(response.data?.enterprise).toEqual({
      dishonesty: null,
      authorisations: [
        {
          id: 'SQ500103-000001',
          matters: ['LICENSING'],
          validUntil: '2028-09-19',
          agent: { citizenId: agent },
        },
      ],
    });
  });

  it('answer staff with market-regulation:read, and refuse staff without it', async () => {
    expectEnterprises([DISHONEST]);
    expectAuthorisations([DISHONEST]);
    const clerk = await test.ask(staff('market-regulation', 'market-regulation:read'), DETAILS, {
      code: DISHONEST,
    });
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data?.enterprise).toMatchObject({
      dishonesty: { authority: '重庆市沙坪坝区市场监督管理局' },
    });
    expectEnterprises([DISHONEST]);
    const other = await test.ask(staff('health', 'health:read'), DETAILS, { code: DISHONEST });
    expect(codesOf(other)).toEqual([
      ['FORBIDDEN', null],
      ['FORBIDDEN', null],
    ]);
  });
});

describe('Query.representationOf', () => {
  function expectRepresentation(citizenId: string, role: string, authorisation: unknown = null) {
    return nock(API)
      .post('/v1/representations/resolve', { creditCode: RESTAURANT, citizenId })
      .reply(200, { creditCode: RESTAURANT, citizenId, role, enterpriseStatus: 'ACTIVE', authorisation });
  }

  it('answers the service-center acting for an agent from the department’s records', async () => {
    expectRepresentation(agent, 'AUTHORISED_AGENT', agentAuthorisation);
    expectEnterprises([RESTAURANT]);
    const response = await test.ask(serviceCenterFor(agent), REPRESENTATION, {
      code: RESTAURANT,
      citizenId: agent,
    });
    expect(response).toEqual({
      data: {
        representationOf: {
          role: 'AUTHORISED_AGENT',
          matters: ['LICENSING'],
          validUntil: '2028-09-19',
          enterprise: { name: '重庆山城小面餐饮有限公司' },
        },
      },
    });
  });

  it('answers a citizen asking about themselves NONE where the records name them nowhere', async () => {
    expectRepresentation(stranger, 'NONE');
    expectEnterprises([RESTAURANT]);
    const response = await test.ask(citizen(stranger), REPRESENTATION, {
      code: RESTAURANT,
      citizenId: stranger,
    });
    expect(response.data?.representationOf).toMatchObject({ role: 'NONE', matters: [], validUntil: null });
  });

  it('refuses a citizen asking about someone else, without asking the department', async () => {
    const response = await test.ask(citizen(stranger), REPRESENTATION, {
      code: RESTAURANT,
      citizenId: owner,
    });
    expect(codesOf(response)).toEqual([['FORBIDDEN', null]]);
    const anonymous = await test.ask(null, REPRESENTATION, { code: RESTAURANT, citizenId: owner });
    expect(codesOf(anonymous)).toEqual([['UNAUTHENTICATED', null]]);
  });

  it('passes on the department’s refusal of an enterprise it does not have', async () => {
    nock(API)
      .post('/v1/representations/resolve')
      .reply(404, { error: { code: 'ENTERPRISE_NOT_FOUND', message: 'no enterprise has the credit code' } });
    const response = await test.ask(citizen(owner), REPRESENTATION, {
      code: '91500103MA0000000Q',
      citizenId: owner,
    });
    expect(codesOf(response)).toEqual([['DEPARTMENT_REJECTED', 'ENTERPRISE_NOT_FOUND']]);
  });
});

describe('Person.legalRepresentativeOf', () => {
  async function person(reader: string | null, citizenId: string) {
    return {
      representations: [
        {
          __typename: 'Person',
          citizenId,
          accessGrant: reader ? await test.auth.grants.grant(reader, citizenId) : null,
        },
      ],
    };
  }

  it('answers the person their enterprises in one call, and an empty list for someone who represents none', async () => {
    nock(API)
      .post('/v1/representatives/batch-get', { ids: [owner] })
      .reply(200, { items: [{ citizenId: owner, enterprises: [restaurant] }] });
    const response = await test.ask(citizen(owner), REPRESENTED, await person(null, owner));
    expect(response.data?._entities).toEqual([
      { legalRepresentativeOf: [{ creditCode: RESTAURANT, name: '重庆山城小面餐饮有限公司' }] },
    ]);
    nock(API)
      .post('/v1/representatives/batch-get', { ids: [stranger] })
      .reply(200, { items: [] });
    const none = await test.ask(citizen(stranger), REPRESENTED, await person(null, stranger));
    expect(none.data?._entities).toEqual([{ legalRepresentativeOf: [] }]);
  });

  it('refuses a stranger, and a forged grant, without asking the department', async () => {
    const response = await test.ask(citizen(stranger), REPRESENTED, await person(null, owner));
    expect(codesOf(response)).toEqual([['FORBIDDEN', null]]);
    const forged = await test.ask(citizen(stranger), REPRESENTED, {
      representations: [{ __typename: 'Person', citizenId: owner, accessGrant: 'forged.grant.value' }],
    });
    expect(codesOf(forged)).toEqual([['FORBIDDEN', null]]);
  });
});
