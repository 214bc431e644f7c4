import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { FAKE_CIVIL_AFFAIRS_API as API, child, husband, wife } from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// The wife's log is read; her husband (also the parent of their minor child) is the other citizen in it.
describeDataUses({
  department: 'civil-affairs',
  field: 'civilAffairsDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('civil-affairs'),
    }),
  people: { subject: wife, other: husband, minor: child },
  relatives: { parentOfMinor: husband, householdMember: husband },
});
