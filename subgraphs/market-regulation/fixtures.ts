/**
 * What the market-regulation subgraph's tests share: a restaurant, its legal representative and the
 * agent it authorised, a trading company on the dishonesty list, a stranger, and the department
 * system's answers about them (faked with nock). Shaped by the contract in
 * `schema/market-regulation/contract.ts`.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';
import { creditCodeOf } from '../../lib/creditCode.ts';
import type { EnterpriseView } from '../../schema/market-regulation/contract.ts';
import {
  setUpTestSubgraph as setUpKitTestSubgraph,
  type TestCaller,
  type TestSubgraph,
} from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_MARKET_REGULATION_API = 'http://market-regulation-api.invalid';

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** The restaurant's legal representative, a resident of 渝中区. */
export const owner = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1985-03-12',
  sequence: 31,
  sex: 'MALE',
});
/** The agent the restaurant authorised to apply for its licences. */
export const agent = composeCitizenId({
  divisionCode: '500105',
  birthDate: '1990-07-01',
  sequence: 42,
  sex: 'FEMALE',
});
/** Someone who neither represents nor acts for any enterprise. */
export const stranger = composeCitizenId({
  divisionCode: '500112',
  birthDate: '1979-01-09',
  sequence: 17,
  sex: 'MALE',
});
/** The dishonest company's legal representative. */
export const listedOwner = composeCitizenId({
  divisionCode: '500106',
  birthDate: '1975-05-05',
  sequence: 11,
  sex: 'MALE',
});

/** The restaurant's credit code. */
export const RESTAURANT = creditCodeOf('91500103MA1234567');
/** The dishonest trading company's credit code. */
export const DISHONEST = creditCodeOf('91500106MA7654321');

/** A restaurant in 渝中区, with a licence due for renewal within the month. */
export const restaurant: EnterpriseView = {
  creditCode: RESTAURANT,
  name: '重庆山城小面餐饮有限公司',
  type: 'LIMITED_COMPANY',
  industry: 'CATERING',
  registeredAddress: {
    divisionCode: '500103',
    street: '解放碑街道',
    community: '民生路社区',
    detail: '民族路88号1-1',
  },
  businessScope: '餐饮服务',
  legalRepresentativeCitizenId: owner,
  status: 'ACTIVE',
  registeredOn: '2021-12-01',
  dishonesty: null,
  foodLicences: [
    {
      number: 'JY25001030000001',
      creditCode: RESTAURANT,
      premises: {
        address: {
          divisionCode: '500103',
          street: '解放碑街道',
          community: '民生路社区',
          detail: '民族路88号1-1',
        },
        floorArea: 420,
        seats: 160,
      },
      businessItems: ['HOT_FOOD'],
      issuedOn: '2021-12-10',
      validUntil: '2026-12-09',
    },
  ],
};

/** A trading company on the dishonesty list. */
export const dishonestCompany: EnterpriseView = {
  creditCode: DISHONEST,
  name: '重庆歌乐商贸有限公司',
  type: 'LIMITED_COMPANY',
  industry: 'RETAIL',
  registeredAddress: {
    divisionCode: '500106',
    street: '沙坪坝街道',
    community: '沙正街社区',
    detail: '汉渝路12号',
  },
  businessScope: '日用百货销售',
  legalRepresentativeCitizenId: listedOwner,
  status: 'ACTIVE',
  registeredOn: '2013-05-19',
  dishonesty: {
    listedOn: '2025-11-29',
    reason: '拒不履行行政处罚决定',
    authority: '重庆市沙坪坝区市场监督管理局',
  },
  foodLicences: [],
};

/** The restaurant's authorisation of its agent, valid until 2028. */
export const agentAuthorisation = {
  id: 'SQ500103-000001',
  creditCode: RESTAURANT,
  agentCitizenId: agent,
  matters: ['LICENSING' as const],
  grantedOn: '2025-07-08',
  validUntil: '2028-09-19',
};

/** Whoever calls in a test; `null` is the anonymous caller. */
export type Caller = TestCaller;

/** The market-regulation subgraph for the calling test file, against the faked department system. */
export function setUpTestSubgraph(): TestSubgraph {
  return setUpKitTestSubgraph((auth) =>
    buildSubgraph({
      departmentSystemUrl: FAKE_MARKET_REGULATION_API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('market-regulation'),
      today: () => TODAY,
    }),
  );
}

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
