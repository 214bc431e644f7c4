/**
 * The school enrolment errand (教育入学一件事) as a dependency graph:
 *
 *   checks (parallel): hukou & address (public security, read at submission) · vaccination record
 *                      (health) · assistance household (civil affairs) · age, district, places
 *                      and siblings (education)
 *   → the place: enrolled, or on the waiting list (education)
 *
 * The child's guardians were checked before the application was created. The checks read on the
 * child's behalf — the child's own records and those of the household the register lets the child
 * see — as the guardian who applied may; the act is the applicant's. A question the rules cannot
 * settle (an address no district covers) puts the application to a person instead of acting.
 */
import { text, worded } from '../../../lib/i18n/messages.ts';
import type { Departments } from '../departments.ts';
import { type ErrandDefinition, type StepOutcome, stepsFor } from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import { EnrolmentAssistanceDocument } from '../generated/civil-affairs.generated.ts';
import { EnrolmentPlacesDocument, EnrolPupilDocument } from '../generated/education.generated.ts';
import { EnrolmentVaccinationDocument } from '../generated/health.generated.ts';
import { READABLE_PERSONS_SENDS, readablePersons, selectedEntity } from '../representations.ts';
import { SCHOOL_ENROLMENT, type SchoolEnrolmentInput } from './application.ts';
import {
  alreadyInSchoolViolations,
  assistancePriorities,
  chooseSchool,
  type DecisionNote,
  districtReviews,
  type EnrolmentPriority,
  householdViolations,
  type SchoolChoice,
  schoolAgeViolations,
  siblingSchool,
  type VaccinationFacts,
} from './rules.ts';
import { MAY_READ_CHILD, READ_CHILD } from './submit.ts';

const step = stepsFor<SchoolEnrolmentInput>();

/**
 * What the education check hands on: the school district of the address and, when the district has a
 * primary school, the school to ask a place at — nothing when no district covers the address.
 */
type SchoolPlaces =
  | {
      districtId: string;
      districtName: string;
      schoolId?: string;
      schoolName?: string;
      notes?: DecisionNote[];
      priorities: EnrolmentPriority[];
    }
  | Record<string, never>;

/** What the school enrolment errand needs from its surroundings. */
export interface SchoolEnrolmentErrandDependencies {
  departments: Departments;
}

const known = (...people: Array<string | null>) =>
  people.filter((citizenId): citizenId is string => citizenId !== null);

/** Doses due before the child's sixth birthday and not given: what the school entry check misses. */
function missingDoses(
  birthDate: string,
  schedule: ReadonlyArray<{ vaccineName: string; doseNumber: number; dueOn: string; status: string }>,
): string[] {
  const sixthBirthday = `${Number(birthDate.slice(0, 4)) + 6}${birthDate.slice(4)}`;
  return schedule
    .filter((dose) => dose.dueOn < sixthBirthday && dose.status !== 'GIVEN')
    .map((dose) => `${dose.vaccineName} 第${dose.doseNumber}剂`);
}

