/**
 * The operator's side of the metrics, held against what the services register: the whole system is
 * started in-process (port 0, stores in memory) and every service's registry read.
 *
 * - `docs/operations.md`'s metric table names every metric of every service, with its type, labels
 *   and the services exposing it — and nothing else;
 * - no label can take a value from a request: the known label names only, each with a closed set of values;
 * - the Grafana dashboard (`ops/grafana/onething.json`) reads its data source from `${DS_PROMETHEUS}`,
 *   and every metric and label its panels query exists; the alert rules (`ops/prometheus/rules.yml`)
 *   likewise;
 * - `promtool check rules`, `promtool test rules` and `promtool check config` pass. They need Debian's
 *   `prometheus` package (`.ci/run` installs it): without `promtool` those tests are skipped on a
 *   developer's machine and fail in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunningSystem } from '../system/startSystem.ts';
import { ROOT, readSupergraphConfig } from '../system/topology.ts';
import {
  type CatalogueEntry,
  catalogueOf,
  documentedMetrics,
  groupingLabelsIn,
  registriesOf,
  selectorsIn,
  TARGET_LABELS,
} from './support/metricsCatalogue.ts';
import { startTestSystem } from './support/system.ts';

const OPS = path.join(ROOT, 'ops');
/** The dashboard's data source: Grafana fills in the `DS_PROMETHEUS` input or variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's placeholder, not a JavaScript template.
const DATA_SOURCE = '${DS_PROMETHEUS}';
const PROMTOOL_MISSING = spawnSync('promtool', ['--version']).error !== undefined;

let system: RunningSystem;
let registries: Map<string, Registry>;
let catalogue: Map<string, CatalogueEntry>;

beforeAll(async () => {
  system = await startTestSystem();
  registries = registriesOf(system);
  catalogue = await catalogueOf(registries);
});
afterAll(() => system?.stop());

/** Where each problem is, as one list: a failing test names them all at once. */
function problems(check: (report: (problem: string) => void) => void): string[] {
  const found: string[] = [];
  check((problem) => found.push(problem));
  return found;
}

describe('docs/operations.md', () => {
  const rows = () => documentedMetrics(readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8'));

  it('documents every metric every service registers, as registered', () => {
    const documented = new Map(rows().flatMap((row) => row.names.map((name) => [name, row] as const)));
    const allServices = [...registries.keys()].sort();
    // The gateway, every subgraph of rover.yaml, and the system of each but the service-center.
    const subgraphs = readSupergraphConfig().subgraphs.length;
    expect(allServices).toHaveLength(1 + subgraphs + (subgraphs - 1));
    const found = problems((report) => {
      for (const [name, entry] of catalogue) {
        const row = documented.get(name);
        if (!row) {
          report(`${name} (${entry.type}, ${entry.services.join(', ')}) is not in the metric table`);
          continue;
        }
        if (row.type !== entry.type) report(`${name}: documented ${row.type}, registered ${entry.type}`);
        if (row.labels.join() !== entry.labels.join())
          report(`${name}: documented labels [${row.labels}], registered [${entry.labels}]`);
        const services = [...entry.services].sort();
        const exposedBy = row.exposedBy === 'every service' ? allServices : row.exposedBy;
        if (exposedBy.join() !== services.join())
          report(`${name}: documented as exposed by [${exposedBy}], registered by [${services}]`);
      }
      for (const name of documented.keys())
        if (!catalogue.has(name))
          report(`${name} is documented (line ${documented.get(name)?.line}) but no service registers it`);
    });
    expect(found).toEqual([]);
  });

  it('names the service label nowhere as a metric’s own: every series carries it', () => {
    expect(rows().filter((row) => row.labels.includes('service'))).toEqual([]);
  });
});

describe('labels', () => {
  // Every label of a project metric, with where its values come from: a closed set each, never a request.
  const BOUNDED: Record<string, string> = {
    operation: 'a known operation name, other or anonymous',
    outcome: 'ok/error, reloaded/invalid/unavailable, or an application status',
    subgraph: 'a subgraph of the supergraph',
    reason: 'a fetch failure reason',
    state: 'a circuit state',
    result: 'a response-cache result',
    code: 'a refusal code',
    kind: 'an errand kind',
    status: 'an application status',
    department: 'a department of rover.yaml',
    subscriber: 'a subscribing department',
  };

  it('are the known ones only, each with a closed set of values', () => {
    const found = problems((report) => {
      for (const [name, entry] of catalogue) {
        if (!name.startsWith('onething_')) continue;
        for (const label of entry.labels)
          if (!(label in BOUNDED)) report(`${name}: label ${label} is not known to be bounded`);
      }
    });
    expect(found).toEqual([]);
  });

  it('label every series of a service with that service’s name', async () => {
    for (const [service, registry] of registries) {
      const samples = (await registry.metrics()).split('\n').filter((line) => line && !line.startsWith('#'));
      expect(samples.length).toBeGreaterThan(30);
      expect(samples.filter((line) => !line.includes(`service="${service}"`))).toEqual([]);
    }
  });
});

/** The problems of PromQL `expression` (at `where`): metrics no service registers, labels they lack. */
function checkExpression(expression: string, where: string, report: (problem: string) => void): void {
  const selectors = selectorsIn(expression, catalogue);
  if (selectors.length === 0) report(`${where}: no OneThing metric in ${expression}`);
  const known = new Set(TARGET_LABELS);
  for (const { series, metric, labels } of selectors) {
    const entry = catalogue.get(metric);
    if (!entry) {
      report(`${where}: ${series} is registered by no service`);
      continue;
    }
    const own = new Set([...entry.labels, ...TARGET_LABELS, ...(series.endsWith('_bucket') ? ['le'] : [])]);
    for (const label of own) known.add(label);
    for (const label of labels) if (!own.has(label)) report(`${where}: ${series} has no label ${label}`);
  }
  for (const label of groupingLabelsIn(expression))
    if (!known.has(label)) report(`${where}: grouped by ${label}, which none of its metrics has`);
}

interface Panel {
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(path.join(OPS, 'grafana/onething.json'), 'utf8'));
  const panels = (dashboard.panels as Panel[]).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const queried = panels.filter((panel) => panel.type !== 'row');

  it('takes its Prometheus as the DS_PROMETHEUS input or variable, in every panel and query', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    );
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    );
    const elsewhere = queried.flatMap((panel) =>
      [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]
        .filter((source) => source?.uid !== DATA_SOURCE)
        .map(() => panel.title),
    );
    expect(elsewhere).toEqual([]);
  });

  it('queries only metrics and labels the services register', () => {
    const found = problems((report) => {
      for (const panel of queried) {
        if (!panel.targets?.length) report(`${panel.title}: no query`);
        for (const target of panel.targets ?? [])
          checkExpression(target.expr, `panel "${panel.title}"`, report);
      }
    });
    expect(found).toEqual([]);
  });

  it('shows the gateway, the subgraphs, the errands, the tickets, the outbox and every process', () => {
    const used = new Set(
      queried
        .flatMap((panel) => (panel.targets ?? []).flatMap((target) => selectorsIn(target.expr, catalogue)))
        .map((s) => s.metric),
    );
    for (const metric of [
      'onething_gateway_requests_total',
      'onething_gateway_request_duration_seconds',
      'onething_subgraph_fetch_errors_total',
      'onething_subgraph_circuit_state',
      'onething_errand_duration_seconds',
      'onething_applications',
      'onething_open_tickets',
      'onething_overdue_tickets',
      'onething_outbox_backlog',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(used, metric).toContain(metric);
  });
});

