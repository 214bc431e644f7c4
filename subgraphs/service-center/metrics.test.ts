import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerStoreGauge, serviceRegistry } from '../../lib/metrics.ts';
import { ServiceCenterMetrics } from './metrics.ts';
import { openServiceCenterDatabase, type ServiceCenterDatabase } from './storage/database.ts';
import { ServiceCenterStore } from './store.ts';

const DUE = '2026-12-03T01:00:00.000Z';

let database: ServiceCenterDatabase;
let store: ServiceCenterStore;

beforeEach(async () => {
  database = await openServiceCenterDatabase({ inMemory: true });
  store = new ServiceCenterStore(database.db);
  await store.createApplication({
    id: 'NB-1',
    kind: 'NEWBORN',
    applicantCitizenId: '11010519491231002X',
    subjectKey: 'birth-1',
    clientKey: null,
    input: {},
    submittedAt: '2026-12-01T01:00:00.000Z',
    dueAt: '2026-12-08T01:00:00.000Z',
    items: [{ step: 'registerHukou', department: 'public-security' }],
  });
  await store.openTicket({
    id: 'TK-1',
    applicationId: 'NB-1',
    step: 'registerHukou',
    department: 'public-security',
    reason: 'public-security: down',
    reasonFacts: [],
    openedAt: '2026-12-01T01:00:05.000Z',
    dueAt: DUE,
  });
});

afterEach(() => database.close());

/** The service-center's registry as `/metrics` serves it, at `now`. */
async function scrape(metrics: ServiceCenterMetrics, now: string): Promise<string> {
  const registry = serviceRegistry('service-center');
  for (const gauge of metrics.storeGauges(store, () => new Date(now))) registerStoreGauge(registry, gauge);
  registry.registerMetric(metrics.errandDuration);
  return registry.metrics();
}

describe('the service-center’s metrics', () => {
  it('counts a ticket open until its due time, and overdue after it', async () => {
    const metrics = new ServiceCenterMetrics();
    const before = await scrape(metrics, DUE);
    expect(before).toContain(
      'onething_open_tickets{department="public-security",service="service-center"} 1',
    );
    expect(before).not.toMatch(/^onething_overdue_tickets\{/m);
    const after = await scrape(metrics, '2026-12-03T01:00:01.000Z');
    expect(after).toContain(
      'onething_overdue_tickets{department="public-security",service="service-center"} 1',
    );
    expect(after).toContain(
      'onething_applications{kind="NEWBORN",status="SUBMITTED",service="service-center"} 1',
    );
  });

  it('times each settled errand run by kind and outcome', async () => {
    const metrics = new ServiceCenterMetrics();
    metrics.errandSettled({ kind: 'NEWBORN', status: 'COMPLETED', seconds: 0.3 });
    metrics.errandSettled({ kind: 'NEWBORN', status: 'COMPLETED', seconds: 7 });
    const text = await scrape(metrics, DUE);
    expect(text).toContain(
      'onething_errand_duration_seconds_bucket{le="0.5",service="service-center",kind="NEWBORN",outcome="COMPLETED"} 1',
    );
    expect(text).toContain(
      'onething_errand_duration_seconds_count{service="service-center",kind="NEWBORN",outcome="COMPLETED"} 2',
    );
  });
});
