/**
 * Dates in the seed data. Everything is relative to one fixed reference date, never the clock, so
 * the data does not age between runs: ages, schedules and "born within the last year" are all
 * measured against {@link REFERENCE_DATE}.
 */
import { addDays, addMonths } from '../../../lib/isoDate.ts';
import type { Random } from './random.ts';

/** The day the seed data describes ("today" for the mock departments). */
export const REFERENCE_DATE = '2026-11-20';

/** The school year running on the reference date (2026 for 2026–27). */
export const SCHOOL_YEAR = 2026;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export function toDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The ISO date `days` days after 1970-01-01. */
export function fromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

/** Completed years of age on `on` (the reference date unless given). */
export function ageOn(birthDate: string, on: string = REFERENCE_DATE): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** The later of two ISO dates. */
export function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The earlier of two ISO dates. */
export function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/** A uniformly random date in [from, to], both included. */
export function randomDate(rng: Random, from: string, to: string): string {
  if (to < from) throw new RangeError(`randomDate: ${to} is before ${from}`);
  return fromDays(rng.int(toDays(from), toDays(to)));
}

/** A random birth date of someone exactly `age` years old on the reference date. */
export function birthDateForAge(rng: Random, age: number): string {
  const latest = addYears(REFERENCE_DATE, -age);
  const earliest = addDays(addYears(REFERENCE_DATE, -(age + 1)), 1);
  return randomDate(rng, earliest, latest);
}

/** Where a child sits in compulsory education (义务教育) in {@link SCHOOL_YEAR}. */
export interface SchoolPlacement {
  stage: 'PRIMARY' | 'JUNIOR_SECONDARY';
  /** 1–6 in primary school, 7–9 in junior secondary school. */
  grade: number;
  /** The school year the pupil entered the current school. */
  entryYear: number;
}

/**
 * The school placement of a child born on `birthDate`, or null outside grades 1–9. Children start
 * primary school in the September after they turn six by 31 August (the national cut-off).
 */
export function schoolPlacement(birthDate: string): SchoolPlacement | null {
  const [year, month] = birthDate.split('-').map(Number) as [number, number];
  const primaryEntry = (month >= 9 ? year + 1 : year) + 6;
  const grade = SCHOOL_YEAR - primaryEntry + 1;
  if (grade >= 1 && grade <= 6) return { stage: 'PRIMARY', grade, entryYear: primaryEntry };
  if (grade >= 7 && grade <= 9) return { stage: 'JUNIOR_SECONDARY', grade, entryYear: primaryEntry + 6 };
  return null;
}

/**
 * True when a child's age and school placement tell the same story: aged 6–15 exactly when in
 * grades 1–9, in primary school exactly when aged 6–11. Around the 31 August cut-off the two can
 * disagree; the generator avoids those birth dates so that "school age" means one thing.
 */
export function schoolAgeAgrees(birthDate: string): boolean {
  const age = ageOn(birthDate);
  const placement = schoolPlacement(birthDate);
  if ((age >= 6 && age <= 15) !== (placement !== null)) return false;
  return placement === null || (placement.stage === 'PRIMARY') === age <= 11;
}

/** An instant on `date` at the given local time in China Standard Time, e.g. `2026-10-03T08:15:00+08:00`. */
export function chinaDateTime(date: string, hour: number, minute: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(hour)}:${pad(minute)}:00+08:00`;
}
