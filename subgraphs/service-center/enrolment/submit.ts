/**
 * Submitting a school enrolment application: check the input, read the child from the public-security
 * register, make sure the caller is the child's guardian (or staff allowed to apply for the family at
 * the education office or the service-center's window), and create the application — or find the one that already exists for the same key or the
 * same child and school year. Nothing is created for a caller who may not apply.
 */

import type { Identity } from '../../../lib/auth/identity.ts';
import { isMaskedCitizenId } from '../../../lib/citizenId.ts';
import { localizedError } from '../../../lib/i18n/errors.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { forbidden } from '../../kit/access.ts';
import { requireCitizenId } from '../../kit/citizenIdArgument.ts';
import { badUserInput } from '../../kit/errors.ts';
import { type Applicant, applicantOf, DEPARTMENT } from '../access.ts';
import { type ApplicationDesk, findOrCreateApplication } from '../applicationDesk.ts';
import type { Departments } from '../departments.ts';
import type { Sender } from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import {
  EnrolmentChildDocument,
  type EnrolmentChildQuery,
  EnrolmentGuardianDocument,
} from '../generated/public-security.generated.ts';
import type { ApplicationRow } from '../store.ts';
import {
  type ChildFacts,
  entryYearOn,
  parentsOfChild,
  SCHOOL_ENROLMENT,
  type SchoolEnrolmentInput,
} from './application.ts';

/** The GraphQL input of applySchoolEnrolment. */
export interface ApplySchoolEnrolmentInput {
  childCitizenId: string;
  preferredSchoolId?: string | null;
  idempotencyKey?: string | null;
}

/** What submission needs: the service-center's store, engine, departments, clock and today. */
export interface EnrolmentDesk extends ApplicationDesk {
  departments: Departments;
  /** Today's date in China Standard Time, `YYYY-MM-DD`: it decides the school year applied for. */
  today: () => string;
}

const SCHOOL_ID = /^SCH\d{6}-\d{2}$/;
/** The education office's staff scope that may apply for a family (as `service-center:write` may). */
const STAFF_SCOPE = 'education:write';

/** Working days the service promises for school enrolment (承诺办结时限). */
export const SCHOOL_ENROLMENT_PROMISE_WORKING_DAYS = 5;

function checkInput(input: ApplySchoolEnrolmentInput): {
  childCitizenId: string;
  preferredSchoolId: string | null;
} {
  const childCitizenId = requireCitizenId(DEPARTMENT, 'input.childCitizenId', input.childCitizenId);
  const preferredSchoolId = input.preferredSchoolId ?? null;
  if (preferredSchoolId !== null && !SCHOOL_ID.test(preferredSchoolId)) {
    throw badUserInput(
      DEPARTMENT,
      'input.preferredSchoolId',
      'FORMAT',
      text('enrolment.schoolIdFormat', { got: JSON.stringify(preferredSchoolId) }),
    );
  }
  const key = input.idempotencyKey;
  if (key != null && (key.length < 1 || key.length > 100)) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'LENGTH',
      text('serviceCenter.idempotencyKeyLength'),
    );
  }
  return { childCitizenId, preferredSchoolId };
}

/** The look-up of a submission: the child's register entry, read on the child's behalf. */
export const READ_CHILD: Sender = {
  errand: SCHOOL_ENROLMENT,
  name: 'readChild',
  role: 'look-up',
  sends: [EnrolmentChildDocument],
};

/** The look-up of a citizen's submission: may the citizen read the child's register entry at all. */
export const MAY_READ_CHILD: Sender = {
  errand: SCHOOL_ENROLMENT,
  name: 'mayReadChild',
  role: 'look-up',
  sends: [EnrolmentGuardianDocument],
};

/** The child's parents as a reader saw them: whole, or masked when the reader may not read them. */
interface ParentsSeen {
  father: string | null;
  mother: string | null;
}

/** A parent's ID as read, or null when it came masked: a masked ID names nobody the errand can use. */
function whole(citizenId: string | null | undefined): string | null {
  return citizenId && !isMaskedCitizenId(citizenId) ? citizenId : null;
}

/**
 * Reads the child from the population register (their own entry, household and siblings) on the
 * behalf of `reader`: a parent applying, who reads their minor children (the child and its siblings)
 * in full, else the child. Public security shows each reader only what the household rule allows:
 * parts the reader may not read come back null (a parent living elsewhere may not read the child's
 * household, so then it is read as the child). `parentsSeen` are the parents as the applicant saw
 * them (their own ID whole). Null when public security has no record.
 */
