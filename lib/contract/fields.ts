/**
 * Field schemas every department contract and seed record shares, so that a citizen ID, a date or a
 * division code means the same thing in every department's system and data. Each carries the JSON
 * Schema a contract document shows for it.
 */
import { z } from 'zod';
import { parseCitizenId } from '../citizenId.ts';

/** A valid GB 11643 citizen ID (checksum, length and date checked). */
export const citizenId = z
  .string()
  .superRefine((value, ctx) => {
    const result = parseCitizenId(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: `invalid citizen ID: ${result.message}` });
  })
  .meta({
    pattern: '^\\d{17}[\\dXx]$',
    description:
      'A GB 11643-1999 citizen ID: division code, birth date, sequence and check character (checked).',
  });

/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** An instant with its offset, e.g. `2026-10-03T08:15:00+08:00`. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** A 6-digit administrative division code. */
export const divisionCode = z
  .string()
  .regex(/^[1-9]\d{5}$/, 'a 6-digit division code')
  .describe('A 6-digit administrative division code (GB/T 2260), e.g. 500103.');

/** The two sexes recorded by public security; the citizen ID's sequence parity encodes them. */
export const sex = z.enum(['MALE', 'FEMALE']);

/** The form of a public-security household number (户号), e.g. `500103-000123`: its division, a dash and six digits. */
export const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/** A household number (户号), checked for its form. */
export const householdId = z
  .string()
  .regex(HOUSEHOLD_ID, 'a household number such as 500103-000123')
  .describe('A public-security household number (户号): its division code, a dash and six digits.');
