import { describe, expect, it } from 'vitest';
import type { ApiCall } from './ApiTrace.ts';
import type { ErrandSample, StepTimes } from './BenchSystem.ts';
import { stepProfiles } from './stepProfile.ts';

const L = 50;

/** A run of a check on two departments in parallel, then an act that waits for them. */
function sample(offset: number): ErrandSample {
  const steps: StepTimes[] = [
    { step: 'checkA', department: 'a', startMs: 5 + offset, endMs: 63 + offset, attempts: 1 },
    { step: 'checkB', department: 'b', startMs: 5 + offset, endMs: 60 + offset, attempts: 1 },
    { step: 'act', department: 'a', startMs: 65 + offset, endMs: 122 + offset, attempts: 1 },
  ];
  const calls: ApiCall[] = [
    { department: 'a', route: 'POST /check', atMs: 9 + offset },
    { department: 'b', route: 'POST /check', atMs: 8 + offset },
    { department: 'a', route: 'POST /act', atMs: 68 + offset },
  ];
  return {
    subject: `run ${offset}`,
    selection: 'realistic',
    wallMs: 130 + offset,
    cpuMs: 40,
    callsByDepartment: { a: 2, b: 1 },
    calls,
    retriedSteps: [],
    steps,
  };
}

describe('stepProfiles', () => {
  it('splits each step into the way to its department call, the latency and the way back', () => {
    const [checkA, checkB, act] = stepProfiles([sample(0)], L);
    expect(checkA).toEqual({
      step: 'checkA',
      department: 'a',
      runs: 1,
      startMs: 5,
      waitedMs: 5,
      durationMs: 58,
      calls: 1,
      toFirstCallMs: 4,
      afterLastAnswerMs: 4,
    });
    expect(checkB).toMatchObject({ step: 'checkB', toFirstCallMs: 3, afterLastAnswerMs: 2 });
    // The act waited for the later of the two checks (63 ms) and started at 65: the engine's 2 ms.
    expect(act).toMatchObject({ step: 'act', waitedMs: 2, calls: 1, toFirstCallMs: 3, afterLastAnswerMs: 4 });
  });

  it('takes the median over runs and orders the steps by when they start', () => {
    const profiles = stepProfiles([sample(0), sample(10), sample(2)], L);
    expect(profiles.map((p) => p.step)).toEqual(['checkA', 'checkB', 'act']);
    expect(profiles[2]).toMatchObject({ runs: 3, startMs: 67, waitedMs: 2, durationMs: 57 });
  });

  it('leaves the call split unknown for a step whose department was not called while it ran', () => {
    const quiet = { ...sample(0), calls: [] };
    const [profile] = stepProfiles([quiet], L);
    expect(profile?.calls).toBe(0);
    expect(profile?.toFirstCallMs).toBeNaN();
    expect(profile?.afterLastAnswerMs).toBeNaN();
  });
});