async function readChild(
  desk: EnrolmentDesk,
  citizenId: string,
  reader: string = citizenId,
  parentsSeen: ParentsSeen | null = null,
): Promise<ChildFacts | null> {
  const read = async (as: string): Promise<EnrolmentChildQuery> => {
    try {
      return await desk.departments
        .of('public-security', { sender: READ_CHILD }, as)
        .execute(EnrolmentChildDocument, { citizenId }, { allowRefusedParts: true });
    } catch (error) {
      throw registerUnreadable(error);
    }
  };
  let person = (await read(reader)).person;
  if (!person && reader !== citizenId) person = (await read(citizenId)).person;
  if (!person) return null;
  const fatherCitizenId = whole(person.father?.citizenId) ?? whole(parentsSeen?.father);
  const motherCitizenId = whole(person.mother?.citizenId) ?? whole(parentsSeen?.mother);
  const parents = [fatherCitizenId, motherCitizenId].filter(Boolean);
  return {
    citizenId: person.citizenId,
    name: person.name,
    birthDate: person.birthDate,
    hukouInMunicipality: person.hukouInMunicipality,
    householdId: person.household.id,
    divisionCode: person.household.address.divisionCode,
    street: person.household.address.street,
    address: person.household.address.formatted,
    fatherCitizenId,
    motherCitizenId,
    // Siblings the reader may read in full (a parent's own minor children); others come masked.
    siblingCitizenIds: person.household.members
      .filter(
        (member) =>
          member.citizenId !== person.citizenId &&
          !isMaskedCitizenId(member.citizenId) &&
          [member.father?.citizenId, member.mother?.citizenId].some((id) => id && parents.includes(id)),
      )
      .map((member) => member.citizenId),
  };
}

function registerUnreadable(error: unknown): unknown {
  if (!(error instanceof StepError)) return error;
  return localizedError(
    'enrolment.registerUnreadable',
    { detail: error.message },
    { extensions: { code: error.code, department: error.department } },
  );
}

/**
 * The child's parents as `citizenId` sees them when public security lets them read the child's entry
 * (a parent of a minor, or the child), null when it does not: asked on the caller's behalf before
 * anything about the child is read, so a stranger's request reads nothing.
 */
async function parentsSeenBy(
  desk: EnrolmentDesk,
  citizenId: string,
  childCitizenId: string,
): Promise<ParentsSeen | null> {
  try {
    const answer = await desk.departments
      .of('public-security', { sender: MAY_READ_CHILD }, citizenId)
      .execute(EnrolmentGuardianDocument, { citizenId: childCitizenId });
    const person = answer.person;
    return person
      ? { father: person.father?.citizenId ?? null, mother: person.mother?.citizenId ?? null }
      : null;
  } catch (error) {
    if (error instanceof StepError && error.code === 'FORBIDDEN') return null;
    throw registerUnreadable(error);
  }
}

/**
 * Who applies: a citizen must be the child's father or mother in the register; staff with
 * `education:write` (at the education office) or `service-center:write` (at the window) apply for the
 * family, on behalf of the mother (else the father, else the child), so the application shows among
 * the family's.
 *
 * @throws GraphQLError `FORBIDDEN` for a citizen who is not the child's parent, an unknown child alike;
 *   `BAD_USER_INPUT` when staff name a child the register does not know
 */
async function applicantFor(
  desk: EnrolmentDesk,
  caller: Applicant,
  identity: Identity,
  childCitizenId: string,
): Promise<{ child: ChildFacts; applicant: string; submittedBy: string }> {
  if (caller.kind === 'citizen') {
    // An unknown child and someone else's child answer alike: the answer tells a stranger nothing.
    // A parent reads their minor child (and its siblings, their own children) in full.
    const parents = await parentsSeenBy(desk, caller.citizenId, childCitizenId);
    const child = parents ? await readChild(desk, childCitizenId, caller.citizenId, parents) : null;
    if (!child || !parentsOfChild(child).includes(caller.citizenId)) {
      throw forbidden(DEPARTMENT, text('refused.notAParent', { child: childCitizenId }));
    }
    return { child, applicant: caller.citizenId, submittedBy: 'citizen' };
  }
  const child = await readChild(desk, childCitizenId);
  if (!child) {
    throw badUserInput(
      'public-security',
      'input.childCitizenId',
      'NOT_FOUND',
      text('enrolment.noRecord', { id: childCitizenId }),
    );
  }
  const applicant = child.motherCitizenId ?? child.fatherCitizenId ?? child.citizenId;
  const department = identity.kind === 'staff' ? identity.department : DEPARTMENT;
  return { child, applicant, submittedBy: `staff:${department}` };
}

/**
 * Submits a school enrolment application, or finds the existing one; answers its row (not yet settled).
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for a caller who may not apply
 *   for this child, `BAD_USER_INPUT` for bad input
 */
export async function submitSchoolEnrolment(
  desk: EnrolmentDesk,
  identity: Identity,
  input: ApplySchoolEnrolmentInput,
): Promise<ApplicationRow> {
  const caller = applicantOf(identity, text('errand.applyForSchool'), [STAFF_SCOPE]);
  const { childCitizenId, preferredSchoolId } = checkInput(input);
  const { child, applicant, submittedBy } = await applicantFor(desk, caller, identity, childCitizenId);
  const entryYear = entryYearOn(desk.today());
  const subjectKey = `${child.citizenId}/${entryYear}`;
  const stored: SchoolEnrolmentInput = { entryYear, preferredSchoolId, submittedBy, child };
  return findOrCreateApplication(desk, {
    kind: SCHOOL_ENROLMENT,
    numberPrefix: 'SE',
    applicantCitizenId: applicant,
    subjectKey,
    clientKey: input.idempotencyKey ?? null,
    input: stored,
    promiseWorkingDays: SCHOOL_ENROLMENT_PROMISE_WORKING_DAYS,
  });
}
