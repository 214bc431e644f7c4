/**
 * The records the medical security bureau (医疗保障局, 医保) keeps: each insured person's enrolment in
 * basic medical insurance and the yearly contributions it is paid by. These are the shapes of the
 * seed files in `mocks/data/medical-insurance/`.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate } from '../../lib/contract/fields.ts';

/** The form of an enrolment number (参保编号): `YB`, the insured area's division code, a dash and 7 digits. */
export const ENROLMENT_NUMBER = /^YB\d{6}-\d{7}$/;

/**
 * The scheme a person is insured under: `RESIDENT` is 城乡居民基本医疗保险 (children, students, people
 * without employment, paid yearly by the insured with a government subsidy); `EMPLOYEE` is 职工基本医疗保险
 * (paid monthly through the employer, and kept in retirement).
 */
export const insuranceScheme = z.enum(['RESIDENT', 'EMPLOYEE']);

/** `ACTIVE` pays benefits; `SUSPENDED` (待遇暂停) does not, e.g. while the year's contribution is unpaid. */
export const enrolmentStatus = z.enum(['ACTIVE', 'SUSPENDED']);

/**
 * How one year's individual contribution stands: `PAID` by the insured (or the employer), `WAIVED`
 * (资助参保: paid by the medical assistance fund, e.g. for 低保 and 特困 families), or `UNPAID` (due).
 */
export const contributionStatus = z.enum(['PAID', 'WAIVED', 'UNPAID']);

/** One year's individual contribution. */
export const contributionRecord = z.object({
  /** The calendar year the contribution insures. */
  year: z.number().int().min(1998).max(2100),
  status: contributionStatus,
});
export type ContributionRecord = z.infer<typeof contributionRecord>;

/** A person's enrolment in basic medical insurance; one per person. */
export const enrolmentRecord = z.object({
  /** Enrolment number (参保编号), e.g. `YB500103-0000042`. */
  id: z.string().regex(ENROLMENT_NUMBER, 'YB, a division code, a dash and 7 digits'),
  citizenId,
  /** The insured area (参保地): the division of the person's hukou. */
  insuredDivisionCode: divisionCode,
  scheme: insuranceScheme,
  status: enrolmentStatus,
  /** The day benefits start (待遇享受起始日). */
  coveredFrom: isoDate,
  /** The day the enrolment was registered. */
  enrolledOn: isoDate,
  /** The yearly contributions on file, newest year first. */
  contributions: z.array(contributionRecord),
});
export type EnrolmentRecord = z.infer<typeof enrolmentRecord>;

/** The seed collections of the medical-insurance department API, file name → record schema. */
export const medicalInsuranceSeed = {
  enrolments: enrolmentRecord,
} as const;
