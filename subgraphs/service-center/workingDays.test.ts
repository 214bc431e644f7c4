import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHINA_WORKING_CALENDAR, loadWorkingCalendar } from './calendar/workingCalendar.ts';
import { addWorkingDays, workingDaysDue } from './workingDays.ts';

/** An instant given as a time in China Standard Time, e.g. `2026-02-13T10:00`. */
const cst = (local: string) => new Date(`${local}:00+08:00`);

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

  it('counts across the Spring Festival of 2026 by the published arrangement, not a week early', () => {
    // Friday 13 February 10:00: Saturday the 14th is a make-up working day (1), 15–23 are the
    // holiday, Tuesday the 24th (2).
    expect(workingDaysDue(cst('2026-02-13T10:00'), 2)).toEqual({
      dueAt: cst('2026-02-24T10:00'),
      basis: 'PUBLISHED_CALENDAR',
      unpublishedYears: [],
    });
    // Five working days from Thursday 12 February: 13, 14 (make-up), 24, 25, 26 — weekends alone
    // would have said Thursday the 19th, in the middle of the holiday.
    expect(addWorkingDays(cst('2026-02-12T09:30'), 5)).toEqual(cst('2026-02-26T09:30'));
  });

  it('counts a 调休 Saturday as a working day', () => {
    // Friday 9 October 2026: Saturday the 10th is a make-up working day after National Day.
    expect(addWorkingDays(cst('2026-10-09T16:00'), 1)).toEqual(cst('2026-10-10T16:00'));
    // Wednesday 30 September: 1–7 October off, Thursday the 8th, Friday the 9th.
    expect(addWorkingDays(cst('2026-09-30T10:00'), 2)).toEqual(cst('2026-10-09T10:00'));
    // 2025's Spring Festival: Saturday 8 February was a make-up working day.
    expect(addWorkingDays(cst('2025-02-07T10:00'), 1)).toEqual(cst('2025-02-08T10:00'));
  });

  it('counts weekends only in a year whose arrangement is not published, and says so', () => {
    expect(CHINA_WORKING_CALENDAR.isPublished(2027)).toBe(false);
    // Thursday 31 December 2026 + 2: Friday 1 January 2027 counts (its holiday is not known yet).
    expect(workingDaysDue(cst('2026-12-31T10:00'), 2)).toEqual({
      dueAt: cst('2027-01-04T10:00'),
      basis: 'WEEKENDS_ONLY',
      unpublishedYears: [2027],
    });
    // A count inside 2026 ends in a published year whatever the weekday.
    expect(workingDaysDue(cst('2026-12-30T10:00'), 1).basis).toBe('PUBLISHED_CALENDAR');
  });

  it('refuses a negative count', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
  });
});

describe('the holiday calendar files', () => {
  it('hold 2025 and 2026, naming the notices they are copied from', () => {
    expect(CHINA_WORKING_CALENDAR.year(2025)?.source.documentNumber).toBe('国办发明电〔2024〕12号');
    expect(CHINA_WORKING_CALENDAR.year(2026)?.source).toMatchObject({
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      issuedOn: '2025-11-04',
    });
  });

  it('refuse a make-up working day that is a weekday, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onething-calendar-'));
    try {
      writeFileSync(
        path.join(dir, '2030.json'),
        JSON.stringify({
          year: 2030,
          source: { title: 'x', documentNumber: null, issuedOn: '2029-11-01' },
          holidays: [],
          makeUpWorkingDays: [{ name: '春节', date: '2030-02-04' }],
        }),
      );
      expect(() => loadWorkingCalendar(dir)).toThrow(/2030\.json.*2030-02-04.*Saturday or Sunday/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
