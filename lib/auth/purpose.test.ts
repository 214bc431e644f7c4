import { describe, expect, it } from 'vitest';
import { actPurpose, isStaffReadPurpose, isStatedPurpose, parseStatedPurpose } from './purpose.ts';

describe('a stated purpose', () => {
  it('is a case or an application with its reference', () => {
    expect(parseStatedPurpose(' case HZ-2026-0042 ')).toEqual({
      ok: true,
      value: 'case HZ-2026-0042',
      kind: 'case',
      reference: 'HZ-2026-0042',
    });
    expect(parseStatedPurpose('application NB-20261120-7K3Q9X')).toMatchObject({
      ok: true,
      kind: 'application',
    });
  });

  it.each([
    '',
    'case',
    'case ',
    'Case HZ-1',
    'case  HZ-1',
    'case HZ 1',
    'curiosity',
    'operation ClerkLookup',
    'act ClerkLookup',
    `case ${'9'.repeat(65)}`,
    'case -1',
  ])('refuses %j, saying what is expected', (text) => {
    const parsed = parseStatedPurpose(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/case <reference> or application <reference>/);
  });

  it('lets staff read for a stated case or application, or an act, never an operation', () => {
    expect(isStatedPurpose('case HZ-1')).toBe(true);
    expect(isStaffReadPurpose('application NB-1')).toBe(true);
    expect(isStaffReadPurpose(actPurpose('ChangeHouseholdAddress'))).toBe(true);
    expect(isStatedPurpose(actPurpose('ChangeHouseholdAddress'))).toBe(false);
    expect(isStaffReadPurpose('operation ClerkLookup')).toBe(false);
    expect(isStaffReadPurpose(null)).toBe(false);
    expect(isStaffReadPurpose('act ; drop')).toBe(false);
  });
});
