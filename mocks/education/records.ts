/**
 * The records the education department (教育) keeps: school districts (学区), schools and pupils'
 * enrolments. These are the shapes of the seed files in `mocks/education/data/`: the contract's
 * answers without what the system works out (a school's entry classes, a district's schools).
 */
import type { z } from 'zod';
import { citizenId } from '../../lib/contract/fields.ts';
import { enrolmentView, schoolDistrictView, schoolView } from '../../schema/education/contract.ts';

/** A school district: the streets of one division whose households it serves. */
export const schoolDistrictRecord = schoolDistrictView.omit({ schoolIds: true });
export type SchoolDistrictRecord = z.infer<typeof schoolDistrictRecord>;

/** A school, with the places of each year's entry class. */
export const schoolRecord = schoolView.omit({ entryClasses: true });
export type SchoolRecord = z.infer<typeof schoolRecord>;

/** A pupil's enrolment at a school. */
export const enrolmentRecord = enrolmentView.extend({ citizenId });
export type EnrolmentRecord = z.infer<typeof enrolmentRecord>;

/** The seed collections of the education department system, file name → record schema. */
export const educationSeed = {
  'school-districts': schoolDistrictRecord,
  schools: schoolRecord,
  enrolments: enrolmentRecord,
} as const;
