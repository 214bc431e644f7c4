/**
 * The gateway benchmark's pictures: throughput, CPU time per request and latency percentiles of each
 * gateway, one small chart per workload (their scales differ a hundredfold: a cached look-up against a
 * hundred-person list), as SVG files `BENCHMARKS.md` shows. A figure the run marked invalid (its answers
 * were not all right) is drawn as no bar and the word "invalid", never as a height.
 *
 * Written by hand, not with a charting library: grouped bars with a scale and a legend are a few
 * rectangles and labels, and the libraries that render SVG outside a browser (Vega-Lite 6, Observable
 * Plot with a DOM) need Node 22 or a DOM implementation for that.
 */
import type { GatewayBenchResult } from './report.ts';
import type { Summary, Target } from './results.ts';

/** One SVG file of the report. */
export interface ChartFile {
  /** The file name, e.g. `throughput.svg`. */
  name: string;
  svg: string;
}

/** One bar series of a chart: what it shows, its colour and how to read it from a summary. */
interface Series {
  label: string;
  colour: string;
  value: (summary: Summary) => number | undefined;
}

/** One chart: a title, the unit of its values, its series, and whether smaller is better. */
interface ChartSpec {
  name: string;
  title: string;
  unit: string;
  lowerIsBetter: boolean;
  series: Series[];
}

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 210;
const PANELS_PER_ROW = 3;
const PLOT = { left: 46, right: 10, top: 28, bottom: 34 };
const TITLE_HEIGHT = 70;
const TARGET_ORDER: Target[] = ['ours', 'apollo', 'hive', 'floor'];
const FONT = 'font-family="system-ui, sans-serif"';

const CHARTS: ChartSpec[] = [
  {
    name: 'throughput.svg',
    title: 'Throughput per gateway and workload',
    unit: 'requests per second (median over rounds)',
    lowerIsBetter: false,
    series: [{ label: 'req/s', colour: '#2b6cb0', value: (s) => s.requestsPerSecond }],
  },
  {
    name: 'cpu-per-request.svg',
    title: 'CPU time per client request',
    unit: 'ms of CPU per request (median over rounds)',
    lowerIsBetter: true,
    series: [
      { label: 'gateway', colour: '#2b6cb0', value: (s) => s.gatewayCpuMsPerRequest },
      {
        label: 'subgraphs and department systems',
        colour: '#a0aec0',
        value: (s) => s.subgraphsCpuMsPerRequest,
      },
    ],
  },
  {
    name: 'latency.svg',
    title: 'Latency percentiles per gateway and workload',
    unit: 'ms (median over rounds)',
    lowerIsBetter: true,
    series: [
      { label: 'p50', colour: '#68d391', value: (s) => s.p50Ms },
      { label: 'p95', colour: '#f6ad55', value: (s) => s.p95Ms },
      { label: 'p99', colour: '#e53e3e', value: (s) => s.p99Ms },
    ],
  },
];

