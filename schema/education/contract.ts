/**
 * The contract of the education department's system (教育): schools, school districts (学区), pupils'
 * enrolments, school-age registrations (学龄登记) and primary-school admissions. The education
 * subgraph's client parses every answer with it and the department system parses every request with
 * it; `npm run compose` prints it as `schema/education/openapi.yaml`.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';
import {
  batchGet,
  defineContract,
  eventReceiver,
  idempotentWrite,
  read,
} from '../../lib/contract/endpoint.ts';
import { citizenId, divisionCode, isoDate } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import { HOUSEHOLD_ADDRESS_CHANGED, householdAddressChangedExample } from '../public-security/events.ts';

/** The stages of compulsory education a school teaches. */
export const schoolStage = z.enum(['PRIMARY', 'JUNIOR_SECONDARY']);
export type SchoolStage = z.infer<typeof schoolStage>;

const schoolId = z.string().regex(/^SCH\d{6}-\d{2}$/);
const districtId = z.string().regex(/^XQ\d{6}-\d{2}$/);
const entryYear = z
  .number()
  .int()
  .min(2000)
  .max(2100)
  .describe('The school year the class enters, e.g. 2026 for 2026–27.');

/** One year's entry class of a school: how many pupils were admitted and how many wait for a place. */
export const entryClassView = z
  .object({
    entryYear: z.number().int(),
    enrolled: z
      .number()
      .int()
      .min(0)
      .describe('Pupils admitted to the class: enrolled now or since graduated.'),
    waitlisted: z.number().int().min(0).describe('Pupils on the waiting list for the class.'),
  })
  .meta({ id: 'EntryClass', description: "One year's entry class of a school." });
export type EntryClassView = z.infer<typeof entryClassView>;

/** A school as the system answers: the register entry plus its entry classes, oldest first. */
export const schoolView = z
  .object({
    id: schoolId,
    name: z.string().min(1),
    stage: schoolStage,
    divisionCode,
    districtId,
    address: z.string().min(1),
    capacity: z.number().int().min(1).describe("Places in each year's entry class."),
    entryClasses: z.array(entryClassView).describe('Oldest first.'),
  })
  .meta({ id: 'School', description: 'A school of the register.' });
export type SchoolView = z.infer<typeof schoolView>;

/** A school district as the system answers: the register entry plus its schools' ids. */
export const schoolDistrictView = z
  .object({
    id: districtId.describe('District id, e.g. `XQ500103-01`.'),
    name: z.string().min(1),
    divisionCode,
    streets: z
      .array(z.string().min(1))
      .min(1)
      .describe('Sub-district streets (街道) whose households fall in it.'),
    schoolIds: z.array(z.string()),
  })
  .meta({ id: 'SchoolDistrict', description: 'A school district (学区).' });
export type SchoolDistrictView = z.infer<typeof schoolDistrictView>;

/** An enrolment as part of a person's record (the citizen ID is the person's). */
export const enrolmentView = z
  .object({
    id: z.string().min(1),
    schoolId,
    entryYear: entryYear.describe('The school year the pupil entered, e.g. 2024 for 2024–25.'),
    status: z.enum(['ENROLLED', 'WAITLISTED', 'GRADUATED']),
  })
  .meta({ id: 'SchoolEnrolment', description: "A pupil's enrolment at a school." });
export type EnrolmentView = z.infer<typeof enrolmentView>;

/** A child's school-age registration (学龄登记): the district that will offer a place, and when. */
export const schoolAgeRegistration = z
  .object({
    citizenId,
    districtId: z.string().describe('The school district covering the address given at registration.'),
    expectedEntryYear: z
      .number()
      .int()
      .describe('The school year the child enters primary school: the year they turn six by 31 August.'),
    registeredOn: isoDate,
  })
  .meta({ id: 'SchoolAgeRegistration', description: "A child's school-age registration (学龄登记)." });
export type SchoolAgeRegistration = z.infer<typeof schoolAgeRegistration>;

/** Everything the education department knows about one person, in one record. */
export const personEducationView = z
  .object({
    citizenId,
    enrolments: z.array(enrolmentView).describe('Latest entry year first.'),
    schoolAgeRegistration: schoolAgeRegistration.nullable(),
  })
  .meta({ id: 'PersonEducation', description: 'What the education department holds about one person.' });
export type PersonEducationView = z.infer<typeof personEducationView>;

/** An address as the district resolution reads it: a division and one of its sub-district streets. */
export const districtAddress = z
  .object({
    divisionCode,
    street: z
      .string()
      .max(100)
      .describe('Sub-district street (街道); may be empty, which no district covers.'),
  })
  .meta({ id: 'DistrictAddress', description: 'An address as the district resolution reads it.' });
export type DistrictAddress = z.infer<typeof districtAddress>;

/** The most addresses one district resolution accepts, like the batch look-ups' limit on ids. */
export const MAX_ADDRESSES_PER_RESOLVE = 500;

