/**
 * The errand benchmark's results: their JSON shape (`.data/bench-errand-<errand>.json`,
 * `.data/bench-newborn.json`) and their markdown report.
 */
import { type CriticalPath, type SelectionResult, summarise } from './analysis.ts';
import type { BenchErrand, ErrandName } from './BenchErrand.ts';
import type { ErrandSample } from './BenchSystem.ts';
import type { BenchOptions } from './options.ts';

/** The target of the project: the median errand within this factor of its critical-path bound. */
export const TARGET_RATIO = 1.2;

/** Everything one benchmark run found. */
export interface BenchResult {
  /** The command line that produced it. */
  command: string;
  /** Which errand ran. */
  errand: ErrandName;
  /** The mutation it sent, e.g. `openRestaurant`. */
  mutation: string;
  /** When it ran, ISO 8601. */
  at: string;
  node: string;
  /** The delay each department system added to each answer (L), ms. */
  latencyMs: number;
  runs: number;
  /** Errands run before any measurement, to warm the process up (not in any figure). */
  warmUpErrands: number;
  /** The warm-up's median CPU time per errand (both selections), by batches of 20 in turn, ms. */
  warmUpCpuMs: number[];
  /** Fresh system starts (e.g. each birth record registers once per start); never inside a measurement. */
  systemStarts: number;
  /** The errand's longest chain of dependent department calls × L, ms. */
  criticalPathMs: number;
  /** Every department call of the errand one after another × L, ms. */
  sequentialMs: number;
  /** median / criticalPathMs of the realistic selection. */
  ratioVsCriticalPath: number;
  /** median / sequentialMs of the realistic selection. */
  ratioVsSequential: number;
  targetRatio: number;
  targetMet: boolean;
  /** Application status and items plus the subject's key (citizen ID, credit code): what the bounds are about. */
  realistic: SelectionResult;
  /** The subject with fields from every department: the errand plus the gateway's follow-up fetches. */
  full: SelectionResult;
}

/** Where a run is reported: the command line that started it and the file its results go to. */
export interface BenchTarget {
  command: string;
  /** The JSON file written, e.g. `.data/bench-errand-restaurant.json` (`.data/` is git-ignored). */
  resultFile: string;
}

/** The samples at L of each selection. */
export type Selections = Record<'realistic' | 'full', ErrandSample[]>;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** The figures of one benchmark of `errand`, from samples at L and the calibrated critical paths. */
export function benchResult(
  errand: Pick<BenchErrand, 'name' | 'mutation' | 'realistic' | 'full'>,
  options: BenchOptions,
  target: BenchTarget,
  systemStarts: number,
  samples: Selections,
  paths: Record<'realistic' | 'full', CriticalPath>,
  warmUpCpuMs: number[] = [],
): BenchResult {
  const { latencyMs, runs } = options;
  const realistic: SelectionResult = summarise(
    samples.realistic,
    paths.realistic,
    latencyMs,
    errand.realistic.description,
  );
  const full = summarise(samples.full, paths.full, latencyMs, errand.full.description);
  // The bounds are the errand's: the realistic selection makes no call beyond the errand's own.
  const criticalPathMs = realistic.criticalPath.calls * latencyMs;
  const sequentialMs = realistic.calls.typical * latencyMs;
  const ratioVsCriticalPath = realistic.medianMs / criticalPathMs;
  return {
    command: target.command,
    errand: errand.name,
    mutation: errand.mutation,
    at: new Date().toISOString(),
    node: process.version,
    latencyMs,
    runs,
    warmUpErrands: options.warmUpErrands,
    warmUpCpuMs,
    systemStarts,
    criticalPathMs,
    sequentialMs,
    ratioVsCriticalPath: round(ratioVsCriticalPath, 3),
    ratioVsSequential: round(realistic.medianMs / sequentialMs, 3),
    targetRatio: TARGET_RATIO,
    targetMet: ratioVsCriticalPath <= TARGET_RATIO,
    realistic,
    full,
  };
}

