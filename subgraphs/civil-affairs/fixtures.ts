/**
 * What the civil-affairs subgraph's tests share: a married couple with a child on 低保, a divorcee,
 * the department system's answers about them (faked with nock), and the keys to sign test tokens and
 * access grants with. Shaped by the contract in `schema/civil-affairs/contract.ts`.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_CIVIL_AFFAIRS_API = 'http://civil-affairs-api.invalid';

export const husband = composeCitizenId({
  divisionCode: '500106',
  birthDate: '1988-09-12',
  sequence: 31,
  sex: 'MALE',
});
export const wife = composeCitizenId({
  divisionCode: '650102',
  birthDate: '1990-02-03',
  sequence: 44,
  sex: 'FEMALE',
});
/** The couple's daughter, a minor. */
export const child = composeCitizenId({
  divisionCode: '500106',
  birthDate: '2019-07-21',
  sequence: 12,
  sex: 'FEMALE',
});
export const divorcee = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1975-11-30',
  sequence: 7,
  sex: 'MALE',
});

/** The couple's marriage registration, in force. */
export const marriage = {
  id: 'J500106-2015-000123',
  husbandCitizenId: husband,
  wifeCitizenId: wife,
  registeredOn: '2015-05-20',
  registryDivisionCode: '500106',
  status: 'MARRIED',
};

/** The family's 低保 case, paying for all three. */
export const assistanceCase = {
  id: 'DB500106-0001',
  kind: 'MINIMUM_LIVING',
  householdId: '500106-000042',
  divisionCode: '500106',
  memberCitizenIds: [husband, wife, child],
  monthlyAmountYuan: 2160,
  since: '2021-03-01',
  status: 'ACTIVE',
};

/** What the department system answers about the husband. */
export const husbandRecord = { citizenId: husband, marriages: [marriage], assistanceCase };

/** What the department system answers about the child. */
export const childRecord = { citizenId: child, marriages: [], assistanceCase };

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
