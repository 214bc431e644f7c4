/**
 * The records the education department (教育) keeps: school districts (学区), schools with their
 * capacities, and enrolments. These are the shapes of the seed files in `mocks/data/education/`.
 */
import { z } from 'zod';
import { citizenId, divisionCode } from '../../lib/contract/fields.ts';

/** A school district: the streets whose residents it admits. */
export const schoolDistrictRecord = z.object({
  /** District id, e.g. `XQ500103-01`. */
  id: z.string().regex(/^XQ\d{6}-\d{2}$/),
  name: z.string().min(1),
  divisionCode,
  /** Sub-district streets (街道) of `divisionCode` whose households fall in this district. */
  streets: z.array(z.string().min(1)).min(1),
});
export type SchoolDistrictRecord = z.infer<typeof schoolDistrictRecord>;

/** A school. */
export const schoolRecord = z.object({
  id: z.string().regex(/^SCH\d{6}-\d{2}$/),
  name: z.string().min(1),
  stage: z.enum(['PRIMARY', 'JUNIOR_SECONDARY']),
  divisionCode,
  districtId: z.string().regex(/^XQ\d{6}-\d{2}$/),
  address: z.string().min(1),
  /** Places in each year's entry class. */
  capacity: z.number().int().min(1),
});
export type SchoolRecord = z.infer<typeof schoolRecord>;

/** A pupil's enrolment at a school. */
export const enrolmentRecord = z.object({
  id: z.string().min(1),
  citizenId,
  schoolId: z.string().regex(/^SCH\d{6}-\d{2}$/),
  /** The school year the pupil entered, e.g. 2024 for 2024–25. */
  entryYear: z.number().int().min(2000).max(2100),
  status: z.enum(['ENROLLED', 'WAITLISTED', 'GRADUATED']),
});
export type EnrolmentRecord = z.infer<typeof enrolmentRecord>;

/** The seed collections of the education department API, file name → record schema. */
export const educationSeed = {
  'school-districts': schoolDistrictRecord,
  schools: schoolRecord,
  enrolments: enrolmentRecord,
} as const;
