/**
 * Dates as the departments count them: in China Standard Time (UTC+8, no daylight saving), so that
 * "today" turns over at midnight in Chongqing, not in Greenwich.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China Standard Time of an instant, `YYYY-MM-DD`. */
export function chinaDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China Standard Time; the default clock of every department. */
export function todayInChina(): string {
  return chinaDate(new Date());
}
