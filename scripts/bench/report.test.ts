import { describe, expect, it } from 'vitest';
import type { ApiCall } from './ApiTrace.ts';
import { criticalPathOf } from './analysis.ts';
import type { ErrandSample } from './BenchSystem.ts';
import { RESTAURANT_FULL, RESTAURANT_REALISTIC } from './errands/restaurant.ts';
import { benchResult, markdownReport, summaryLine } from './report.ts';

const CALIBRATION = 250;
const L = 50;
const errand = {
  name: 'restaurant' as const,
  mutation: 'openRestaurant',
  realistic: RESTAURANT_REALISTIC,
  full: RESTAURANT_FULL,
};

/** Four checks, then two dependent acts, then two acts in parallel: 8 calls, a chain of 4. */
function calls(latencyMs: number, hop: number): ApiCall[] {
  const at = (depth: number) => hop * depth + latencyMs * (depth - 1);
  return [
    ...['a', 'b', 'c', 'd'].map((department) => ({ department, route: 'POST /check', atMs: at(1) })),
    { department: 'a', route: 'POST /declare', atMs: at(2) },
    { department: 'a', route: 'POST /register', atMs: at(3) },
    { department: 'b', route: 'POST /act', atMs: at(4) },
    { department: 'c', route: 'POST /act', atMs: at(4) },
  ];
}

function sample(selection: 'realistic' | 'full', latencyMs: number, wallMs: number): ErrandSample {
  return {
    subject: `重庆基准第${wallMs}号小面餐饮有限公司`,
    selection,
    wallMs,
    cpuMs: 30,
    callsByDepartment: { a: 3, b: 2, c: 2, d: 1 },
    calls: calls(latencyMs, 5),
    retriedSteps: [],
    steps: [],
  };
}

const paths = {
  realistic: criticalPathOf(sample('realistic', CALIBRATION, 1030), CALIBRATION),
  full: criticalPathOf(sample('full', CALIBRATION, 1050), CALIBRATION),
};
const target = {
  command: 'npx tsx scripts/bench-errand.ts',
  resultFile: '.data/bench-errand-restaurant.json',
};
const options = {
  errand: 'restaurant' as const,
  latencyMs: L,
  runs: 3,
  warmUpErrands: 200,
  databaseUrl: undefined,
};

describe('the errand benchmark result', () => {
  it('bounds the median by the calibrated chain × L and ends with the errand’s summary line', () => {
    const result = benchResult(
      errand,
      options,
      target,
      1,
      {
        realistic: [230, 240, 260].map((wall) => sample('realistic', L, wall)),
        full: [300, 310, 320].map((wall) => sample('full', L, wall)),
      },
      paths,
    );
    expect(result).toMatchObject({
      errand: 'restaurant',
      mutation: 'openRestaurant',
      criticalPathMs: 200,
      sequentialMs: 400,
      ratioVsCriticalPath: 1.2,
      targetMet: true,
    });
    expect(result.realistic.criticalPath.stages.map((stage) => stage.length)).toEqual([4, 1, 1, 2]);
    expect(summaryLine(result)).toBe(
      'restaurant_median_ms=240 critical_path_ms=200 ratio_vs_critical_path=1.2',
    );
    expect(markdownReport(result)).toContain(
      '## openRestaurant, L = 50 ms, 3 runs per selection after 200 to warm up (1 system start)',
    );
  });

  it('says the target is missed when the median is beyond 1.2× the bound', () => {
    const slow = benchResult(
      errand,
      options,
      target,
      1,
      {
        realistic: [250, 260, 270].map((wall) => sample('realistic', L, wall)),
        full: [300].map((wall) => sample('full', L, wall)),
      },
      paths,
    );
    expect(slow.targetMet).toBe(false);
    expect(summaryLine(slow)).toBe(
      'restaurant_median_ms=260 critical_path_ms=200 ratio_vs_critical_path=1.3',
    );
    expect(markdownReport(slow)).toContain('missed (1.30×)');
  });
});
