/**
 * What the service-center reports at `/metrics` beside the process metrics: the applications by kind
 * and status, the open and overdue 办不成事 tickets by department (read from its store at each scrape,
 * so every replica reports the same totals of the shared store), and how long errand runs take (this
 * replica's runs only). Every label is a value of a closed set: an errand kind, an application status,
 * a department of rover.yaml.
 */
import { Histogram } from 'prom-client';
import type { StoreGauge } from '../../lib/metrics.ts';
import type { SettledRun } from './errands/ErrandEngine.ts';
import type { ServiceCenterStore } from './store.ts';

/**
 * Buckets of an errand run, 50 ms to 2 minutes: a newborn errand settles in well under a second when
 * every department answers, and takes up to its steps' retries and department timeouts when one does not.
 */
const ERRAND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

/** The service-center's own metrics. */
export class ServiceCenterMetrics {
  /** Errand runs that settled an application, by kind and outcome (registered by the subgraph's server). */
  readonly errandDuration = new Histogram({
    name: 'onething_errand_duration_seconds',
    help: 'Runs of an errand that settled its application, from taking it to storing the outcome, by kind and outcome (COMPLETED, REJECTED, NEEDS_ATTENTION).',
    labelNames: ['kind', 'outcome'] as const,
    buckets: ERRAND_BUCKETS,
    registers: [],
  });

  /** Observes a settled run: give it to the errand engine as `onSettled`. */
  readonly errandSettled = (run: SettledRun): void => {
    this.errandDuration.observe({ kind: run.kind, outcome: run.status }, run.seconds);
  };

  /** The gauges read from `store` at each scrape; `clock` tells which tickets are overdue. */
  storeGauges(store: ServiceCenterStore, clock: () => Date): StoreGauge[] {
    return [
      {
        name: 'onething_applications',
        help: 'One-thing applications by kind and status.',
        labelNames: ['kind', 'status'],
        read: async () =>
          (await store.applicationCounts()).map((row) => ({
            labels: { kind: row.kind, status: row.status },
            value: row.count,
          })),
      },
      {
        name: 'onething_open_tickets',
        help: 'Open 办不成事 tickets by department.',
        labelNames: ['department'],
        read: async () =>
          (await store.openTicketCounts()).map((row) => ({
            labels: { department: row.department },
            value: row.count,
          })),
      },
      {
        name: 'onething_overdue_tickets',
        help: 'Open 办不成事 tickets past their due time, by department.',
        labelNames: ['department'],
        read: async () =>
          (await store.overdueTicketCounts(clock().toISOString())).map((row) => ({
            labels: { department: row.department },
            value: row.count,
          })),
      },
    ];
  }
}
