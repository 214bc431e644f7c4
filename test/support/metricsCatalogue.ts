/**
 * What the running services register at `/metrics`, as one catalogue by metric name, and what the
 * operator's side documents and queries: the metric table of `docs/operations.md` and the metric
 * selectors of PromQL expressions (the Grafana dashboard's, the alert rules'). `test/metrics.e2e.ts`
 * holds one against the other, so a metric renamed, added or dropped breaks the test until the doc,
 * the dashboard and the rules follow.
 */
import type { Metric, Registry } from 'prom-client';
import { departmentSystemOf, GATEWAY } from '../../lib/auth/services.ts';
import { SERVICE_LABEL } from '../../lib/metrics.ts';
import type { RunningSystem } from '../../system/startSystem.ts';

/** A metric as the services register it. */
export interface CatalogueEntry {
  type: string;
  /** Its label names, without `service` (on every series of every service). */
  labels: string[];
  /** The services whose registry holds it. */
  services: string[];
}

/** Every service of a running system with the registry its `/metrics` serves. */
export function registriesOf(system: RunningSystem): Map<string, Registry> {
  const registries = new Map<string, Registry>();
  if (system.gateway) registries.set(GATEWAY, system.gateway.metrics.registry);
  for (const [name, { server }] of system.subgraphs) registries.set(name, server.metrics);
  for (const [department, { server }] of system.departmentSystems)
    registries.set(departmentSystemOf(department), server.metrics);
  return registries;
}

/** A metric as a registry holds it: prom-client types its array as plain objects. */
type RegisteredMetric = Metric & { name: string; labelNames?: string[] };

/** The metrics of every registry by name: type, labels, and which services register each. */
export async function catalogueOf(registries: Map<string, Registry>): Promise<Map<string, CatalogueEntry>> {
  const catalogue = new Map<string, CatalogueEntry>();
  for (const [service, registry] of registries) {
    for (const metric of registry.getMetricsAsArray() as unknown as RegisteredMetric[]) {
      const { type } = await metric.get();
      const labels = (metric.labelNames ?? []).filter((label) => label !== SERVICE_LABEL).sort();
      const entry = catalogue.get(metric.name) ?? { type: String(type), labels, services: [] };
      entry.services.push(service);
      catalogue.set(metric.name, entry);
    }
  }
  return catalogue;
}

/** A row of the metric table in `docs/operations.md`. */
export interface DocumentedMetric {
  names: string[];
  type: string;
  labels: string[];
  /** Service names, or `every service`. */
  exposedBy: string[] | 'every service';
  line: number;
}

/** The header of the metric table in `docs/operations.md`. */
export const METRIC_TABLE_HEADER = '| metric | type | labels | exposed by | meaning |';

const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);

/**
 * The rows of the metric table in a Markdown document: the table under {@link METRIC_TABLE_HEADER}.
 *
 * @throws Error when the document has no such table, or a row lacks a cell
 */
export function documentedMetrics(markdown: string): DocumentedMetric[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(METRIC_TABLE_HEADER);
  if (start < 0) throw new Error(`no metric table (a line "${METRIC_TABLE_HEADER}") in the document`);
  const rows: DocumentedMetric[] = [];
  for (let index = start + 2; index < lines.length && lines[index]?.startsWith('|'); index++) {
    const cells = (lines[index] as string).split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, ''));
    if (cells.length < 5)
      throw new Error(`line ${index + 1}: a metric row has 5 cells, this one ${cells.length}`);
    const [names, type, labels, exposedBy] = cells as [string, string, string, string];
    rows.push({
      names: backticked(names),
      type: type.trim(),
      labels: backticked(labels).sort(),
      exposedBy: exposedBy.trim() === 'every service' ? 'every service' : backticked(exposedBy).sort(),
      line: index + 1,
    });
  }
  return rows;
}

/** The suffixes of a histogram's series. */
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/** A metric selector in a PromQL expression: the series name and the labels it matches on. */
export interface Selector {
  series: string;
  /** The metric the series belongs to (a histogram's, for `_bucket`, `_sum`, `_count`). */
  metric: string;
  labels: string[];
}

/**
 * The metric selectors of a PromQL expression, for metric names of the project's families
 * (`onething_*`, `process_*`, `nodejs_*`); label values and strings are left out. A name that is not
 * in `catalogue` but is a histogram series of one that is counts as that histogram.
 */
export function selectorsIn(expression: string, catalogue: Map<string, CatalogueEntry>): Selector[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const selectors: Selector[] = [];
  for (const match of withoutStrings.matchAll(
    /\b((?:onething|process|nodejs)_[a-zA-Z0-9_]*)\s*(\{[^}]*\})?/g,
  )) {
    const series = match[1] as string;
    const base = series.replace(HISTOGRAM_SERIES, '');
    const metric = catalogue.get(series) ? series : catalogue.get(base)?.type === 'histogram' ? base : series;
    const labels = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(
      (label) => label[1] as string,
    );
    selectors.push({ series, metric, labels });
  }
  return selectors;
}

/** The labels of `by (…)` and `without (…)` clauses in a PromQL expression. */
export function groupingLabelsIn(expression: string): string[] {
  return [...expression.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((match) =>
    (match[1] as string)
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
  );
}

/** Labels every series may carry whatever its metric: the service's own, and Prometheus' target labels. */
export const TARGET_LABELS = ['service', 'instance', 'job'];
