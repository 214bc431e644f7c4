import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { FAKE_EDUCATION_API as API, parent, pupil, stranger } from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// The parent's log is read; a stranger is the other citizen in it, and the parent asks for her pupil's.
describeDataUses({
  department: 'education',
  field: 'educationDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('education'),
    }),
  people: { subject: parent, other: stranger, minor: pupil },
  relatives: { parentOfMinor: parent, householdMember: stranger },
});
