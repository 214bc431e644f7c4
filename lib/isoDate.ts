/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), counted in UTC so no time zone or daylight saving
 * moves a day: the immunisation schedule's ages, the seed generator's dates and the contracts'
 * examples all count days and months the same way. Dates in China Standard Time come from `clock.ts`.
 */

const DAY_MS = 86_400_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Adds whole days (negative to go back) to an ISO date. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Adds calendar months, keeping the day of month where it exists (31 January + 1 month = the last day
 * of February), the way an age in months is counted.
 */
export function addMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/**
 * True when a person born on `birthDate` is under 18 on `today` (both `YYYY-MM-DD`, China time): the
 * 18th birthday has not come yet. Someone born on 29 February comes of age on 1 March of a common year.
 */
export function isMinorOn(birthDate: string, today: string): boolean {
  const eighteenthBirthday = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
  return today < eighteenthBirthday;
}