/** Builds the school enrolment errand's definition. */
export function schoolEnrolmentErrand(
  deps: SchoolEnrolmentErrandDependencies,
): ErrandDefinition<SchoolEnrolmentInput> {
  const { departments } = deps;

  const checkHousehold = step({
    name: 'checkHousehold',
    title: '户籍及监护人核验',
    department: 'public-security',
    kind: 'CHECK',
    needs: {},
    // The register was read when the application was made (it decided who may apply); the rule is
    // judged on those facts.
    run: async ({ input }) => ({
      result: { householdId: input.child.householdId, address: input.child.address },
      reference: input.child.householdId,
      violations: householdViolations(input.child),
    }),
  });

  const checkVaccination = step({
    name: 'checkVaccination',
    title: '预防接种证查验',
    department: 'health',
    kind: 'CHECK',
    needs: {},
    sends: [EnrolmentVaccinationDocument],
    run: async (context) => {
      const { input } = context;
      const child = input.child.citizenId;
      const data = await departments.of('health', context, child).execute(EnrolmentVaccinationDocument, {
        representations: [{ __typename: 'Person', citizenId: child }],
      });
      const record = selectedEntity(data._entities[0], 'vaccinationRecord')?.vaccinationRecord ?? null;
      const facts: VaccinationFacts | null = record && {
        completeForSchoolEntry: record.completeForSchoolEntry,
        clinic: record.clinic.name,
        missingDoses: missingDoses(input.child.birthDate, record.schedule),
      };
      return { result: { vaccination: facts }, reference: record?.id };
    },
  });

  const checkPriority = step({
    name: 'checkPriority',
    title: '优先录取资格核验（社会救助）',
    department: 'civil-affairs',
    kind: 'CHECK',
    needs: {},
    sends: [...READABLE_PERSONS_SENDS, EnrolmentAssistanceDocument],
    run: async (context) => {
      const { child } = context.input;
      const persons = await readablePersons(
        departments,
        context,
        child.citizenId,
        known(child.citizenId, child.fatherCitizenId, child.motherCitizenId),
      );
      const data = await departments.of('civil-affairs', context, child.citizenId).execute(
        EnrolmentAssistanceDocument,
        { representations: [...persons, { __typename: 'Household', id: child.householdId }] },
        // A household case the child is no member of is not the child's to read: no priority from it.
        { allowRefusedParts: true },
      );
      const cases = data._entities.flatMap((entity) => {
        const assistanceCase = selectedEntity(entity, 'assistanceCase')?.assistanceCase;
        return assistanceCase?.status === 'ACTIVE' ? [assistanceCase] : [];
      });
      const caseIds = [...new Set(cases.map((c) => c.id))];
      return {
        result: { priorities: assistancePriorities(cases.map((c) => c.kind)), caseIds },
        reference: caseIds[0],
      };
    },
  });

  const checkSchoolPlaces = step({
    name: 'checkSchoolPlaces',
    title: '学区及学位核验',
    department: 'education',
    kind: 'CHECK',
    needs: {},
    sends: [...READABLE_PERSONS_SENDS, EnrolmentPlacesDocument],
    run: async (context): Promise<StepOutcome<SchoolPlaces>> => {
      const { child, entryYear, preferredSchoolId } = context.input;
      // Read on the applying parent's behalf: a parent reads their minor children (the child and its
      // siblings) in full, where the child may not read its siblings. The child first: it is always
      // readable, so `_entities[0]` is the child's.
      const reader = context.application?.applicantCitizenId ?? child.citizenId;
      const persons = await readablePersons(departments, context, reader, [
        child.citizenId,
        ...child.siblingCitizenIds,
      ]);
      const data = await departments.of('education', context, reader).execute(EnrolmentPlacesDocument, {
        divisionCode: child.divisionCode,
        street: child.street,
        entryYear,
        representations: persons,
        withPreferred: preferredSchoolId !== null,
        ...(preferredSchoolId ? { preferredSchoolId } : {}),
      });
      const [own, ...siblings] = data._entities.map(
        (entity) => selectedEntity(entity, 'enrolments')?.enrolments ?? [],
      );
      const violations = [
        ...schoolAgeViolations(child.birthDate, entryYear),
        ...alreadyInSchoolViolations(own ?? [], entryYear),
      ];
      const district = data.schoolDistrictForAddress;
      const reviews = districtReviews(child, district);
      if (!district) return { result: {}, violations, reviews };
      // A place already made for this year (e.g. at the window) is the one to ask for again.
      const current = (own ?? []).find(
        (e) => e.entryYear === entryYear && (e.status === 'ENROLLED' || e.status === 'WAITLISTED'),
      );
      const siblingSchoolId = siblingSchool(siblings.flat(), district.id, entryYear);
      const choice: SchoolChoice | undefined = current
        ? { schoolId: current.school.id, schoolName: current.school.name, notes: [] }
        : chooseSchool(district.id, district.schools, {
            requestedId: preferredSchoolId,
            found: data.preferred ?? null,
            siblingSchoolId,
          });
      if (!choice) {
        reviews.push({
          rule: 'PRIMARY_SCHOOL_IN_DISTRICT',
          department: 'education',
          ...worded(text('review.noPrimarySchool', { district: district.name })),
        });
      }
      const priorities: EnrolmentPriority[] =
        siblingSchoolId === choice?.schoolId ? ['SIBLING_AT_SCHOOL'] : [];
      return {
        result: { districtId: district.id, districtName: district.name, ...choice, priorities },
        reference: district.id,
        violations,
        reviews,
      };
    },
  });

  const enrol = step({
    name: 'enrol',
    title: '入学录取',
    department: 'education',
    kind: 'ACT',
    needs: { places: checkSchoolPlaces, priority: checkPriority },
    sends: [EnrolPupilDocument],
    run: async (context) => {
      const { places, priority } = context.needs;
      const schoolId = places.schoolId;
      if (typeof schoolId !== 'string') {
        throw new StepError('education', 'DEPARTMENT_REJECTED', 'no school was chosen for the child', false);
      }
      const priorities = [...priority.priorities, ...(places.priorities ?? [])];
      const data = await departments.of('education', context).execute(EnrolPupilDocument, {
        input: {
          citizenId: context.input.child.citizenId,
          schoolId,
          entryYear: context.input.entryYear,
          priorities,
        },
        key: context.idempotencyKey,
      });
      const { enrolment, waitlistPosition } = data.enrolPupil;
      return {
        result: {
          enrolmentId: enrolment.id,
          status: enrolment.status,
          schoolId: enrolment.school.id,
          schoolName: enrolment.school.name,
          waitlistPosition,
          priorities: data.enrolPupil.priorities,
        },
        reference: enrolment.id,
      };
    },
  });

  return {
    kind: SCHOOL_ENROLMENT,
    lookUps: [READ_CHILD, MAY_READ_CHILD],
    steps: [checkHousehold, checkVaccination, checkPriority, checkSchoolPlaces, enrol],
  };
}
