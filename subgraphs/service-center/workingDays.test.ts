import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './workingDays.ts';

describe('addWorkingDays', () => {
  it('skips the weekend in China Standard Time', () => {
    // Friday 2026-11-27 10:00 CST + 5 working days = Friday 2026-12-04 10:00 CST.
    expect(addWorkingDays(new Date('2026-11-27T02:00:00Z'), 5).toISOString()).toBe(
      '2026-12-04T02:00:00.000Z',
    );
    // Friday 23:30 CST is still Friday there (Friday 15:30 UTC): + 1 working day = Monday.
    expect(addWorkingDays(new Date('2026-11-27T15:30:00Z'), 1).toISOString()).toBe(
      '2026-11-30T15:30:00.000Z',
    );
  });

  it('refuses a negative count', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
  });
});
