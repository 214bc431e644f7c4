/**
 * Field schemas shared by every department's seed records, so that a citizen ID, a date or a division
 * code means the same thing in every data file.
 */
import { z } from 'zod';
import { parseCitizenId } from '../../lib/citizenId.ts';

/** A valid GB 11643 citizen ID (checksum, length and date checked). */
export const citizenId = z.string().superRefine((value, ctx) => {
  const result = parseCitizenId(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: `invalid citizen ID: ${result.message}` });
});

/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** An instant with its offset, e.g. `2026-10-03T08:15:00+08:00`. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** A 6-digit administrative division code. */
export const divisionCode = z.string().regex(/^[1-9]\d{5}$/, 'a 6-digit division code');

/** The two sexes recorded by public security; the citizen ID's sequence parity encodes them. */
export const sex = z.enum(['MALE', 'FEMALE']);
