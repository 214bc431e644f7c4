/**
 * Calendar arithmetic the immunisation schedule needs: ages in months and years (a child is due a
 * dose "at 18 months"), counted on ISO dates. Dates in China Standard Time come from `lib/clock.ts`.
 */

const DAY_MS = 86_400_000;

/** An age or interval in calendar units; the parts add up (`{ years: 1, months: 6 }` is 18 months). */
export interface CalendarOffset {
  years?: number;
  months?: number;
  days?: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
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

/** Adds whole days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The date `offset` after `iso`: years and months first (as ages are counted), then days. */
export function addOffset(iso: string, offset: CalendarOffset): string {
  return addDays(addMonths(iso, (offset.years ?? 0) * 12 + (offset.months ?? 0)), offset.days ?? 0);
}
