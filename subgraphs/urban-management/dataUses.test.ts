import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { FAKE_URBAN_MANAGEMENT_API as API, minor, owner, stranger } from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// The applicant's log is read; the stranger is the other citizen in it. Urban management holds
// nothing of minors, but the suite's minor stands for any person with a one-entry log.
describeDataUses({
  department: 'urban-management',
  field: 'urbanManagementDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('urban-management'),
    }),
  people: { subject: owner, other: stranger, minor },
  relatives: { parentOfMinor: stranger, householdMember: stranger },
  auditedAction: 'POST /v1/signboards',
});