/** A request to find the school district of each of several addresses. */
export const districtResolutionRequest = z.object({
  addresses: z.array(districtAddress).min(1).max(MAX_ADDRESSES_PER_RESOLVE),
});
export type DistrictResolutionRequest = z.infer<typeof districtResolutionRequest>;

/** The districts covering the addresses asked for, in the same order; null where none does. */
export const districtResolution = z.object({ districts: z.array(schoolDistrictView.nullable()) });
export type DistrictResolution = z.infer<typeof districtResolution>;

/** A public search for schools; every filter is optional and they combine with AND. */
export const schoolSearchRequest = z.object({
  divisionCode: divisionCode.optional(),
  stage: schoolStage.optional(),
});
export type SchoolSearchRequest = z.infer<typeof schoolSearchRequest>;

/** A request to register a child for a future school place (学龄登记). */
export const schoolAgeRegistrationRequest = z
  .object({
    citizenId,
    birthDate: isoDate.describe('Must be the birth date the citizen ID encodes.'),
    divisionCode: divisionCode.describe(
      "The division of the address the child lives at, normally the household's.",
    ),
    street: z.string().trim().min(1).max(100).describe('The sub-district street (街道) of that address.'),
  })
  .meta({
    id: 'SchoolAgeRegistrationRequest',
    description: 'A request to register a child for a future school place.',
  });
export type SchoolAgeRegistrationRequest = z.input<typeof schoolAgeRegistrationRequest>;

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
export const enrolmentRequest = z
  .object({
    citizenId,
    schoolId,
    entryYear,
    priorities: z
      .array(enrolmentPriority)
      .max(enrolmentPriority.options.length)
      .default([])
      .describe(
        'The priority categories the child is in; any puts them ahead of those in none on the waiting list.',
      ),
  })
  .meta({
    id: 'EnrolmentRequest',
    description: 'A request to admit a child to the entry class of a primary school.',
  });
export type EnrolmentRequest = z.input<typeof enrolmentRequest>;

/**
 * The department's decision on an enrolment request: a place (ENROLLED) while the entry class has
 * room, else a place on the school's waiting list (WAITLISTED) with its position.
 */
export const enrolmentDecision = z
  .object({
    id: z.string().min(1).describe("The enrolment's id, e.g. `EN2027-004512`."),
    citizenId,
    schoolId,
    entryYear,
    status: z.enum(['ENROLLED', 'WAITLISTED']),
    priorities: z.array(enrolmentPriority),
    waitlistPosition: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe('The place on the waiting list, from 1, when the decision was made; null when ENROLLED.'),
  })
  .meta({ id: 'EnrolmentDecision', description: 'The decision on an enrolment request.' });
export type EnrolmentDecision = z.infer<typeof enrolmentDecision>;

const NEWBORN = composeCitizenId({
  divisionCode: '500112',
  birthDate: '2025-09-07',
  sequence: 1,
  sex: 'MALE',
});
/** A toddler no example registers, for refusals that must hold whatever the system's state. */
const TODDLER = composeCitizenId({
  divisionCode: '500112',
  birthDate: '2024-05-01',
  sequence: 9,
  sex: 'MALE',
});
const PUPIL = composeCitizenId({ divisionCode: '500112', birthDate: '2020-03-01', sequence: 7, sex: 'MALE' });

