/**
 * The HTTP contract of the education department API: what its endpoints accept and answer.
 * The education subgraph parses every response with these schemas, so a department system that
 * answers something else is reported as a malformed response, not passed on.
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST /v1/people/batch-get` | `{ ids: citizenId[] }` | `{ items: PersonEducationView[] }` |
 * | `POST /v1/schools/batch-get` | `{ ids: schoolId[] }` | `{ items: SchoolView[] }` |
 * | `POST /v1/school-districts/batch-get` | `{ ids: districtId[] }` | `{ items: SchoolDistrictView[] }` |
 * | `POST /v1/school-districts/resolve` | `{ addresses: DistrictAddress[] }` | `{ districts: (SchoolDistrictView \| null)[] }` |
 * | `POST /v1/schools/search` | `{ divisionCode?, stage? }` | `{ items: SchoolView[] }` |
 * | `POST /v1/school-age-registrations` (idempotent) | `SchoolAgeRegistrationRequest` | `SchoolAgeRegistration` |
 * | `POST /v1/enrolments` (idempotent) | `EnrolmentRequest` | `EnrolmentDecision` |
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate } from '../kit/fields.ts';
import { enrolmentRecord, schoolDistrictRecord, schoolRecord } from './records.ts';

/** The stages of compulsory education a school teaches. */
export const schoolStage = schoolRecord.shape.stage;
export type SchoolStage = z.infer<typeof schoolStage>;

/** One year's entry class of a school: how many pupils were admitted and how many wait for a place. */
export const entryClassView = z.object({
  /** The school year the class entered, e.g. 2026 for 2026–27. */
  entryYear: z.number().int(),
  /** Pupils admitted to the class: enrolled now or since graduated. */
  enrolled: z.number().int().min(0),
  /** Pupils on the waiting list for the class. */
  waitlisted: z.number().int().min(0),
});
export type EntryClassView = z.infer<typeof entryClassView>;

/** A school as the API answers: the register entry plus its entry classes, oldest first. */
export const schoolView = schoolRecord.extend({
  entryClasses: z.array(entryClassView),
});
export type SchoolView = z.infer<typeof schoolView>;

/** A school district as the API answers: the register entry plus its schools' ids. */
export const schoolDistrictView = schoolDistrictRecord.extend({
  schoolIds: z.array(z.string()),
});
export type SchoolDistrictView = z.infer<typeof schoolDistrictView>;

/** An enrolment as part of a person's record (the citizen ID is the person's). */
export const enrolmentView = enrolmentRecord.omit({ citizenId: true });
export type EnrolmentView = z.infer<typeof enrolmentView>;

/** A child's school-age registration (学龄登记): the district that will offer a place, and when. */
export const schoolAgeRegistration = z.object({
  citizenId,
  /** The school district covering the address given at registration. */
  districtId: z.string(),
  /** The school year the child enters primary school: the year they turn six by 31 August. */
  expectedEntryYear: z.number().int(),
  registeredOn: isoDate,
});
export type SchoolAgeRegistration = z.infer<typeof schoolAgeRegistration>;

/** Everything the education department knows about one person, in one record. */
export const personEducationView = z.object({
  citizenId,
  /** The person's enrolments, latest entry year first. */
  enrolments: z.array(enrolmentView),
  schoolAgeRegistration: schoolAgeRegistration.nullable(),
});
export type PersonEducationView = z.infer<typeof personEducationView>;

/** An address as the district resolution reads it: a division and one of its sub-district streets. */
export const districtAddress = z.object({
  divisionCode,
  /** Sub-district street (街道); may be empty, which no district covers. */
  street: z.string().max(100),
});
export type DistrictAddress = z.infer<typeof districtAddress>;

/** The most addresses one district resolution accepts, like the batch look-ups' limit on ids. */
export const MAX_ADDRESSES_PER_RESOLVE = 500;

/** A request to find the school district of each of several addresses. */
export const districtResolutionRequest = z.object({
  addresses: z.array(districtAddress).min(1).max(MAX_ADDRESSES_PER_RESOLVE),
});
export type DistrictResolutionRequest = z.infer<typeof districtResolutionRequest>;

/** The districts covering the addresses asked for, in the same order; null where none does. */
export const districtResolution = z.object({
  districts: z.array(schoolDistrictView.nullable()),
});
export type DistrictResolution = z.infer<typeof districtResolution>;

/** A public search for schools; every filter is optional and they combine with AND. */
export const schoolSearchRequest = z.object({
  divisionCode: divisionCode.optional(),
  stage: schoolStage.optional(),
});
export type SchoolSearchRequest = z.infer<typeof schoolSearchRequest>;

/** A request to register a child for a future school place (学龄登记). */
export const schoolAgeRegistrationRequest = z.object({
  citizenId,
  /** Must be the birth date the citizen ID encodes. */
  birthDate: isoDate,
  /** The division of the address the child lives at, normally the household's. */
  divisionCode,
  /** The sub-district street (街道) of that address. */
  street: z.string().trim().min(1).max(100),
});
export type SchoolAgeRegistrationRequest = z.input<typeof schoolAgeRegistrationRequest>;

/** The answer of every batch look-up. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/**
 * Why a child goes ahead of others on a school's waiting list (优先录取): a family on minimum living
 * assistance (低保) or a child supported as a person in extreme poverty (特困, which covers orphans),
 * both from civil affairs; a brother or sister already at the school (多孩家庭同校就读).
 */
export const enrolmentPriority = z.enum([
  'MINIMUM_LIVING_ASSISTANCE',
  'EXTREME_POVERTY_SUPPORT',
  'SIBLING_AT_SCHOOL',
]);
export type EnrolmentPriority = z.infer<typeof enrolmentPriority>;

/** A request to admit a child to the entry class of a primary school (小学入学). */
export const enrolmentRequest = z.object({
  citizenId,
  schoolId: schoolRecord.shape.id,
  /** The school year the class enters, e.g. 2027 for 2027–28. */
  entryYear: enrolmentRecord.shape.entryYear,
  /** The priority categories the child is in; any puts them ahead of those in none on the waiting list. */
  priorities: z.array(enrolmentPriority).max(enrolmentPriority.options.length).default([]),
});
export type EnrolmentRequest = z.input<typeof enrolmentRequest>;

/**
 * The department's decision on an enrolment request: a place (ENROLLED) while the entry class has
 * room, else a place on the school's waiting list (WAITLISTED) with its position.
 */
export const enrolmentDecision = z.object({
  /** The enrolment's id, e.g. `EN2027-004512`. */
  id: z.string().min(1),
  citizenId,
  schoolId: schoolRecord.shape.id,
  entryYear: enrolmentRecord.shape.entryYear,
  status: z.enum(['ENROLLED', 'WAITLISTED']),
  priorities: z.array(enrolmentPriority),
  /** The place on the waiting list, from 1, when the decision was made; null when ENROLLED. */
  waitlistPosition: z.number().int().min(1).nullable(),
});
export type EnrolmentDecision = z.infer<typeof enrolmentDecision>;
