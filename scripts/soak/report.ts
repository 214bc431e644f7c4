/**
 * The soak's report: markdown tables of the load (requests and latency per kind, errors per kind and
 * phase), the memory of the process that runs the gateway (and everything else: the system runs in
 * this one process), the errands and the exactly-once check, then one line a script can read:
 * `soak_ok=true|false requests=N errors=M`.
 */
import type { ErrandOutcome } from './ErrandRunner.ts';
import type { ExactlyOnceReport } from './exactlyOnce.ts';
import type { LoadSummary } from './LoadRecorder.ts';
import type { MemorySample } from './memory.ts';

/** Everything the report shows. */
export interface SoakResult {
  /** How the run was set up, e.g. `3 min of load, 6 reading users, 34 errands`. */
  setup: string;
  /** When the load started, the department went down and came back, and the last errand settled; epoch ms. */
  timeline: { startedAt: number; stoppedAt?: number; backAt?: number; settledAt: number };
  department: string;
  load: LoadSummary;
  /** At the start and end of the load (after a garbage collection when `gcForced`), and the peak. */
  memory: { start: MemorySample; end: MemorySample; peak: MemorySample; gcForced: boolean };
  errands: ErrandOutcome[];
  exactlyOnce: ExactlyOnceReport;
}

const ms = (n: number) => n.toFixed(1);
const seconds = (n: number) => (n / 1000).toFixed(1);
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function table(header: string[], rows: Array<Array<string | number>>, numeric = header.map((_, n) => n > 0)) {
  return [row(header), row(numeric.map((right) => (right ? '---:' : '---'))), ...rows.map(row)].join('\n');
}

function errandRows(errands: ErrandOutcome[]) {
  const groups = new Map<string, ErrandOutcome[]>();
  for (const outcome of errands) {
    const key = `${outcome.errand.kind} → ${outcome.errand.expected}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return [...groups].map(([key, outcomes]) => {
    const count = (status: string) => outcomes.filter((o) => o.finalStatus === status).length;
    return [
      key,
      outcomes.length,
      count('COMPLETED'),
      count('REJECTED'),
      outcomes.length - count('COMPLETED') - count('REJECTED'),
      outcomes.filter((o) => o.firstStatus === 'NEEDS_ATTENTION').length,
      outcomes.reduce((sum, o) => sum + o.resumes, 0),
      outcomes.filter((o) => o.errand.twiceAtOnce).length,
    ];
  });
}

/** The report as markdown, ending with the `soak_ok=…` line. */
export function formatReport(result: SoakResult): string {
  const { load, memory, exactlyOnce } = result;
  const ok = exactlyOnce.ok;
  const afterGc = memory.gcForced ? ', after a full GC' : '';
  const { startedAt, stoppedAt, backAt, settledAt } = result.timeline;
  const at = (t: number | undefined) => (t === undefined ? '–' : `${seconds(t - startedAt)} s`);
  return [
    `## Soak: ${result.setup}`,
    '',
    `The ${result.department} API was closed at ${at(stoppedAt)} and listened again at ${at(backAt)}; ` +
      `the last errand settled at ${at(settledAt)}. Times are from the start of the load.`,
    '',
    table(
      ['request', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        ...load.kinds.map((k) => [k.kind, k.requests, k.failed, ms(k.p50), ms(k.p95), ms(k.p99), ms(k.max)]),
        ['**all**', load.requests, load.failedRequests, '', '', '', ''],
      ],
    ),
    '',
    load.errors.length === 0
      ? 'No errors.'
      : table(
          [
            'error (HTTP status, or extensions.code department (reason))',
            'before outage',
            'during',
            'after',
            'total',
            'first at',
            'last at',
          ],
          load.errors.map((e) => [
            e.kind,
            e.byPhase.before,
            e.byPhase.outage,
            e.byPhase.after,
            e.total,
            at(e.firstAt),
            at(e.lastAt),
          ]),
        ),
    '',
    table(
      ['process memory (gateway, subgraphs, APIs in one process)', 'rss MB', 'heapUsed MB'],
      [
        [`start of load${afterGc}`, mb(memory.start.rss), mb(memory.start.heapUsed)],
        [`end of load${afterGc}`, mb(memory.end.rss), mb(memory.end.heapUsed)],
        ['peak (sampled each second)', mb(memory.peak.rss), mb(memory.peak.heapUsed)],
      ],
    ),
    '',
    table(
      [
        'errands',
        'submitted',
        'COMPLETED',
        'REJECTED',
        'not final',
        'met the outage',
        'resumes',
        'sent twice at once',
      ],
      errandRows(result.errands),
    ),
    '',
    table(
      ['department act', 'requests', 'keyed writes'],
      exactlyOnce.acts.map((a) => [`${a.department} POST ${a.route}`, a.calls, a.writes]),
    ),
    '',
    table(
      ['exactly-once check', 'result', 'found'],
      exactlyOnce.checks.map((c) => [c.name, c.ok ? 'ok' : '**FAILED**', c.detail]),
      [false, false, false],
    ),
    '',
    `soak_ok=${ok} requests=${load.requests} errors=${load.failedRequests}`,
  ].join('\n');
}
