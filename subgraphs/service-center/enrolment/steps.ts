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
import type { Departments } from '../departments.ts';
import type { ErrandDefinition, StepContext, StepDefinition } from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import { readablePersons } from '../representations.ts';
import { SCHOOL_ENROLMENT, type SchoolEnrolmentInput } from './application.ts';
import {
  alreadyInSchoolViolations,
  assistancePriorities,
  chooseSchool,
  type DistrictSchool,
  districtReviews,
  type EnrolmentFacts,
  type EnrolmentPriority,
  householdViolations,
  type PreferredSchool,
  type SchoolChoice,
  schoolAgeViolations,
  siblingSchool,
  type VaccinationFacts,
} from './rules.ts';

type Step = StepDefinition<SchoolEnrolmentInput>;
type Context = StepContext<SchoolEnrolmentInput>;

/** What the school enrolment errand needs from its surroundings. */
export interface SchoolEnrolmentErrandDependencies {
  departments: Departments;
}

const known = (...people: Array<string | null>) =>
  people.filter((citizenId): citizenId is string => citizenId !== null);

interface ScheduledDose {
  vaccineName: string;
  doseNumber: number;
  dueOn: string;
  status: string;
}

/** Doses due before the child's sixth birthday and not given: what the school entry check misses. */
function missingDoses(birthDate: string, schedule: ScheduledDose[]): string[] {
  const sixthBirthday = `${Number(birthDate.slice(0, 4)) + 6}${birthDate.slice(4)}`;
  return schedule
    .filter((dose) => dose.dueOn < sixthBirthday && dose.status !== 'GIVEN')
    .map((dose) => `${dose.vaccineName} 第${dose.doseNumber}剂`);
}

interface PlacesAnswer {
  schoolDistrictForAddress: { id: string; name: string; schools: DistrictSchool[] } | null;
  preferred?: PreferredSchool | null;
  _entities: Array<{ citizenId: string; enrolments: EnrolmentFacts[] | null } | null>;
}

/** The education check's question: the district, its schools' places, and the family's enrolments. */
function placesQuery(withPreferred: boolean): string {
  return `query EnrolmentPlaces($divisionCode: String!, $street: String!, $entryYear: Int!, $representations: [_Any!]!${withPreferred ? ', $preferredSchoolId: ID!' : ''}) {
    schoolDistrictForAddress(divisionCode: $divisionCode, street: $street) {
      id name schools { id name stage placesLeft(entryYear: $entryYear) }
    }
    ${withPreferred ? 'preferred: school(id: $preferredSchoolId) { id name stage district { id } }' : ''}
    _entities(representations: $representations) {
      ... on Person { citizenId enrolments { entryYear status school { id name stage district { id } } } }
    }
  }`;
}

