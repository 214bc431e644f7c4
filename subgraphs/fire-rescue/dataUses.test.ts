import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { FAKE_FIRE_RESCUE_API as API, largeOwner, owner, stranger } from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// The small restaurant's representative's log is read; the large one's is the other citizen in it.
// Fire rescue holds nothing of minors, but the suite's minor stands for any person with a one-entry log.
describeDataUses({
  department: 'fire-rescue',
  field: 'fireRescueDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('fire-rescue'),
    }),
  people: { subject: owner, other: largeOwner, minor: stranger },
  relatives: { parentOfMinor: largeOwner, householdMember: largeOwner },
  auditedAction: 'POST /v1/enterprises/fire-records/batch-get',
});
