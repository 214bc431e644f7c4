import { describeDataUses } from '../kit/dataUsesSuite.ts';
import { FAKE_MARKET_REGULATION_API as API, agent, owner, stranger } from './fixtures.ts';
import { buildSubgraph } from './server.ts';

// The legal representative's log is read; the agent is the other citizen in it. Market regulation
// holds nothing of minors, but the suite's minor stands for any person with a one-entry log.
describeDataUses({
  department: 'market-regulation',
  field: 'marketRegulationDataUses',
  apiUrl: API,
  buildSubgraph: (auth) =>
    buildSubgraph({
      departmentSystemUrl: API,
      departmentTimeoutMs: 500,
      trust: auth.trustFor('market-regulation'),
    }),
  people: { subject: owner, other: agent, minor: stranger },
  relatives: { parentOfMinor: agent, householdMember: agent },
  auditedAction: 'POST /v1/representatives/batch-get',
});