/** Builds the school enrolment errand's definition. */
export function schoolEnrolmentErrand(
  deps: SchoolEnrolmentErrandDependencies,
): ErrandDefinition<SchoolEnrolmentInput> {
  const { departments } = deps;

  const checkHousehold: Step = {
    name: 'checkHousehold',
    title: '户籍及监护人核验',
    department: 'public-security',
    kind: 'CHECK',
    dependsOn: [],
    // The register was read when the application was made (it decided who may apply); the rule is
    // judged on those facts.
    run: async ({ input }) => ({
      result: { householdId: input.child.householdId, address: input.child.address },
      reference: input.child.householdId,
      violations: householdViolations(input.child),
    }),
  };

  const checkVaccination: Step = {
    name: 'checkVaccination',
    title: '预防接种证查验',
    department: 'health',
    kind: 'CHECK',
    dependsOn: [],
    run: async ({ input, application }) => {
      const child = input.child.citizenId;
      const data = await departments.of('health', application, child).execute<{
        _entities: Array<{
          vaccinationRecord: {
            id: string;
            completeForSchoolEntry: boolean;
            clinic: { name: string };
            schedule: ScheduledDose[];
          } | null;
        } | null>;
      }>(
        `query EnrolmentVaccination($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Person {
              vaccinationRecord {
                id completeForSchoolEntry clinic { name } schedule { vaccineName doseNumber dueOn status }
              }
            }
          }
        }`,
        { representations: [{ __typename: 'Person', citizenId: child }] },
      );
      const record = data._entities[0]?.vaccinationRecord ?? null;
      const facts: VaccinationFacts | null = record && {
        completeForSchoolEntry: record.completeForSchoolEntry,
        clinic: record.clinic.name,
        missingDoses: missingDoses(input.child.birthDate, record.schedule),
      };
      return { result: { vaccination: facts }, reference: record?.id };
    },
  };

  const checkPriority: Step = {
    name: 'checkPriority',
    title: '优先录取资格核验（社会救助）',
    department: 'civil-affairs',
    kind: 'CHECK',
    dependsOn: [],
    run: async ({ input, application }) => {
      const { child } = input;
      const persons = await readablePersons(
        departments,
        application,
        child.citizenId,
        known(child.citizenId, child.fatherCitizenId, child.motherCitizenId),
      );
      const data = await departments.of('civil-affairs', application, child.citizenId).execute<{
        _entities: Array<{ assistanceCase: { id: string; kind: string; status: string } | null } | null>;
      }>(
        `query EnrolmentAssistance($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Person { assistanceCase { id kind status } }
            ... on Household { assistanceCase { id kind status } }
          }
        }`,
        { representations: [...persons, { __typename: 'Household', id: child.householdId }] },
        // A household case the child is no member of is not the child's to read: no priority from it.
        { allowRefusedParts: true },
      );
      const cases = data._entities
        .map((entity) => entity?.assistanceCase)
        .filter((c): c is { id: string; kind: string; status: string } => c?.status === 'ACTIVE');
      const caseIds = [...new Set(cases.map((c) => c.id))];
      return {
        result: { priorities: assistancePriorities(cases.map((c) => c.kind)), caseIds },
        reference: caseIds[0],
      };
    },
  };

  const checkSchoolPlaces: Step = {
    name: 'checkSchoolPlaces',
    title: '学区及学位核验',
    department: 'education',
    kind: 'CHECK',
    dependsOn: [],
    run: async ({ input, application }) => {
      const { child, entryYear, preferredSchoolId } = input;
      // The child first: its own record is always readable, so `_entities[0]` is the child's.
      const persons = await readablePersons(departments, application, child.citizenId, [
        child.citizenId,
        ...child.siblingCitizenIds,
      ]);
      const data = await departments
        .of('education', application, child.citizenId)
        .execute<PlacesAnswer>(placesQuery(preferredSchoolId !== null), {
          divisionCode: child.divisionCode,
          street: child.street,
          entryYear,
          representations: persons,
          ...(preferredSchoolId ? { preferredSchoolId } : {}),
        });
      const [own, ...siblings] = data._entities.map((entity) => entity?.enrolments ?? []);
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
          message: `school district ${district.name} has no primary school; the education office assigns one by hand`,
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
  };

  const enrol: Step = {
    name: 'enrol',
    title: '入学录取',
    department: 'education',
    kind: 'ACT',
    dependsOn: [],
    run: async (context: Context) => {
      const places = context.results.checkSchoolPlaces ?? {};
      const schoolId = places.schoolId;
      if (typeof schoolId !== 'string') {
        throw new StepError('education', 'DEPARTMENT_REJECTED', 'no school was chosen for the child', false);
      }
      const priorities = [
        ...((context.results.checkPriority?.priorities as EnrolmentPriority[] | undefined) ?? []),
        ...((places.priorities as EnrolmentPriority[] | undefined) ?? []),
      ];
      const data = await departments.of('education', context.application).execute<{
        enrolPupil: {
          enrolment: { id: string; status: 'ENROLLED' | 'WAITLISTED'; school: { id: string; name: string } };
          waitlistPosition: number | null;
          priorities: EnrolmentPriority[];
        };
      }>(
        `mutation EnrolPupil($input: PupilEnrolmentInput!, $key: String!) {
          enrolPupil(input: $input, idempotencyKey: $key) {
            enrolment { id status school { id name } } waitlistPosition priorities
          }
        }`,
        {
          input: {
            citizenId: context.input.child.citizenId,
            schoolId,
            entryYear: context.input.entryYear,
            priorities,
          },
          key: context.idempotencyKey,
        },
      );
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
  };

  return {
    kind: SCHOOL_ENROLMENT,
    steps: [checkHousehold, checkVaccination, checkPriority, checkSchoolPlaces, enrol],
  };
}
