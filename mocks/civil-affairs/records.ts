/**
 * The records the civil-affairs department (民政) keeps: marriage registrations (结婚登记) and
 * social-assistance cases (低保 and 特困). These are the shapes of the seed files in
 * `mocks/civil-affairs/data/`; the system keeps them as its contract answers them.
 */
import type { z } from 'zod';
import { assistanceCaseView, marriageView } from '../../schema/civil-affairs/contract.ts';

/** A marriage registration. */
export const marriageRecord = marriageView;
export type MarriageRecord = z.infer<typeof marriageRecord>;

/** A social-assistance case, its members in the order they joined. */
export const assistanceCaseRecord = assistanceCaseView;
export type AssistanceCaseRecord = z.infer<typeof assistanceCaseRecord>;

/** The seed collections of the civil-affairs department system, file name → record schema. */
export const civilAffairsSeed = {
  marriages: marriageRecord,
  'assistance-cases': assistanceCaseRecord,
} as const;
