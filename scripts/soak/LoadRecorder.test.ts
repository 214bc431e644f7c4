import { describe, expect, it } from 'vitest';
import { LoadRecorder, percentile } from './LoadRecorder.ts';
import { errorKindOf } from './SoakClient.ts';

describe('the soak load recorder', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, n) => n + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99)]).toEqual([
      50, 95, 99,
    ]);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('counts failed requests once and each error kind by phase', () => {
    const recorder = new LoadRecorder();
    recorder.record('CitizenProfile', 10, [], 'before', 1_000);
    recorder.record('CitizenProfile', 30, ['A', 'A', 'B'], 'outage', 2_000);
    recorder.record('People', 20, ['A'], 'after', 3_000);
    const summary = recorder.summary();
    expect(summary).toMatchObject({
      requests: 3,
      failedRequests: 2,
      failedByPhase: { before: 0, outage: 1, after: 1 },
    });
    expect(summary.errors[0]).toEqual({
      kind: 'A',
      byPhase: { before: 0, outage: 1, after: 1 },
      total: 2,
      firstAt: 2_000,
      lastAt: 3_000,
    });
    expect(summary.kinds.find((k) => k.kind === 'CitizenProfile')).toMatchObject({
      requests: 2,
      failed: 1,
      max: 30,
    });
  });

  it('names an error by its code, department and reason', () => {
    expect(
      errorKindOf({
        message: 'down',
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', department: 'civil-affairs', reason: 'UNREACHABLE' },
      }),
    ).toBe('DOWNSTREAM_SERVICE_ERROR civil-affairs (UNREACHABLE)');
    expect(errorKindOf({ message: 'odd' })).toBe('NO_CODE');
  });
});
