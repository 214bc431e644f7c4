import { describe, expect, it } from 'vitest';
import { chinaDate } from './clock.ts';

describe('chinaDate', () => {
  it('turns the day over at midnight in China, eight hours before UTC does', () => {
    expect(chinaDate(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(chinaDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
  });
});
