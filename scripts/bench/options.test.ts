import { describe, expect, it } from 'vitest';
import { readBenchOptions } from './options.ts';

describe('the errand benchmark options', () => {
  it('runs the restaurant errand at L = 50 ms, 20 runs after 200 to warm up, by default; --quick is 20 ms, 8 and 10', () => {
    expect(readBenchOptions([])).toEqual({
      errand: 'restaurant',
      latencyMs: 50,
      runs: 20,
      warmUpErrands: 200,
      databaseUrl: undefined,
    });
    expect(readBenchOptions(['--quick'])).toMatchObject({ latencyMs: 20, runs: 8, warmUpErrands: 20 });
    expect(readBenchOptions(['--warm-up', '0']).warmUpErrands).toBe(0);
    expect(readBenchOptions(['--quick', '--runs', '3'])).toMatchObject({ latencyMs: 20, runs: 3 });
    expect(readBenchOptions(['--errand', 'newborn', '--latency', '100'])).toMatchObject({
      errand: 'newborn',
      latencyMs: 100,
    });
  });

  it('takes a PostgreSQL URL for the service-center and refuses anything else', () => {
    const url = 'postgres://root@127.0.0.1:5432/test';
    expect(readBenchOptions(['--postgres', url]).databaseUrl).toBe(url);
    expect(() => readBenchOptions(['--postgres', 'mysql://root@127.0.0.1/test'])).toThrow(/postgres:\/\//);
  });

  it('names the option that is wrong', () => {
    expect(() => readBenchOptions(['--errand', 'wedding'])).toThrow(
      /--errand must be one of restaurant, newborn, got "wedding"/,
    );
    expect(() => readBenchOptions(['--runs', '0'])).toThrow(/--runs must be a whole number of at least 1/);
    expect(() => readBenchOptions(['--latency', '2.5'])).toThrow(/--latency must be a whole number/);
    expect(() => readBenchOptions(['--warm-up=-1'])).toThrow(
      /--warm-up must be a whole number of at least 0/,
    );
  });

  it('bench:newborn runs the newborn errand and has no --errand option', () => {
    expect(readBenchOptions(['--quick'], 'newborn')).toMatchObject({ errand: 'newborn', runs: 8 });
    expect(() => readBenchOptions(['--errand', 'restaurant'], 'newborn')).toThrow(/errand/);
  });
});
