import { describe, expect, it } from 'vitest';
import { measurementFixture } from './measurementFixture.ts';
import { buildResult, markdownReport, summaryLine } from './report.ts';
import type { Measurement } from './results.ts';

const measurement = (round: number, target: Measurement['target'], rps: number, errors = 0) =>
  measurementFixture(round, target, 'mixed', rps, errors);

const run = (measurements: Measurement[]) => ({
  command: 'npm run bench -- --quick',
  options: { rounds: 1, durationSeconds: 2, warmupSeconds: 1, connections: 16, quick: true },
  floorQuery: 'HouseholdMembers',
  notes: [],
  workloads: ['mixed'],
  measurements,
});

describe('the gateway benchmark report', () => {
  it('ends with the ratios when every answer was right', () => {
    const result = buildResult(
      run([measurement(1, 'ours', 120), measurement(1, 'apollo', 100), measurement(1, 'hive', 80)]),
    );
    expect(summaryLine(result)).toBe('ratio_vs_apollo_gateway=1.2 ratio_vs_hive_gateway=1.5');
    expect(result.targets.throughputVsHive).toBe(true);
  });

  it('never reports throughput made of refusals: the figure is invalid, its target unmeasured, and the summary says why', () => {
    // Hive's turn was answered with refusals: fast, and worthless.
    const result = buildResult(
      run([measurement(1, 'ours', 120), measurement(1, 'apollo', 100), measurement(1, 'hive', 4000, 3900)]),
    );
    expect(summaryLine(result)).toBe('ratio_vs_apollo_gateway=1.2 ratio_vs_hive_gateway=invalid');
    expect(result.targets.throughputVsHive).toBeNull();
    const report = markdownReport(result, ['mixed']);
    expect(report).toContain(
      'ours / hive, mixed: **invalid** (no round where both answered right; round 1 left out, invalid)',
    );
    expect(report).toContain('**Invalid figures**: hive mixed (round 1: 3900 of 40000 answers were errors');
    expect(report).not.toContain('| hive | 4000 |');
  });
});
