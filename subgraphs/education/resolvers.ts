/**
 * Resolvers of the education subgraph: schools, school districts, pupils' enrolments and children's
 * school-age registration, and the school district of a household's address. Schools and districts
 * are public; a person's records are answered once the caller may read them (see `access.ts`); the
 * department's acts are for the service-center and the department's staff only. The child a
 * registration names appears whole to whom may read them (`context.entitled`), masked otherwise.
 */

import { divisionOf } from '../../lib/divisions.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';
import type {
  EnrolmentDecision,
  EnrolmentRequest,
  EnrolmentView,
  SchoolAgeRegistration,
  SchoolAgeRegistrationRequest,
  SchoolDistrictView,
  SchoolStage,
  SchoolView,
} from '../../schema/education/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import type { PersonReference } from './access.ts';
import { DEPARTMENT } from './client.ts';
import { addressKey, type EducationContext } from './context.ts';

const SCHOOL_ID = /^SCH\d{6}-\d{2}$/;
const DISTRICT_ID = /^XQ\d{6}-\d{2}$/;
const DIVISION_CODE = /^[1-9]\d{5}$/;
const MAX_STREET_LENGTH = 100;
/** The school years the register holds (its records' `entryYear`). */
const FIRST_ENTRY_YEAR = 2000;
const LAST_ENTRY_YEAR = 2100;

/** A household as the gateway sends it: its key and, by `@requires`, its address. */
interface HouseholdReference {
  id: string;
  address?: { divisionCode: string; street: string };
}

/** Throws `BAD_USER_INPUT` unless `value` matches `pattern`, saying what was expected. */
function requireFormat(argument: string, value: string, pattern: RegExp, expected: Text): string {
  if (!pattern.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected, got: JSON.stringify(value) }),
    );
  }
  return value;
}

function requireDivisionCode(argument: string, value: string): string {
  return requireFormat(argument, value, DIVISION_CODE, text('expected.divisionCode'));
}

function requireStreet(argument: string, value: string): string {
  if (value.length > MAX_STREET_LENGTH) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'LENGTH',
      text('input.tooLong', { argument, max: MAX_STREET_LENGTH, length: value.length }),
    );
  }
  return value;
}

/** Throws `BAD_USER_INPUT` unless `value` is a real calendar date `YYYY-MM-DD`. */
function requireDate(argument: string, value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  ) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected: text('expected.date'), got: JSON.stringify(value) }),
    );
  }
  return value;
}

/** The `Division` object of a division code. */
function divisionObject(code: string) {
  const division = divisionOf(code);
  return { code, name: division?.name ?? null, province: division?.province ?? null };
}

/** Loads a school a record refers to: a dangling reference is a data error, not a null. */
async function existingSchool(context: EducationContext, id: string): Promise<SchoolView> {
  const school = await context.schools.load(id);
  if (!school) throw new Error(`education register refers to unknown school ${id}`);
  return school;
}

/** Loads a district a record refers to: a dangling reference is a data error, not a null. */
async function existingDistrict(context: EducationContext, id: string): Promise<SchoolDistrictView> {
  const district = await context.districts.load(id);
  if (!district) throw new Error(`education register refers to unknown school district ${id}`);
  return district;
}

/**
 * What education holds about a person, once the caller may read it; null for a person it does not
 * know.
 *
 * @throws GraphQLError `UNAUTHENTICATED` or `FORBIDDEN` when the caller may not read the person
 */
async function recordsOf(context: EducationContext, person: PersonReference) {
  await context.personAccess.load(person);
  return context.people.load(person.citizenId);
}

/** Pupils admitted to a school's entry class of `entryYear`. */
function enrolledIn(school: SchoolView, entryYear: number): number {
  return school.entryClasses.find((entryClass) => entryClass.entryYear === entryYear)?.enrolled ?? 0;
}

