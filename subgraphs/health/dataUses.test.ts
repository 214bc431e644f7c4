import { composeCitizenId } from '../../lib/citizenId.ts';
import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { buildSubgraph } from './server.ts';

const API = 'http://health-api.invalid';

const mother = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1992-04-18',
  sequence: 22,
  sex: 'FEMALE',
});
const father = composeCitizenId({
  divisionCode: '650102',
  birthDate: '1990-01-09',
  sequence: 13,
  sex: 'MALE',
});
const child = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2019-05-10',
  sequence: 17,
  sex: 'MALE',
});

// The mother's log is read; the father (also the parent of their minor child) is the other citizen in it.
describeDataUses({
  department: 'health',
  field: 'healthDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      today: () => '2026-11-20',
      trust: auth.trustFor('health'),
    }),
  people: { subject: mother, other: father, minor: child },
  relatives: { parentOfMinor: father, householdMember: father },
});
