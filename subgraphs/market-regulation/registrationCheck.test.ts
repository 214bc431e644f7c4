import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  FAKE_MARKET_REGULATION_API as API,
  citizen,
  DISHONEST,
  dishonestCompany,
  listedOwner,
  owner,
  RESTAURANT,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
} from './fixtures.ts';

// The check the service-center asks before it acts: the department's answer passed through, asked
// only by the service-center and the department's staff, bad arguments refused before the department.

const test = setUpTestSubgraph();

const CHECK = `query($input: RegistrationCheckInput!) {
  registrationCheck(input: $input) { violations { rule creditCode enterpriseName } }
}`;
const input = {
  creditCode: RESTAURANT,
  name: '重庆新名小面餐饮有限公司',
  registeredAddress: {
    divisionCode: '500105',
    street: '观音桥街道',
    community: '建新东路社区',
    detail: '建新东路3号',
  },
  legalRepresentativeCitizenId: listedOwner,
};
const violation = {
  rule: 'REPRESENTATIVE_RESTRICTED',
  creditCode: DISHONEST,
  enterpriseName: dishonestCompany.name,
};
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.reason ?? null]);

describe('Query.registrationCheck', () => {
  it.each([
    ['the service-center acting for an applicant', serviceCenterFor(owner)],
    [
      'market-regulation staff with market-regulation:read',
      staff('market-regulation', 'market-regulation:read'),
    ],
  ])('answers %s the rules the proposal breaks, as the department judged them', async (_, caller) => {
    const department = nock(API)
      .post('/v1/registration-checks', input)
      .reply(200, { violations: [violation] });
    const response = await test.ask(caller, CHECK, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data?.registrationCheck).toEqual({ violations: [violation] });
    expect(department.isDone()).toBe(true);
  });

  it('sends a new registration without a credit code, and answers no violation as an empty list', async () => {
    nock(API)
      .post('/v1/registration-checks', {
        creditCode: null,
        name: input.name,
        registeredAddress: null,
        legalRepresentativeCitizenId: null,
      })
      .reply(200, { violations: [] });
    const response = await test.ask(serviceCenterFor(owner), CHECK, { input: { name: input.name } });
    expect(response.data?.registrationCheck).toEqual({ violations: [] });
  });

  it('refuses the anonymous (UNAUTHENTICATED), a citizen and other staff (FORBIDDEN), asking nothing', async () => {
    expect(codesOf(await test.ask(null, CHECK, { input }))).toEqual([['UNAUTHENTICATED', null]]);
    expect(codesOf(await test.ask(citizen(owner), CHECK, { input }))).toEqual([['FORBIDDEN', null]]);
    expect(codesOf(await test.ask(staff('health', 'health:read'), CHECK, { input }))).toEqual([
      ['FORBIDDEN', null],
    ]);
  });

  it.each([
    [
      'a credit code with a wrong check character',
      { creditCode: `${RESTAURANT.slice(0, 17)}${RESTAURANT[17] === '0' ? '1' : '0'}` },
      'input.creditCode',
      'CHECKSUM',
    ],
    [
      'a bad citizen ID',
      { legalRepresentativeCitizenId: '500103198503120000' },
      'input.legalRepresentativeCitizenId',
      'CHECKSUM',
    ],
    [
      'a bad division code',
      { registeredAddress: { ...input.registeredAddress, divisionCode: '5001' } },
      'input.registeredAddress.divisionCode',
      'FORMAT',
    ],
  ])('refuses %s as BAD_USER_INPUT naming the argument', async (_, part, argument, reason) => {
    const response = await test.ask(serviceCenterFor(owner), CHECK, { input: { ...input, ...part } });
    expect(codesOf(response)).toEqual([['BAD_USER_INPUT', reason]]);
    expect(response.errors?.[0]?.extensions).toMatchObject({ argument });
  });
});