/** Text safe inside SVG. */
function escaped(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A round step for an axis from 0 to `max`: 1, 2 or 5 × a power of ten, about four ticks. */
function tickStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

const label = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** One workload's panel at (`x`, `y`): a bar group per target, a bar per series. */
function panel(spec: ChartSpec, workload: string, rows: Summary[], x: number, y: number): string {
  const width = PANEL_WIDTH - PLOT.left - PLOT.right;
  const height = PANEL_HEIGHT - PLOT.top - PLOT.bottom;
  const values = rows.flatMap((row) =>
    row.invalid ? [] : spec.series.map((series) => series.value(row) ?? 0),
  );
  const max = Math.max(...values, 0);
  const step = max > 0 ? tickStep(max) : 1;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const scale = (value: number) => (value / top) * height;
  const parts: string[] = [
    `<g transform="translate(${x},${y})">`,
    `<text x="${PANEL_WIDTH / 2}" y="16" text-anchor="middle" font-size="13" font-weight="600" ${FONT}>${escaped(workload)}</text>`,
  ];
  for (let tick = 0; tick <= top + step / 2; tick += step) {
    const ty = PLOT.top + height - scale(tick);
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + width}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="#e2e8f0"/>`,
      `<text x="${PLOT.left - 4}" y="${(ty + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#4a5568" ${FONT}>${label(tick)}</text>`,
    );
  }
  const groupWidth = width / Math.max(rows.length, 1);
  const barWidth = Math.min(28, (groupWidth * 0.8) / spec.series.length);
  rows.forEach((row, i) => {
    const groupX = PLOT.left + i * groupWidth;
    const centre = groupX + groupWidth / 2;
    parts.push(
      `<text x="${centre.toFixed(1)}" y="${PLOT.top + height + 16}" text-anchor="middle" font-size="11" ${FONT}>${escaped(row.target)}</text>`,
    );
    if (row.invalid) {
      parts.push(
        `<text x="${centre.toFixed(1)}" y="${PLOT.top + height - 8}" text-anchor="middle" font-size="11" fill="#c53030" ${FONT}>invalid</text>`,
      );
      return;
    }
    const firstX = centre - (barWidth * spec.series.length) / 2;
    spec.series.forEach((series, j) => {
      const value = series.value(row);
      if (value === undefined) return;
      const barHeight = scale(value);
      const barX = firstX + j * barWidth;
      const barY = PLOT.top + height - barHeight;
      parts.push(
        `<rect x="${barX.toFixed(1)}" y="${barY.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${series.colour}"><title>${escaped(`${row.target} ${series.label}: ${value}`)}</title></rect>`,
        `<text x="${(barX + (barWidth - 2) / 2).toFixed(1)}" y="${(barY - 3).toFixed(1)}" text-anchor="middle" font-size="9" fill="#2d3748" ${FONT}>${label(value)}</text>`,
      );
    });
  });
  parts.push(
    `<line x1="${PLOT.left}" x2="${PLOT.left + width}" y1="${PLOT.top + height}" y2="${PLOT.top + height}" stroke="#4a5568"/>`,
    '</g>',
  );
  return parts.join('\n');
}

/** One chart: the title, the legend, and a panel per workload the run measured. */
function chart(spec: ChartSpec, result: GatewayBenchResult, workloads: readonly string[]): string {
  const measured = workloads.filter((workload) => result.summaries.some((s) => s.workload === workload));
  const rows = Math.max(1, Math.ceil(measured.length / PANELS_PER_ROW));
  const width = PANELS_PER_ROW * PANEL_WIDTH;
  const height = TITLE_HEIGHT + rows * PANEL_HEIGHT;
  const better = spec.lowerIsBetter ? 'lower is better' : 'higher is better';
  const legend = spec.series
    .map(
      (series, i) =>
        `<rect x="${10 + i * 230}" y="46" width="12" height="12" fill="${series.colour}"/>` +
        `<text x="${26 + i * 230}" y="56" font-size="11" ${FONT}>${escaped(series.label)}</text>`,
    )
    .join('\n');
  const panels = measured.map((workload, i) => {
    const summaries = result.summaries
      .filter((s) => s.workload === workload)
      .sort((a, b) => TARGET_ORDER.indexOf(a.target) - TARGET_ORDER.indexOf(b.target));
    return panel(
      spec,
      workload,
      summaries,
      (i % PANELS_PER_ROW) * PANEL_WIDTH,
      TITLE_HEIGHT + Math.floor(i / PANELS_PER_ROW) * PANEL_HEIGHT,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escaped(`${spec.title}, ${spec.unit}, ${better}: ${measured.join(', ')}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="600" ${FONT}>${escaped(`${spec.title}: ${spec.unit}, ${better}`)}</text>`,
    `<text x="10" y="36" font-size="10" fill="#4a5568" ${FONT}>${escaped(`${result.at.slice(0, 16).replace('T', ' ')} UTC · ${result.command}`)}</text>`,
    legend,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}

/** The charts of one benchmark run: throughput, CPU time per request, latency percentiles. */
export function benchCharts(result: GatewayBenchResult, workloads: readonly string[]): ChartFile[] {
  return CHARTS.map((spec) => ({ name: spec.name, svg: chart(spec, result, workloads) }));
}
