/**
 * What the urban-management subgraph's tests share: a restaurant with a signboard and a drainage
 * permit due for renewal, its legal representative who applied for both, a stranger, and the
 * department system's answers about them (faked with nock). Shaped by the contract in
 * `schema/urban-management/contract.ts`.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';
import { creditCodeOf } from '../../lib/creditCode.ts';
import type { EnterpriseRecords } from '../../schema/urban-management/contract.ts';
import { setUpTestSubgraph as setUpKitTestSubgraph, type TestSubgraph } from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_URBAN_MANAGEMENT_API = 'http://urban-management-api.invalid';

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** The restaurant's legal representative, who applied for its signboard and permit. */
export const owner = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1985-03-12',
  sequence: 31,
  sex: 'MALE',
});
/** Someone who neither represents nor acts for any enterprise. */
export const stranger = composeCitizenId({
  divisionCode: '500112',
  birthDate: '1979-01-09',
  sequence: 17,
  sex: 'MALE',
});
/** A minor, for the data-uses suite: urban management holds nothing of minors. */
export const minor = composeCitizenId({
  divisionCode: '500105',
  birthDate: '2015-06-01',
  sequence: 22,
  sex: 'FEMALE',
});

/** The restaurant's credit code. */
export const RESTAURANT = creditCodeOf('91500103MA1234567');
/** A valid credit code urban management holds nothing of. */
export const UNRECORDED = creditCodeOf('91500106MA7654321');

const premises = {
  divisionCode: '500103',
  street: '解放碑街道',
  community: '民生路社区',
  detail: '民族路88号1-1',
};

/** The restaurant's records: one signboard, one permit ending within 45 days. */
export const restaurantRecords: EnterpriseRecords = {
  creditCode: RESTAURANT,
  registration: null,
  signboards: [
    {
      id: 'ZP500103-000001',
      creditCode: RESTAURANT,
      address: premises,
      text: '山城小面',
      width: 6,
      height: 1.2,
      area: 7.2,
      frontageWidth: 8,
      applicantCitizenId: owner,
      registeredOn: '2021-12-20',
      status: 'REGISTERED',
      removalRequiredAt: null,
    },
  ],
  drainagePermits: [
    {
      number: 'PS500103-2021-0001',
      creditCode: RESTAURANT,
      address: premises,
      dailyVolume: 6.5,
      applicantCitizenId: owner,
      issuedOn: '2021-12-10',
      validUntil: '2026-12-09',
    },
  ],
};

/** The urban-management subgraph for the calling test file, against the faked department system. */
export function setUpTestSubgraph(): TestSubgraph {
  return setUpKitTestSubgraph((auth) =>
    buildSubgraph({
      departmentSystemUrl: FAKE_URBAN_MANAGEMENT_API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('urban-management'),
      today: () => TODAY,
    }),
  );
}

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
