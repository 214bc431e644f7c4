/**
 * What the medical-insurance subgraph's tests share: a mother insured through her employer, her
 * newborn enrolled from birth, a neighbour whose enrolment is suspended, and the department system's
 * answers about them (faked with nock). Shaped by the contract in `schema/medical-insurance/contract.ts`.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';
import type { EnrolmentView } from '../../schema/medical-insurance/contract.ts';
import {
  setUpTestSubgraph as setUpKitTestSubgraph,
  type TestCaller,
  type TestSubgraph,
} from '../kit/testSubgraph.ts';
import { buildSubgraph } from './server.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_MEDICAL_INSURANCE_API = 'http://medical-insurance-api.invalid';

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** A mother in 渝中区, insured through her employer. */
export const mother = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1992-04-18',
  sequence: 22,
  sex: 'FEMALE',
});
/** The mother's newborn daughter, registered in her household. */
export const newborn = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2026-10-03',
  sequence: 2,
  sex: 'FEMALE',
});
/** Someone the family does not know, with a suspended enrolment. */
export const neighbour = composeCitizenId({
  divisionCode: '500105',
  birthDate: '1970-08-08',
  sequence: 15,
  sex: 'MALE',
});

/** The mother's enrolment: employee insurance, paid. */
export const motherEnrolment: EnrolmentView = {
  id: 'YB500103-0000017',
  citizenId: mother,
  insuredDivisionCode: '500103',
  scheme: 'EMPLOYEE',
  status: 'ACTIVE',
  coveredFrom: '2014-07-01',
  enrolledOn: '2014-07-01',
  contributions: [
    { year: 2026, status: 'PAID' },
    { year: 2025, status: 'PAID' },
  ],
};

/** The newborn's enrolment as the newborn errand makes it: covered from birth, the contribution due. */
export const newbornEnrolment: EnrolmentView = {
  id: 'YB500103-0000040',
  citizenId: newborn,
  insuredDivisionCode: '500103',
  scheme: 'RESIDENT',
  status: 'ACTIVE',
  coveredFrom: '2026-10-03',
  enrolledOn: TODAY,
  contributions: [{ year: 2026, status: 'UNPAID' }],
};

/** The neighbour's enrolment, suspended while this year's contribution is unpaid. */
export const neighbourEnrolment: EnrolmentView = {
  id: 'YB500105-0000003',
  citizenId: neighbour,
  insuredDivisionCode: '500105',
  scheme: 'RESIDENT',
  status: 'SUSPENDED',
  coveredFrom: '2009-03-02',
  enrolledOn: '2009-03-02',
  contributions: [
    { year: 2026, status: 'UNPAID' },
    { year: 2025, status: 'PAID' },
  ],
};

/** Whoever calls in a test; `null` is the anonymous caller. */
export type Caller = TestCaller;

/** The medical-insurance subgraph for the calling test file, against the faked department system. */
export function setUpTestSubgraph(): TestSubgraph {
  return setUpKitTestSubgraph((auth) =>
    buildSubgraph({
      departmentSystemUrl: FAKE_MEDICAL_INSURANCE_API,
      departmentTimeoutMs: 1000,
      trust: auth.trustFor('medical-insurance'),
      today: () => TODAY,
    }),
  );
}

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