export const resolvers: SubgraphResolvers<EducationContext> = {
  Query: {
    school: (_: unknown, args: { id: string }, context: EducationContext) =>
      context.schools.load(requireFormat('id', args.id, SCHOOL_ID, text('expected.schoolId'))),

    schools: async (
      _: unknown,
      args: { divisionCode?: string | null; stage?: SchoolStage | null },
      context: EducationContext,
    ) => {
      const divisionCode =
        args.divisionCode == null ? undefined : requireDivisionCode('divisionCode', args.divisionCode);
      const schools = await context.client.searchSchools({ divisionCode, stage: args.stage ?? undefined });
      for (const school of schools) context.schools.prime(school.id, school);
      return schools;
    },

    schoolDistrict: (_: unknown, args: { id: string }, context: EducationContext) =>
      context.districts.load(requireFormat('id', args.id, DISTRICT_ID, text('expected.districtId'))),

    schoolDistrictForAddress: (
      _: unknown,
      args: { divisionCode: string; street: string },
      context: EducationContext,
    ) =>
      context.districtsByAddress.load(
        addressKey(
          requireDivisionCode('divisionCode', args.divisionCode),
          requireStreet('street', args.street),
        ),
      ),
  },

  Mutation: {
    registerSchoolAge: async (
      _: unknown,
      args: { input: SchoolAgeRegistrationRequest; idempotencyKey: string },
      context: EducationContext,
    ) => {
      requireActCaller(context.identity, DEPARTMENT);
      const { input } = args;
      const idempotencyKey = requireIdempotencyKey(DEPARTMENT, args.idempotencyKey);
      const request: SchoolAgeRegistrationRequest = {
        citizenId: requireCitizenId(DEPARTMENT, 'input.citizenId', input.citizenId),
        birthDate: requireDate('input.birthDate', input.birthDate),
        divisionCode: requireDivisionCode('input.divisionCode', input.divisionCode),
        street: requireStreet('input.street', input.street),
      };
      // Never retried here: the idempotency key is what makes a repeat by the caller safe.
      const registration = await context.client.registerSchoolAge(request, idempotencyKey);
      // The caller named the child: the answer shows them whole.
      context.entitled.add(request.citizenId);
      return registration;
    },

    enrolPupil: (
      _: unknown,
      args: { input: Required<EnrolmentRequest>; idempotencyKey: string },
      context: EducationContext,
    ) => {
      requireActCaller(context.identity, DEPARTMENT);
      const { input } = args;
      const idempotencyKey = requireIdempotencyKey(DEPARTMENT, args.idempotencyKey);
      if (input.entryYear < FIRST_ENTRY_YEAR || input.entryYear > LAST_ENTRY_YEAR) {
        throw badUserInput(
          DEPARTMENT,
          'input.entryYear',
          'RANGE',
          text('input.range', {
            argument: 'input.entryYear',
            first: FIRST_ENTRY_YEAR,
            last: LAST_ENTRY_YEAR,
            got: input.entryYear,
          }),
        );
      }
      const request: EnrolmentRequest = {
        citizenId: requireCitizenId(DEPARTMENT, 'input.citizenId', input.citizenId),
        schoolId: requireFormat('input.schoolId', input.schoolId, SCHOOL_ID, text('expected.schoolId')),
        entryYear: input.entryYear,
        priorities: input.priorities,
      };
      // Never retried here, like every act: the caller's idempotency key makes its own repeat safe.
      return context.client.enrol(request, idempotencyKey);
    },
  },

  PupilEnrolment: {
    enrolment: (decision: EnrolmentDecision): EnrolmentView => ({
      id: decision.id,
      schoolId: decision.schoolId,
      entryYear: decision.entryYear,
      status: decision.status,
    }),
  },

  Person: {
    // The grant travels with the person to every field, which checks it before answering.
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    enrolments: async (person: PersonReference, _: unknown, context: EducationContext) =>
      (await recordsOf(context, person))?.enrolments ?? [],
    schoolAgeRegistration: async (person: PersonReference, _: unknown, context: EducationContext) =>
      (await recordsOf(context, person))?.schoolAgeRegistration ?? null,
    educationDataUses: async (person: PersonReference, _: unknown, context: EducationContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },

  Household: {
    __resolveReference: (reference: HouseholdReference) => reference,
    schoolDistrict: (household: HouseholdReference, _: unknown, context: EducationContext) => {
      const address = household.address;
      // Only a well-formed division can lie in a district; anything else would fail the whole batch.
      if (!address || !DIVISION_CODE.test(address.divisionCode) || address.street.length > MAX_STREET_LENGTH)
        return null;
      return context.districtsByAddress.load(addressKey(address.divisionCode, address.street));
    },
  },

  School: {
    __resolveReference: (reference: { id: string }, context: EducationContext) =>
      context.schools.load(reference.id),
    division: (school: SchoolView) => divisionObject(school.divisionCode),
    district: (school: SchoolView, _: unknown, context: EducationContext) =>
      existingDistrict(context, school.districtId),
    enrolledCount: (school: SchoolView, args: { entryYear: number }) => enrolledIn(school, args.entryYear),
    placesLeft: (school: SchoolView, args: { entryYear: number }) =>
      Math.max(0, school.capacity - enrolledIn(school, args.entryYear)),
  },

  SchoolDistrict: {
    __resolveReference: (reference: { id: string }, context: EducationContext) =>
      context.districts.load(reference.id),
    division: (district: SchoolDistrictView) => divisionObject(district.divisionCode),
    schools: (district: SchoolDistrictView, _: unknown, context: EducationContext) =>
      Promise.all(district.schoolIds.map((id) => existingSchool(context, id))),
  },

  Enrolment: {
    school: (enrolment: EnrolmentView, _: unknown, context: EducationContext) =>
      existingSchool(context, enrolment.schoolId),
  },

  SchoolAgeRegistration: {
    child: (registration: SchoolAgeRegistration, _: unknown, context: EducationContext): PersonReference =>
      context.entitled.reference(registration.citizenId),
    district: (registration: SchoolAgeRegistration, _: unknown, context: EducationContext) =>
      existingDistrict(context, registration.districtId),
  },
};
