import { describe, expect, it } from 'vitest';
import { readSoakOptions } from './options.ts';

describe('the soak options', () => {
  it('runs 3 minutes by default and 30 s with --quick', () => {
    expect(readSoakOptions([])).toMatchObject({
      durationMs: 180_000,
      department: 'civil-affairs',
      outageMs: 10_000,
    });
    expect(readSoakOptions(['--quick']).durationMs).toBe(30_000);
    expect(readSoakOptions(['--minutes', '0.5', '--think-ms', '0']).thinkMs).toBe(0);
  });

  it('names the option that is wrong', () => {
    expect(() => readSoakOptions(['--minutes', 'soon'])).toThrow(/--minutes must be a number above 0/);
    expect(() => readSoakOptions(['--quick', '--minutes', '2'])).toThrow(/either --quick or --minutes/);
    expect(() => readSoakOptions(['--quick', '--outage-seconds', '20'])).toThrow(/shorter than half the run/);
  });
});
