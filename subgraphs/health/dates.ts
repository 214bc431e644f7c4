/**
 * Calendar arithmetic the immunisation schedule needs: ages in months and years (a child is due a
 * dose "at 18 months"), counted on ISO dates. Dates in China Standard Time come from `lib/clock.ts`.
 */

import { addDays, addMonths } from '../../lib/isoDate.ts';

/** An age or interval in calendar units; the parts add up (`{ years: 1, months: 6 }` is 18 months). */
export interface CalendarOffset {
  years?: number;
  months?: number;
  days?: number;
}

/** The date `offset` after `iso`: years and months first (as ages are counted), then days. */
export function addOffset(iso: string, offset: CalendarOffset): string {
  return addDays(addMonths(iso, (offset.years ?? 0) * 12 + (offset.months ?? 0)), offset.days ?? 0);
}
