/**
 * What the fire-rescue subgraph's tests share: a restaurant with small premises and its accepted
 * commitment, a large restaurant with its inspection booked, their legal representatives, a stranger,
 * and the department system's answers about them (faked with nock). Shaped by the contract in
 * `schema/fire-rescue/contract.ts`.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';
import { creditCodeOf } from '../../lib/creditCode.ts';
import type { EnterpriseFireRecords } from '../../schema/fire-rescue/contract.ts';
import {
  setUpTestSubgraph as setUpKitTestSubgraph,
  type TestCaller,
  type TestSubgraph,
} from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_FIRE_RESCUE_API = 'http://fire-rescue-api.invalid';

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** The small restaurant's legal representative, who signed its commitment. */
export const owner = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1985-03-12',
  sequence: 31,
  sex: 'MALE',
});
/** The large restaurant's legal representative, who asked for its inspection. */
export const largeOwner = composeCitizenId({
  divisionCode: '500105',
  birthDate: '1990-07-01',
  sequence: 42,
  sex: 'FEMALE',
});
/** Someone fire rescue's records do not name. */
export const stranger = composeCitizenId({
  divisionCode: '500112',
  birthDate: '1979-01-09',
  sequence: 17,
  sex: 'MALE',
});

/** The small restaurant's credit code. */
export const SMALL = creditCodeOf('91500103MA1234567');
/** The large restaurant's credit code. */
export const LARGE = creditCodeOf('91500105MA7654321');

/** The small restaurant's premises and its commitment, accepted the day it was filed. */
export const smallRecords: EnterpriseFireRecords = {
  creditCode: SMALL,
  registration: null,
  premises: [
    {
      id: 'CS500103-000001',
      creditCode: SMALL,
      address: {
        divisionCode: '500103',
        street: '解放碑街道',
        community: '民生路社区',
        detail: '民族路88号1-1',
      },
      floorArea: 120,
      seats: 40,
      inspectionRequired: false,
    },
  ],
  checks: [
    {
      id: 'XF500103-000001',
      premisesId: 'CS500103-000001',
      creditCode: SMALL,
      kind: 'COMMITMENT',
      status: 'ACCEPTED',
      applicantCitizenId: owner,
      requestedAt: '2021-12-02T10:15:00+08:00',
      dueAt: null,
      decidedAt: '2021-12-02T10:15:00+08:00',
      findings: [],
      supersededAt: null,
      supersededBy: null,
    },
  ],
};

/** The large restaurant's premises, its failed first inspection and the second, booked. */
export const largeRecords: EnterpriseFireRecords = {
  creditCode: LARGE,
  registration: null,
  premises: [
    {
      id: 'CS500105-000001',
      creditCode: LARGE,
      address: {
        divisionCode: '500105',
        street: '观音桥街道',
        community: '建新东路社区',
        detail: '建新东路26号',
      },
      floorArea: 480,
      seats: 160,
      inspectionRequired: true,
    },
  ],
  checks: [
    {
      id: 'XF500105-000002',
      premisesId: 'CS500105-000001',
      creditCode: LARGE,
      kind: 'ON_SITE_INSPECTION',
      status: 'BOOKED',
      applicantCitizenId: largeOwner,
      requestedAt: '2026-11-16T14:08:00+08:00',
      dueAt: '2026-11-30T18:00:00+08:00',
      decidedAt: null,
      findings: [],
      supersededAt: null,
      supersededBy: null,
    },
    {
      id: 'XF500105-000001',
      premisesId: 'CS500105-000001',
      creditCode: LARGE,
      kind: 'ON_SITE_INSPECTION',
      status: 'FAILED',
      applicantCitizenId: largeOwner,
      requestedAt: '2026-10-20T09:30:00+08:00',
      dueAt: '2026-11-03T18:00:00+08:00',
      decidedAt: '2026-10-28T15:40:00+08:00',
      findings: ['安全出口处堆放杂物，影响安全疏散'],
      supersededAt: null,
      supersededBy: null,
    },
  ],
};

/** Whoever calls in a test; `null` is the anonymous caller. */
export type Caller = TestCaller;

/** The fire-rescue subgraph for the calling test file, against the faked department system. */
export function setUpTestSubgraph(): TestSubgraph {
  return setUpKitTestSubgraph((auth) =>
    buildSubgraph({
      departmentSystemUrl: FAKE_FIRE_RESCUE_API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('fire-rescue'),
      today: () => TODAY,
    }),
  );
}

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
