/**
 * China's working days (工作日) as the State Council publishes them each year: the public holidays
 * and the 调休 arrangement — weekdays off, and weekend days that are working days to make up for them.
 * Each year is a data file beside this module, `<year>.json`, copied from the State Council General
 * Office's notice on that year's holiday arrangements (国务院办公厅关于<year>年部分节假日安排的通知),
 * which it names. A year with no file is not published yet (the notice comes out each November for
 * the next year): there, only Saturdays and Sundays are days off, and whoever counts says so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/** One year's arrangement, as its data file holds it. */
const yearFile = z.object({
  year: z.number().int().min(2000).max(2100),
  /** The notice the dates are copied from. */
  source: z.object({
    title: z.string().min(1),
    /** The notice's document number (文号), e.g. 国办发明电〔2024〕12号; null where not checked. */
    documentNumber: z.string().min(1).nullable(),
    issuedOn: DATE,
  }),
  /** Every day off of each holiday, weekends inside it included: `from` to `to`, both days off. */
  holidays: z.array(z.object({ name: z.string().min(1), from: DATE, to: DATE })),
  /** Saturdays and Sundays that are working days (调休上班). */
  makeUpWorkingDays: z.array(z.object({ name: z.string().min(1), date: DATE })),
});

/** One year's published arrangement. */
export type PublishedYear = z.infer<typeof yearFile>;

/** The weekday of a `YYYY-MM-DD` date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The dates from `from` to `to`, both included. */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; ) {
    dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return dates;
}

/**
 * Checks a year's file for what a copying mistake would break: every date in its year, holidays from
 * before to, make-up working days on a weekend and not inside a holiday.
 *
 * @throws Error naming the file and what is wrong
 */
export function parsePublishedYear(text: string, file: string): PublishedYear {
  const parsed = yearFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`holiday calendar ${file}: ${parsed.error.issues[0]?.message}`);
  const year = parsed.data;
  const inYear = (date: string) => date.startsWith(`${year.year}-`);
  const daysOff = new Set<string>();
  for (const holiday of year.holidays) {
    if (!inYear(holiday.from) || !inYear(holiday.to) || holiday.from > holiday.to)
      throw new Error(
        `holiday calendar ${file}: ${holiday.name} ${holiday.from}–${holiday.to} is not a span of ${year.year}`,
      );
    for (const date of datesBetween(holiday.from, holiday.to)) daysOff.add(date);
  }
  for (const { name, date } of year.makeUpWorkingDays) {
    const weekday = weekdayOf(date);
    if (!inYear(date) || (weekday !== 0 && weekday !== 6) || daysOff.has(date))
      throw new Error(
        `holiday calendar ${file}: the make-up working day ${date} (${name}) must be a Saturday or Sunday of ${year.year} outside every holiday`,
      );
  }
  return year;
}

/** Working days by the published years, and weekends alone for the others. */
export class WorkingCalendar {
  readonly #published = new Map<number, PublishedYear>();
  readonly #daysOff = new Set<string>();
  readonly #makeUpWorkingDays = new Set<string>();

  constructor(years: readonly PublishedYear[]) {
    for (const year of years) {
      this.#published.set(year.year, year);
      for (const holiday of year.holidays)
        for (const date of datesBetween(holiday.from, holiday.to)) this.#daysOff.add(date);
      for (const { date } of year.makeUpWorkingDays) this.#makeUpWorkingDays.add(date);
    }
  }

  /** True when the State Council's arrangement for `year` is in the calendar. */
  isPublished(year: number): boolean {
    return this.#published.has(year);
  }

  /** The published arrangement of `year`, with its source; undefined when not published. */
  year(year: number): PublishedYear | undefined {
    return this.#published.get(year);
  }

  /**
   * True when `date` (`YYYY-MM-DD`, a day in China) is a working day: a weekday outside the holidays,
   * or a make-up working day. In a year not published, every weekday is.
   */
  isWorkingDay(date: string): boolean {
    if (this.#makeUpWorkingDays.has(date)) return true;
    if (this.#daysOff.has(date)) return false;
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6;
  }
}

/** The folder of the year files: this module's. */
const CALENDAR_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Reads every `<year>.json` of `dir` into a calendar. */
export function loadWorkingCalendar(dir: string = CALENDAR_DIR): WorkingCalendar {
  const years = readdirSync(dir)
    .filter((file) => /^\d{4}\.json$/.test(file))
    .map((file) => {
      const year = parsePublishedYear(readFileSync(path.join(dir, file), 'utf8'), file);
      if (`${year.year}.json` !== file)
        throw new Error(`holiday calendar ${file} holds the year ${year.year}`);
      return year;
    });
  return new WorkingCalendar(years);
}

/** China's working days by the years published in this folder, read once. */
export const CHINA_WORKING_CALENDAR: WorkingCalendar = loadWorkingCalendar();
