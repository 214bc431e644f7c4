import { describe, expect, it } from 'vitest';
import { benchCharts } from './charts.ts';
import type { GatewayBenchResult } from './report.ts';
import type { Summary } from './results.ts';

function summary(target: Summary['target'], workload: string, rps: number, invalid?: string): Summary {
  return {
    target,
    workload,
    rounds: 1,
    requestsPerSecond: rps,
    p50Ms: 10,
    p95Ms: 20,
    p99Ms: 40,
    responses: rps * 10,
    errors: invalid ? 5 : 0,
    subgraphRequestsPerRequest: 1,
    subgraphBreakdown: {},
    departmentCallsPerRequest: 1,
    gatewayCpuMsPerRequest: target === 'floor' ? undefined : 2,
    subgraphsCpuMsPerRequest: 4,
    subgraphsCpuPercent: 50,
    invalid,
  };
}

const result = {
  command: 'npm run bench',
  at: '2026-12-05T20:00:00.000Z',
  summaries: [
    summary('ours', 'mixed', 120),
    summary('apollo', 'mixed', 100),
    summary('hive', 'mixed', 4000, 'round 1: 5 of 40000 answers were errors'),
    summary('ours', 'CitizenProfile', 60),
  ],
} as unknown as GatewayBenchResult;

/** The bars of a chart: each one's `<title>` and height. */
function bars(svg: string): Array<{ title: string; height: number }> {
  return [...svg.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    title: m[2] as string,
    height: Number(m[1]),
  }));
}

describe('the gateway benchmark charts', () => {
  const charts = benchCharts(result, ['CitizenProfile', 'mixed', 'PeopleList']);
  const byName = Object.fromEntries(charts.map((chart) => [chart.name, chart.svg]));

  it('draws throughput, CPU per request and latency, one panel per workload measured', () => {
    expect(Object.keys(byName)).toEqual(['throughput.svg', 'cpu-per-request.svg', 'latency.svg']);
    const throughput = byName['throughput.svg'] as string;
    expect(throughput.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(throughput).toContain('>mixed</text>');
    expect(throughput).toContain('>CitizenProfile</text>');
    expect(throughput).not.toContain('>PeopleList</text>');
  });

  it('draws bars in proportion to the figures', () => {
    const throughput = bars(byName['throughput.svg'] as string);
    expect(throughput.map((bar) => bar.title)).toEqual([
      'ours req/s: 60',
      'ours req/s: 120',
      'apollo req/s: 100',
    ]);
    // The mixed panel: 120 against 100 on the same scale.
    expect((throughput[1]?.height ?? 0) / (throughput[2]?.height ?? 1)).toBeCloseTo(1.2, 2);
    expect(bars(byName['latency.svg'] as string).map((bar) => bar.title)).toContain('ours p99: 40');
  });

  it('draws an invalid figure as the word, never as a bar', () => {
    const throughput = byName['throughput.svg'] as string;
    expect(throughput).toContain('>invalid</text>');
    expect(bars(throughput).some((bar) => bar.title.startsWith('hive'))).toBe(false);
  });
});
