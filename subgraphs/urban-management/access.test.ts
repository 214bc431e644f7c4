import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import {
  FAKE_URBAN_MANAGEMENT_API as API,
  citizen,
  owner,
  RESTAURANT,
  restaurantRecords,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
  UNRECORDED,
} from './fixtures.ts';

// Who may read what: an enterprise's signboards and permits to anyone (public records), the applicant
// they name as the person rules say; the acts only for the service-center and staff with the write scope.

const test = setUpTestSubgraph();

const RECORDS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Enterprise {
      creditCode
      signboards { id text width height area frontageWidth registeredOn address { formatted } applicant { citizenId } }
      drainagePermits { number dailyVolume validUntil status applicant { citizenId } }
    }
  }
}`;
const enterprises = (...codes: string[]) => ({
  representations: codes.map((creditCode) => ({ __typename: 'Enterprise', creditCode })),
});
const ASSESS = `query($size: SignboardSizeInput!) {
  signboardAssessment(size: $size) { allowed violations { rule limit actual message } }
}`;
const REGISTER = `mutation($input: SignboardInput!, $key: String!) {
  registerSignboard(input: $input, idempotencyKey: $key) { id area applicant { citizenId } }
}`;
const ISSUE = `mutation($input: DrainagePermitInput!, $key: String!) {
  issueDrainagePermit(input: $input, idempotencyKey: $key) { number status }
}`;
const premises = {
  divisionCode: '500103',
  street: '解放碑街道',
  community: '民生路社区',
  detail: '民族路90号',
};
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.reason ?? null]);

function expectRecords(ids: string[]) {
  return nock(API)
    .post('/v1/enterprise-records/batch-get', { ids })
    .reply(200, { items: ids.includes(RESTAURANT) ? [restaurantRecords] : [] });
}

describe('Enterprise.signboards and Enterprise.drainagePermits', () => {
  it('answer anyone the public records of many enterprises in one call, the applicant masked, renewal due', async () => {
    expectRecords([RESTAURANT, UNRECORDED]);
    const response = await test.ask(null, RECORDS, enterprises(RESTAURANT, UNRECORDED));
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        creditCode: RESTAURANT,
        signboards: [
          {
            id: 'ZP500103-000001',
            text: '山城小面',
            width: 6,
            height: 1.2,
            area: 7.2,
            frontageWidth: 8,
            registeredOn: '2021-12-20',
            address: { formatted: '重庆市渝中区解放碑街道民生路社区民族路88号1-1' },
            applicant: { citizenId: maskCitizenId(owner) },
          },
        ],
        drainagePermits: [
          {
            number: 'PS500103-2021-0001',
            dailyVolume: 6.5,
            validUntil: '2026-12-09',
            status: 'EXPIRING',
            applicant: { citizenId: maskCitizenId(owner) },
          },
        ],
      },
      { creditCode: UNRECORDED, signboards: [], drainagePermits: [] },
    ]);
  });

  it.each([
    ['the applicant themselves', citizen(owner)],
    ['the service-center acting for them', serviceCenterFor(owner)],
    ['staff with urban-management:read', staff('urban-management', 'urban-management:read')],
  ])('show the applicant whole to %s', async (_, reader) => {
    expectRecords([RESTAURANT]);
    const response = await test.ask(reader, RECORDS, enterprises(RESTAURANT));
    expect(response.data?._entities).toMatchObject([
      {
        signboards: [{ applicant: { citizenId: owner } }],
        drainagePermits: [{ applicant: { citizenId: owner } }],
      },
    ]);
  });

  it('refuses a credit code with a wrong check character as BAD_USER_INPUT, before asking the department', async () => {
    const wrong = `${RESTAURANT.slice(0, 17)}${RESTAURANT[17] === '0' ? '1' : '0'}`;
    const response = await test.ask(null, RECORDS, enterprises(wrong));
    expect(codesOf(response)).toEqual([['BAD_USER_INPUT', 'CHECKSUM']]);
  });
});

describe('Query.signboardAssessment', () => {
  it('names every size rule a signboard breaks, for anyone', async () => {
    const violations = [
      {
        rule: 'TALLER_THAN_LIMIT',
        limit: 1.5,
        actual: 2,
        message: 'a signboard is at most 1.5 m tall; this one is 2 m',
      },
    ];
    nock(API)
      .post('/v1/signboards/assess', { width: 6, height: 2, frontageWidth: 8 })
      .reply(200, { allowed: false, violations });
    const response = await test.ask(null, ASSESS, { size: { width: 6, height: 2, frontageWidth: 8 } });
    expect(response.data?.signboardAssessment).toEqual({ allowed: false, violations });
  });

  it('refuses a size that is not positive as BAD_USER_INPUT naming it, without asking the department', async () => {
    const response = await test.ask(null, ASSESS, { size: { width: 0, height: 1, frontageWidth: 8 } });
    expect(codesOf(response)).toEqual([['BAD_USER_INPUT', 'NOT_POSITIVE']]);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      argument: 'size.width',
      department: 'urban-management',
    });
  });
});

describe('the acts', () => {
  const signboard = {
    creditCode: RESTAURANT,
    address: premises,
    text: '山城小面',
    size: { width: 6, height: 1.2, frontageWidth: 8 },
    applicantCitizenId: owner,
  };
  const permit = { creditCode: RESTAURANT, address: premises, dailyVolume: 4, applicantCitizenId: owner };

  it('registers a signboard for the service-center with its key, the applicant shown whole', async () => {
    nock(API, { reqheaders: { 'idempotency-key': 'NB-1/registerSignboard' } })
      .post('/v1/signboards', { ...signboard, size: signboard.size })
      .reply(201, { ...restaurantRecords.signboards[0], id: 'ZP500103-000002', address: premises });
    const response = await test.ask(serviceCenterFor(owner), REGISTER, {
      input: signboard,
      key: 'NB-1/registerSignboard',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.registerSignboard).toEqual({
      id: 'ZP500103-000002',
      area: 7.2,
      applicant: { citizenId: owner },
    });
  });

  it('passes on the department’s refusal of an oversize signboard, naming the rule', async () => {
    nock(API)
      .post('/v1/signboards')
      .reply(422, {
        error: {
          code: 'SIGNBOARD_OVERSIZE',
          message:
            'the signboard breaks the size rules: a signboard is no wider than its frontage (8 m); this one is 9 m wide',
        },
      });
    const response = await test.ask(serviceCenterFor(owner), REGISTER, {
      input: { ...signboard, size: { width: 9, height: 1.2, frontageWidth: 8 } },
      key: 'k-2',
    });
    expect(codesOf(response)).toEqual([['DEPARTMENT_REJECTED', 'SIGNBOARD_OVERSIZE']]);
    expect(response.errors?.[0]?.message).toContain('no wider than its frontage');
  });

  it.each([0, -1.5])(
    'refuses a daily volume of %s as BAD_USER_INPUT, without asking the department',
    async (dailyVolume) => {
      const response = await test.ask(serviceCenterFor(owner), ISSUE, {
        input: { ...permit, dailyVolume },
        key: 'k-3',
      });
      expect(codesOf(response)).toEqual([['BAD_USER_INPUT', 'NOT_POSITIVE']]);
      expect(response.errors?.[0]?.extensions).toMatchObject({ argument: 'input.dailyVolume' });
    },
  );

  it.each([
    ['a citizen', citizen(owner), 'FORBIDDEN'],
    ['staff without the write scope', staff('urban-management', 'urban-management:read'), 'FORBIDDEN'],
    ['an anonymous caller', null, 'UNAUTHENTICATED'],
  ])('are refused to %s, without asking the department', async (_, caller, code) => {
    const response = await test.ask(caller, ISSUE, { input: permit, key: 'k-4' });
    expect(codesOf(response)?.[0]?.[0]).toBe(code);
  });

  it('issue a permit for staff with urban-management:write', async () => {
    nock(API)
      .post('/v1/drainage-permits', permit)
      .reply(201, {
        ...restaurantRecords.drainagePermits[0],
        number: 'PS500103-2026-0001',
        issuedOn: TODAY_ISSUE,
        validUntil: '2031-11-19',
      });
    const response = await test.ask(staff('urban-management', 'urban-management:write'), ISSUE, {
      input: permit,
      key: 'k-5',
    });
    expect(response.data?.issueDrainagePermit).toEqual({ number: 'PS500103-2026-0001', status: 'VALID' });
  });
});

const TODAY_ISSUE = '2026-11-20';
