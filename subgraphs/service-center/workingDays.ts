/**
 * Working-day arithmetic for the service promise ("办结时限": done within five working days) and for
 * ticket deadlines. Weekends are not working days; public holidays are not modelled yet.
 */

/** Adds `days` working days to `from`, keeping the time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  const date = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    // Days are counted in China Standard Time (UTC+8), where the weekend falls.
    const weekday = new Date(date.getTime() + 8 * 3600_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date;
}
