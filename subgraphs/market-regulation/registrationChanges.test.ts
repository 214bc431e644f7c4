import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import type { RegistrationChangeView } from '../../schema/market-regulation/contract.ts';
import {
  FAKE_MARKET_REGULATION_API as API,
  agent,
  citizen,
  owner,
  RESTAURANT,
  restaurant,
  serviceCenterFor,
  setUpTestSubgraph,
  staff,
  stranger,
} from './fixtures.ts';

// The change errand's act and the progress of a change: the department's answer passed through,
// the act for the service-center and staff with the write scope, the progress for those who act for
// the enterprise, the representatives named in it whole only to whom may read them.

const test = setUpTestSubgraph();

const CHANGE = `mutation($code: ID!, $input: EnterpriseChangeInput!, $key: String!) {
  amendEnterpriseRegistration(creditCode: $code, input: $input, idempotencyKey: $key) {
    id sequence changedAt
    changes { field from to }
    deliveries { department status attempts actions lastError updatedAt }
  }
}`;
const PROGRESS = `query($code: ID!) {
  enterprise(creditCode: $code) {
    name
    registrationChanges { sequence changes { field from to } deliveries { department status updatedAt } }
  }
}`;

const CHANGED_AT = '2026-11-20T02:00:00.000Z';
const change: RegistrationChangeView = {
  id: '3b7e0c52-1f4d-4c1a-9d2e-5a6b7c8d9e0f',
  creditCode: RESTAURANT,
  sequence: 1,
  changedAt: CHANGED_AT,
  changes: [
    { field: 'NAME', from: restaurant.name, to: '重庆山城新面餐饮有限公司' },
    { field: 'LEGAL_REPRESENTATIVE', from: agent, to: owner },
  ],
  deliveries: [
    {
      department: 'market-regulation',
      status: 'APPLIED',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: CHANGED_AT,
      appliedAt: CHANGED_AT,
      actions: ['Registered the name 重庆山城新面餐饮有限公司 (was 重庆山城小面餐饮有限公司).'],
    },
    {
      department: 'fire-rescue',
      status: 'PENDING',
      attempts: 2,
      lastError: 'could not reach the fire-rescue system',
      nextAttemptAt: '2026-11-20T02:00:05.000Z',
      deliveredAt: null,
      appliedAt: null,
      actions: [],
    },
  ],
};
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => [error.extensions?.code, error.extensions?.reason ?? null]);

describe('Mutation.amendEnterpriseRegistration', () => {
  it('sends only what is given, once, and answers the change with each department’s progress', async () => {
    const department = nock(API, { reqheaders: { 'idempotency-key': 'change-1' } })
      .post(`/v1/enterprises/${RESTAURANT}/changes`, {
        name: '重庆山城新面餐饮有限公司',
        legalRepresentativeCitizenId: owner,
      })
      .reply(201, change);
    const response = await test.ask(serviceCenterFor(owner), CHANGE, {
      code: RESTAURANT,
      input: { name: '重庆山城新面餐饮有限公司', legalRepresentativeCitizenId: owner },
      key: 'change-1',
    });
    expect(response.errors).toBeUndefined();
    expect(department.isDone()).toBe(true);
    expect(response.data?.amendEnterpriseRegistration).toMatchObject({
      sequence: 1,
      changes: [
        { field: 'NAME', from: restaurant.name, to: '重庆山城新面餐饮有限公司' },
        { field: 'LEGAL_REPRESENTATIVE', from: agent, to: owner },
      ],
      deliveries: [
        { department: 'market-regulation', status: 'APPLIED', updatedAt: CHANGED_AT },
        {
          department: 'fire-rescue',
          status: 'PENDING',
          attempts: 2,
          actions: [],
          lastError: 'could not reach the fire-rescue system',
          updatedAt: null,
        },
      ],
    });
  });

  it('passes on the department’s refusal with its reason', async () => {
    nock(API)
      .post(`/v1/enterprises/${RESTAURANT}/changes`)
      .reply(409, {
        error: {
          code: 'NAME_TAKEN',
          message: 'the register has an enterprise named 重庆渝味烤鱼餐饮有限公司',
        },
      });
    const response = await test.ask(staff('market-regulation', 'market-regulation:write'), CHANGE, {
      code: RESTAURANT,
      input: { name: '重庆渝味烤鱼餐饮有限公司' },
      key: 'taken',
    });
    expect(codesOf(response)).toEqual([['DEPARTMENT_REJECTED', 'NAME_TAKEN']]);
  });

  it('refuses the legal representative acting alone (FORBIDDEN) and a bad credit code (BAD_USER_INPUT), asking nothing', async () => {
    const own = await test.ask(citizen(owner), CHANGE, {
      code: RESTAURANT,
      input: { name: '重庆自改名餐饮有限公司' },
      key: 'k',
    });
    expect(codesOf(own)).toEqual([['FORBIDDEN', null]]);
    const bad = await test.ask(serviceCenterFor(owner), CHANGE, {
      code: `${RESTAURANT.slice(0, 17)}${RESTAURANT[17] === '0' ? '1' : '0'}`,
      input: { name: '重庆新名餐饮有限公司' },
      key: 'k',
    });
    expect(codesOf(bad)).toEqual([['BAD_USER_INPUT', 'CHECKSUM']]);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ argument: 'creditCode' });
  });
});

describe('Enterprise.registrationChanges', () => {
  function expectEnterpriseAndChanges() {
    nock(API)
      .post('/v1/enterprises/batch-get', { ids: [RESTAURANT] })
      .reply(200, { items: [restaurant] });
    nock(API)
      .post('/v1/registration-changes/by-enterprise', { ids: [RESTAURANT] })
      .reply(200, { items: [{ creditCode: RESTAURANT, changes: [change] }] });
  }

  it('shows its legal representative the changes, the former representative masked', async () => {
    expectEnterpriseAndChanges();
    const response = await test.ask(citizen(owner), PROGRESS, { code: RESTAURANT });
    expect(response.errors).toBeUndefined();
    expect(response.data?.enterprise).toHaveProperty('registrationChanges', [
      {
        sequence: 1,
        changes: [
          { field: 'NAME', from: restaurant.name, to: '重庆山城新面餐饮有限公司' },
          { field: 'LEGAL_REPRESENTATIVE', from: maskCitizenId(agent), to: owner },
        ],
        deliveries: [
          { department: 'market-regulation', status: 'APPLIED', updatedAt: CHANGED_AT },
          { department: 'fire-rescue', status: 'PENDING', updatedAt: null },
        ],
      },
    ]);
  });

  it('refuses a stranger (FORBIDDEN), the rest of the enterprise answered', async () => {
    nock(API)
      .post('/v1/enterprises/batch-get', { ids: [RESTAURANT] })
      .reply(200, { items: [restaurant] });
    nock(API)
      .post('/v1/authorisations/batch-get', { ids: [RESTAURANT] })
      .reply(200, { items: [] });
    const response = await test.ask(citizen(stranger), PROGRESS, { code: RESTAURANT });
    expect(response.data?.enterprise).toEqual({ name: restaurant.name, registrationChanges: null });
    expect(codesOf(response)).toEqual([['FORBIDDEN', null]]);
  });
});
