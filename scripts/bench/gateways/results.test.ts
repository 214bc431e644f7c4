import { describe, expect, it } from 'vitest';
import { measurementFixture } from './measurementFixture.ts';
import {
  type ErrandTally,
  errandsWentWell,
  markdownTables,
  peakRssByRound,
  ratio,
  summarise,
} from './results.ts';
import { perClientRequest } from './SubgraphCounter.ts';

const measurement = measurementFixture;

describe('the gateway benchmark results', () => {
  const measurements = [
    measurement(1, 'ours', 'mixed', 100),
    measurement(1, 'apollo', 'mixed', 50),
    measurement(2, 'ours', 'mixed', 90),
    measurement(2, 'apollo', 'mixed', 100),
    measurement(3, 'ours', 'mixed', 120),
    measurement(3, 'apollo', 'mixed', 80),
  ];

  it('takes the ratio in each round, then the median over rounds', () => {
    expect(ratio(measurements, 'ours', 'apollo', 'mixed')).toEqual({
      median: 1.5,
      byRound: [2, 0.9, 1.5],
      invalidRounds: [],
    });
  });

  it('answers NaN for a ratio no round measured', () => {
    expect(ratio(measurements, 'ours', 'hive', 'mixed').median).toBeNaN();
  });

  it('leaves out of a ratio every round where either side answered errors, and marks its figures invalid', () => {
    // Round 2: apollo's answers were refused (429s count as errors) — fast, and no throughput at all.
    const refused = measurements.map((m) =>
      m.round === 2 && m.target === 'apollo'
        ? { ...m, load: { ...m.load, errors: 40, requestsPerSecond: 900 } }
        : m,
    );
    expect(ratio(refused, 'ours', 'apollo', 'mixed')).toEqual({
      median: 1.75,
      byRound: [2, 1.5],
      invalidRounds: [2],
    });
    const apollo = summarise(refused).find((s) => s.target === 'apollo');
    expect(apollo?.invalid).toBe('round 2: 40 of 1000 answers were errors, refusals or not as expected');
    const table = markdownTables(summarise(refused), ['mixed']);
    expect(table).toContain('| apollo | **invalid** | invalid | invalid | invalid | 40 / 2300 |');
    expect(table).not.toContain('| apollo | 80 |');
    expect(summarise(measurements).every((s) => s.invalid === undefined)).toBe(true);
  });

  it('answers an invalid ratio (NaN) when no round was answered right by both', () => {
    const failing = measurements.map((m) =>
      m.target === 'ours' ? { ...m, load: { ...m.load, transportErrors: 3 } } : m,
    );
    expect(ratio(failing, 'ours', 'apollo', 'mixed')).toMatchObject({
      byRound: [],
      invalidRounds: [1, 2, 3],
    });
    expect(ratio(failing, 'ours', 'apollo', 'mixed').median).toBeNaN();
  });

  it('summarises each target with medians over rounds and the highest memory', () => {
    const [ours] = summarise(measurements);
    expect(ours).toMatchObject({
      target: 'ours',
      rounds: 3,
      requestsPerSecond: 100,
      responses: 3100,
      subgraphRequestsPerRequest: 1.5,
      peakRssMb: 3,
    });
    expect(peakRssByRound(measurements)).toEqual({ ours: [1, 2, 3], apollo: [1, 2, 3] });
  });

  it('divides the requests each subgraph received by the client requests', () => {
    expect(perClientRequest({ a: 10, b: 5 }, { a: 30, b: 5, c: 4 }, 20)).toEqual({ a: 1, c: 0.2 });
  });

  it('says a job’s errands went well only when each completed once and none was left unfinished', () => {
    const tally: ErrandTally = {
      made: 120,
      sent: 70,
      repeats: 0,
      applications: 70,
      completed: 70,
      notFinal: 0,
      statuses: { COMPLETED: 70 },
      settleSeconds: 0.4,
    };
    expect(errandsWentWell(tally)).toBe(true);
    expect(errandsWentWell({ ...tally, repeats: 3 })).toBe(false);
    expect(errandsWentWell({ ...tally, notFinal: 1, completed: 69 })).toBe(false);
    expect(
      errandsWentWell({ ...tally, completed: 68, statuses: { COMPLETED: 68, NEEDS_ATTENTION: 2 } }),
    ).toBe(false);
  });
});