/** The last line a run prints, e.g. `restaurant_median_ms=… critical_path_ms=… ratio_vs_critical_path=…`. */
export function summaryLine(result: BenchResult): string {
  return (
    `${result.errand}_median_ms=${round(result.realistic.medianMs)} critical_path_ms=${result.criticalPathMs} ` +
    `ratio_vs_critical_path=${round(result.realistic.medianMs / result.criticalPathMs, 2)}`
  );
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

function callsCell(result: SelectionResult): string {
  const { calls } = result;
  const departments = Object.entries(calls.byDepartment)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const exceptions = Object.entries(calls.exceptions)
    .map(([subject, n]) => `${n} for ${subject}`)
    .join(', ');
  return `${calls.typical} (${departments})${exceptions ? `; ${exceptions}` : ''}`;
}

function stagesTable(result: SelectionResult, latencyMs: number): string[] {
  return [
    `| depth | department system calls arriving together (measured at L = ${result.criticalPath.latencyMs} ms) | median gap before it at L = ${latencyMs} ms |`,
    '| ---: | --- | ---: |',
    ...result.stages.map(
      (stage) => `| ${stage.depth} | ${stage.calls.join('<br>')} | ${ms(stage.medianGapMs)} |`,
    ),
    `| | after the last answer, until the client has read the response | ${ms(result.breakdown.afterLastCall)} |`,
  ];
}

function stepsTable(result: SelectionResult, latencyMs: number): string[] {
  const cell = (value: number) => (Number.isFinite(value) ? ms(value) : '–');
  return [
    `| step | department | starts at | waited after the steps before | runs for | calls (× L = ${latencyMs} ms) | start → first call arrives | last answer → finished |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.steps.map(
      (step) =>
        `| ${step.step} | ${step.department} | ${cell(step.startMs)} | ${cell(step.waitedMs)} | ` +
        `${cell(step.durationMs)} | ${step.calls} | ${cell(step.toFirstCallMs)} | ${cell(step.afterLastAnswerMs)} |`,
    ),
  ];
}

/** The report as markdown: the figures of both selections, the measured critical paths, the steps. */
export function markdownReport(result: BenchResult): string {
  const { realistic: r, full: f, latencyMs: L } = result;
  const row = (name: string, a: string, b: string) => `| ${name} | ${a} | ${b} |`;
  const lines = [
    `## ${result.mutation}, L = ${L} ms, ${result.runs} runs per selection after ${result.warmUpErrands} to warm up (${result.systemStarts} system start${result.systemStarts === 1 ? '' : 's'})`,
    '',
    ...(result.warmUpCpuMs.length
      ? [
          `Warm-up, CPU time per errand (whole system), median of each 20 in turn: ${result.warmUpCpuMs.join(', ')} ms.`,
          '',
        ]
      : []),
    row('', `realistic: ${r.description}`, `full: ${f.description}`),
    '| --- | ---: | ---: |',
    row('median wall time', ms(r.medianMs), ms(f.medianMs)),
    row('p90 wall time', ms(r.p90Ms), ms(f.p90Ms)),
    row('min – max', `${ms(r.minMs)} – ${ms(r.maxMs)}`, `${ms(f.minMs)} – ${ms(f.maxMs)}`),
    row('median CPU time per errand, whole system (one process)', ms(r.medianCpuMs), ms(f.medianCpuMs)),
    row('department system calls per request', callsCell(r), callsCell(f)),
    row(
      'longest dependent chain of calls',
      `${r.criticalPath.calls} (⌊wall/L⌋ = ${r.criticalPath.callsFromWallTime} at L = ${r.criticalPath.latencyMs})`,
      `${f.criticalPath.calls} (⌊wall/L⌋ = ${f.criticalPath.callsFromWallTime} at L = ${f.criticalPath.latencyMs})`,
    ),
    row('critical-path bound (errand chain × L)', ms(result.criticalPathMs), ms(result.criticalPathMs)),
    row('sequential bound (errand calls × L)', ms(result.sequentialMs), ms(result.sequentialMs)),
    row(
      'median / critical-path bound',
      ratio(result.ratioVsCriticalPath),
      ratio(f.medianMs / result.criticalPathMs),
    ),
    row(
      'median / sequential bound',
      ratio(result.ratioVsSequential),
      ratio(f.medianMs / result.sequentialMs),
    ),
    row(
      'median before the first department call',
      ms(r.breakdown.beforeFirstCall),
      ms(f.breakdown.beforeFirstCall),
    ),
    row(
      'median overhead between dependent calls',
      ms(r.breakdown.betweenCalls),
      ms(f.breakdown.betweenCalls),
    ),
    row('median after the last call answered', ms(r.breakdown.afterLastCall), ms(f.breakdown.afterLastCall)),
    row(
      'retried steps',
      r.retries.length ? JSON.stringify(r.retries) : 'none',
      f.retries.length ? JSON.stringify(f.retries) : 'none',
    ),
    '',
    `Target: median within ${TARGET_RATIO}× the critical-path bound — ` +
      `${result.targetMet ? 'met' : 'missed'} (${ratio(result.ratioVsCriticalPath)}).`,
    '',
    '### Critical path, realistic selection',
    '',
    ...stagesTable(r, L),
    '',
    '### Critical path, full selection',
    '',
    ...stagesTable(f, L),
    '',
    '### Steps, realistic selection (medians; from the application items, ms resolution)',
    '',
    ...stepsTable(r, L),
  ];
  return lines.join('\n');
}