describe('the alert rules', () => {
  const rules = parseYaml(readFileSync(path.join(OPS, 'prometheus/rules.yml'), 'utf8')) as {
    groups: Array<{
      name: string;
      rules: Array<{ alert: string; expr: string; labels?: Record<string, string> }>;
    }>;
  };
  const alerts = rules.groups.flatMap((group) => group.rules);

  it('alert on the outbox, overdue tickets, open circuits, the error ratio and errand latency, each with a severity', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'OneThingCircuitOpen',
      'OneThingErrandLatencyHigh',
      'OneThingErrorRatioHigh',
      'OneThingOutboxBacklogGrowing',
      'OneThingTicketsOverdue',
    ]);
    for (const rule of alerts) expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
  });

  it('query only metrics and labels the services register', () => {
    const found = problems((report) => {
      for (const rule of alerts) checkExpression(rule.expr, `alert ${rule.alert}`, report);
    });
    expect(found).toEqual([]);
  });
});

describe.skipIf(PROMTOOL_MISSING && !process.env.CI)('promtool (Debian package prometheus)', () => {
  /** Runs promtool in `cwd`, answering its output; a failure throws with what it printed. */
  function promtool(args: string[], cwd = path.join(OPS, 'prometheus')): string {
    if (PROMTOOL_MISSING)
      throw new Error('promtool is not installed: .ci/run installs Debian’s prometheus package');
    try {
      return execFileSync('promtool', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }

  it('checks the rules', () => {
    expect(promtool(['check', 'rules', 'rules.yml'])).toMatch(/SUCCESS: 5 rules found/);
  });

  it('passes the rules’ unit tests (rules.test.yml)', () => {
    expect(promtool(['test', 'rules', 'rules.test.yml'])).toMatch(/SUCCESS/);
  });

  it('checks the example scrape configuration, with its key files in place', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onething-prometheus-'));
    try {
      mkdirSync(path.join(dir, 'keys/tls'), { recursive: true });
      for (const file of ['metrics-token', 'tls/ca.crt', 'tls/prometheus.crt', 'tls/prometheus.key'])
        writeFileSync(path.join(dir, 'keys', file), '');
      const config = readFileSync(path.join(OPS, 'prometheus/prometheus.yml'), 'utf8');
      writeFileSync(
        path.join(dir, 'prometheus.yml'),
        config.replaceAll('/srv/onething/keys', path.join(dir, 'keys')),
      );
      writeFileSync(path.join(dir, 'rules.yml'), readFileSync(path.join(OPS, 'prometheus/rules.yml')));
      expect(promtool(['check', 'config', 'prometheus.yml'], dir)).toMatch(/SUCCESS: 1 rule files found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