/** The education department system's contract. */
export const educationContract = defineContract({
  department: 'education',
  title: 'Education department system (教育)',
  version: '1.1.0',
  description:
    'Schools, school districts (学区), pupils’ enrolments, school-age registrations (学龄登记) and primary-school ' +
    'admissions (小学入学).',
  endpoints: {
    peopleBatchGet: batchGet({
      operationId: 'peopleBatchGet',
      path: '/v1/people/batch-get',
      summary: 'What the department holds about these people',
      item: personEducationView,
      exampleIds: ['500105201503106138'],
    }),
    schoolsBatchGet: batchGet({
      operationId: 'schoolsBatchGet',
      path: '/v1/schools/batch-get',
      summary: 'The schools with these ids',
      item: schoolView,
      exampleIds: ['SCH500112-01', 'SCH500112-03'],
    }),
    schoolDistrictsBatchGet: batchGet({
      operationId: 'schoolDistrictsBatchGet',
      path: '/v1/school-districts/batch-get',
      summary: 'The school districts with these ids',
      item: schoolDistrictView,
      exampleIds: ['XQ500112-02'],
    }),
    resolveSchoolDistricts: read({
      operationId: 'resolveSchoolDistricts',
      path: '/v1/school-districts/resolve',
      summary: 'The school district covering each address, in the order asked',
      request: districtResolutionRequest,
      answer: districtResolution,
      examples: {
        request: {
          addresses: [
            { divisionCode: '500112', street: '回兴街道' },
            { divisionCode: '500112', street: '' },
          ],
        },
      },
    }),
    searchSchools: read({
      operationId: 'searchSchools',
      path: '/v1/schools/search',
      summary: 'Schools by division and stage',
      request: schoolSearchRequest,
      answer: z.object({ items: z.array(schoolView) }),
      examples: { request: { divisionCode: '500112', stage: 'PRIMARY' } },
    }),
    registerSchoolAge: idempotentWrite({
      operationId: 'registerSchoolAge',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('education:write')],
      path: '/v1/school-age-registrations',
      summary: 'Registers a child for a future school place in the district of the address',
      request: schoolAgeRegistrationRequest,
      answer: schoolAgeRegistration,
      refusals: [
        { status: 409, code: 'SCHOOL_AGE_REGISTRATION_EXISTS', description: 'The child is registered.' },
        {
          status: 422,
          code: 'BIRTH_DATE_MISMATCH',
          description: 'The birth date is not the one the citizen ID encodes.',
        },
        { status: 422, code: 'PAST_SCHOOL_ENTRY', description: 'The child has already started school.' },
        {
          status: 422,
          code: 'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
          description: 'No district covers the address.',
        },
      ],
      examples: {
        request: { citizenId: NEWBORN, birthDate: '2025-09-07', divisionCode: '500112', street: '回兴街道' },
        otherRequest: {
          citizenId: NEWBORN,
          birthDate: '2025-09-07',
          divisionCode: '500112',
          street: '双龙湖街道',
        },
        refusals: [
          // Another department's write scope is not education's.
          {
            code: 'FORBIDDEN',
            as: parseIdentity('staff:health:health:write'),
            request: {
              citizenId: NEWBORN,
              birthDate: '2025-09-07',
              divisionCode: '500112',
              street: '回兴街道',
            },
          },
          {
            code: 'BIRTH_DATE_MISMATCH',
            request: {
              citizenId: PUPIL,
              birthDate: '2020-03-02',
              divisionCode: '500112',
              street: '回兴街道',
            },
          },
          {
            code: 'PAST_SCHOOL_ENTRY',
            request: {
              citizenId: '500105201503106138',
              birthDate: '2015-03-10',
              divisionCode: '500112',
              street: '回兴街道',
            },
          },
          {
            code: 'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
            request: {
              citizenId: TODDLER,
              birthDate: '2024-05-01',
              divisionCode: '500112',
              street: '无此街道',
            },
          },
        ],
        refusalsAfter: [
          // Registered in the 回兴 district by the valid request: another district's street is refused.
          {
            code: 'SCHOOL_AGE_REGISTRATION_EXISTS',
            request: {
              citizenId: NEWBORN,
              birthDate: '2025-09-07',
              divisionCode: '500112',
              street: '龙溪街道',
            },
          },
        ],
      },
    }),
    enrolPupil: idempotentWrite({
      operationId: 'enrolPupil',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('education:write')],
      path: '/v1/enrolments',
      summary: 'Admits a child to the entry class of a primary school, or puts them on its waiting list',
      description:
        'A repeat for the same child, school and year answers the enrolment there; one enrolment per child and year.',
      request: enrolmentRequest,
      answer: enrolmentDecision,
      refusals: [
        { status: 404, code: 'SCHOOL_NOT_FOUND', description: 'No school has this id.' },
        {
          status: 409,
          code: 'ENROLMENT_EXISTS',
          description: 'The child has an enrolment for the year at another school.',
        },
        {
          status: 422,
          code: 'NOT_A_PRIMARY_SCHOOL',
          description: 'Children enter school at a primary school.',
        },
      ],
      examples: {
        request: { citizenId: PUPIL, schoolId: 'SCH500112-03', entryYear: 2026 },
        otherRequest: {
          citizenId: PUPIL,
          schoolId: 'SCH500112-03',
          entryYear: 2026,
          priorities: ['SIBLING_AT_SCHOOL'],
        },
        refusals: [
          // A parent applies through the service-center, never to the department directly.
          {
            code: 'FORBIDDEN',
            as: parseIdentity('500112198702182917'),
            request: { citizenId: PUPIL, schoolId: 'SCH500112-03', entryYear: 2026 },
          },
          {
            code: 'SCHOOL_NOT_FOUND',
            request: { citizenId: PUPIL, schoolId: 'SCH500112-99', entryYear: 2026 },
          },
          {
            code: 'NOT_A_PRIMARY_SCHOOL',
            request: { citizenId: PUPIL, schoolId: 'SCH500112-02', entryYear: 2026 },
          },
        ],
        refusalsAfter: [
          {
            code: 'ENROLMENT_EXISTS',
            request: { citizenId: PUPIL, schoolId: 'SCH500112-01', entryYear: 2026 },
          },
        ],
      },
    }),
    receiveEvent: eventReceiver({
      types: [HOUSEHOLD_ADDRESS_CHANGED],
      example: householdAddressChangedExample,
    }),
  },
});
