/**
 * Working-day arithmetic for the service promise ("办结时限": done within five working days) and for
 * ticket deadlines, in China's working days: weekends and the public holidays off, the 调休 make-up
 * Saturdays and Sundays on, as the State Council published them for each year (`calendar/`). Days are
 * counted in China Standard Time (UTC+8), where the weekend and the holidays fall. A count that runs
 * into a year whose arrangement is not published yet counts weekends only there, and says so: its
 * basis is `WEEKENDS_ONLY`, and the deadline may come out early once the holidays are known.
 */
import { CHINA_WORKING_CALENDAR, type WorkingCalendar } from './calendar/workingCalendar.ts';

/**
 * What a due time was counted by: `PUBLISHED_CALENDAR` when every day counted lies in a year the State
 * Council's arrangement is known for; `WEEKENDS_ONLY` when some lie in a year not yet published.
 */
export type DueTimeBasis = 'PUBLISHED_CALENDAR' | 'WEEKENDS_ONLY';

/** A due time and how it was counted. */
export interface WorkingDaysDue {
  dueAt: Date;
  basis: DueTimeBasis;
  /** The years counted in without a published arrangement, e.g. `[2027]`; empty for `PUBLISHED_CALENDAR`. */
  unpublishedYears: number[];
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The date in China (`YYYY-MM-DD`) of an instant. */
function chinaDateOf(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Adds `days` working days to `from`, keeping the time of day, and says what the count was based on.
 *
 * @param calendar - the working calendar; default China's, from the published years in `calendar/`
 * @throws RangeError when `days` is not a whole number ≥ 0
 */
export function workingDaysDue(
  from: Date,
  days: number,
  calendar: WorkingCalendar = CHINA_WORKING_CALENDAR,
): WorkingDaysDue {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  const date = new Date(from.getTime());
  const unpublished = new Set<number>();
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = chinaDateOf(date);
    const year = Number(day.slice(0, 4));
    if (!calendar.isPublished(year)) unpublished.add(year);
    if (calendar.isWorkingDay(day)) left--;
  }
  return {
    dueAt: date,
    basis: unpublished.size === 0 ? 'PUBLISHED_CALENDAR' : 'WEEKENDS_ONLY',
    unpublishedYears: [...unpublished].sort(),
  };
}

/** Adds `days` working days to `from`, keeping the time of day (see {@link workingDaysDue}). */
export function addWorkingDays(
  from: Date,
  days: number,
  calendar: WorkingCalendar = CHINA_WORKING_CALENDAR,
): Date {
  return workingDaysDue(from, days, calendar).dueAt;
}
