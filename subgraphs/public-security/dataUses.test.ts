import nock from 'nock';
import { composeCitizenId } from '../../lib/citizenId.ts';
import type { PersonView } from '../../schema/public-security/contract.ts';
import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { citizen } from '../kit/testing.ts';
import { buildSubgraph } from './server.ts';

// Public security reads relatives from its own register, not on a grant: the register is faked
// alongside the audit log, and the mother's log is the one read.
const API = 'http://public-security-api.invalid';
const HOUSEHOLD = '500103-000001';

const id = (birthDate: string, sequence: number) =>
  composeCitizenId({ divisionCode: '500103', birthDate, sequence, sex: sequence % 2 ? 'MALE' : 'FEMALE' });
/** The mother, head of the household; her log is the one read. */
const MOTHER = id('1992-04-18', 22);
/** The father, in the same household. */
const FATHER = id('1990-01-09', 13);
/** Their son, 7. */
const CHILD = id('2019-05-10', 17);
/** A valid citizen ID the register does not know. */
const UNKNOWN = id('1988-02-14', 55);

function person(citizenId: string, extra: Partial<PersonView> = {}): PersonView {
  return {
    citizenId,
    name: '李秀英',
    sex: Number(citizenId[16]) % 2 ? 'MALE' : 'FEMALE',
    birthDate: `${citizenId.slice(6, 10)}-${citizenId.slice(10, 12)}-${citizenId.slice(12, 14)}`,
    ethnicity: '汉族',
    householdId: HOUSEHOLD,
    relationToHead: 'HEAD',
    phone: null,
    fatherCitizenId: null,
    motherCitizenId: null,
    hukouDivisionCode: '500103',
    householdKind: 'FAMILY',
    recordsSharedWith: [],
    recordsSharedByOthers: [],
    ...extra,
  };
}
const REGISTER = new Map(
  [
    person(MOTHER),
    person(FATHER, { relationToHead: 'SPOUSE' }),
    person(CHILD, { relationToHead: 'CHILD', fatherCitizenId: FATHER, motherCitizenId: MOTHER }),
  ].map((entry) => [entry.citizenId, entry]),
);

describeDataUses({
  department: 'public-security',
  field: 'publicSecurityDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      today: () => '2026-11-20',
      trust: auth.trustFor('public-security'),
    }),
  people: { subject: MOTHER, other: FATHER, minor: CHILD },
  relatives: { parentOfMinor: MOTHER, householdMember: FATHER },
  relativesReadBy: 'register',
  fakeRecords: () => {
    nock(API)
      .persist()
      .post('/v1/people/batch-get')
      .reply(200, (_, body) => ({
        items: (body as { ids: string[] }).ids.flatMap((citizenId) => REGISTER.get(citizenId) ?? []),
      }));
  },
  moreRefusals: [['a citizen asking about an ID the register does not know', citizen(MOTHER), UNKNOWN]],
  auditedAction: 'POST /v1/people/batch-get',
});
