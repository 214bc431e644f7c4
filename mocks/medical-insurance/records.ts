/**
 * The records the medical-insurance department (医保) keeps: each insured person's enrolment with its
 * yearly contributions. These are the shapes of the seed files in `mocks/medical-insurance/data/`;
 * the system keeps them as its contract answers them.
 */
import type { z } from 'zod';
import { contributionView, enrolmentView } from '../../schema/medical-insurance/contract.ts';

/** One year's individual contribution. */
export const contributionRecord = contributionView;
export type ContributionRecord = z.infer<typeof contributionRecord>;

/** A person's enrolment in basic medical insurance. */
export const enrolmentRecord = enrolmentView;
export type EnrolmentRecord = z.infer<typeof enrolmentRecord>;

/** The seed collections of the medical-insurance department system, file name → record schema. */
export const medicalInsuranceSeed = {
  enrolments: enrolmentRecord,
} as const;
