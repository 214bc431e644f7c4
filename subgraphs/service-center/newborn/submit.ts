/**
 * Submitting a newborn application: check who applies and the input, read the hospital's birth record
 * (the one fact set the family cannot be asked for), and create the application — or find the one
 * that already exists for the same key or the same birth. Only the mother or the father the report
 * names may apply (or staff at the window, for the mother); nothing is created for anyone else.
 */

import type { Identity } from '../../../lib/auth/identity.ts';
import { localizedError } from '../../../lib/i18n/errors.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { BIRTH_RECORD_ID } from '../../../schema/health/contract.ts';
import { forbidden } from '../../kit/access.ts';
import { badUserInput } from '../../kit/errors.ts';
import { type Applicant, applicantOf, DEPARTMENT } from '../access.ts';
import { newApplicationId } from '../applicationNumber.ts';
import type { Departments } from '../departments.ts';
import type { Sender } from '../errands/definition.ts';
import type { ErrandEngine } from '../errands/ErrandEngine.ts';
import { StepError } from '../errands/StepError.ts';
import { NewbornBirthRecordDocument, type NewbornBirthRecordQuery } from '../generated/health.generated.ts';
import type { ApplicationRow, ServiceCenterStore } from '../store.ts';
import { addWorkingDays } from '../workingDays.ts';
import {
  type BirthFacts,
  type HouseholdChoice,
  type MailingAddress,
  NEWBORN,
  type NewbornApplicationInput,
  parentsOnBirthRecord,
} from './application.ts';

/** The GraphQL input of registerNewborn. */
export interface RegisterNewbornInput {
  birthRecordId: string;
  childName: string;
  household: HouseholdChoice;
  mailingAddress?: MailingAddress | null;
  idempotencyKey?: string | null;
}

/** Chinese characters, optionally joined by the middle dot of minority names (e.g. 阿依古丽·买买提). */
const CHILD_NAME = /^[\p{Script=Han}]+(?:·[\p{Script=Han}]+)*$/u;

/** Working days the service promises for the newborn errand (承诺办结时限). */
export const NEWBORN_PROMISE_WORKING_DAYS = 5;

function checkInput(input: RegisterNewbornInput): void {
  if (!BIRTH_RECORD_ID.test(input.birthRecordId)) {
    throw badUserInput(
      DEPARTMENT,
      'input.birthRecordId',
      'FORMAT',
      text('serviceCenter.birthRecordIdFormat', { got: JSON.stringify(input.birthRecordId) }),
    );
  }
  const name = input.childName.trim();
  if ([...name].length < 2 || [...name].length > 20 || !CHILD_NAME.test(name)) {
    throw badUserInput(DEPARTMENT, 'input.childName', 'FORMAT', text('serviceCenter.childNameFormat'));
  }
  if (
    input.idempotencyKey != null &&
    (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 100)
  ) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'LENGTH',
      text('serviceCenter.idempotencyKeyLength'),
    );
  }
  const mail = input.mailingAddress;
  if (mail && (!/^1\d{10}$/.test(mail.phone) || !mail.recipient.trim() || !mail.address.trim())) {
    throw badUserInput(
      DEPARTMENT,
      'input.mailingAddress',
      'FORMAT',
      text('serviceCenter.mailingAddressFormat'),
    );
  }
}

/** The look-up of a submission: the hospital's birth record, read before the application exists. */
export const READ_BIRTH: Sender = {
  errand: NEWBORN,
  name: 'readBirth',
  role: 'look-up',
  sends: [NewbornBirthRecordDocument],
};

/** The refusal a citizen gets for a birth record that does not name them, and for an unknown one alike. */
const notYourBirth = () => forbidden(DEPARTMENT, text('refused.registerBirth'));

/**
 * Reads the hospital's report. An unknown report is a mistake of the staff at the window
 * (`BAD_USER_INPUT`); a citizen gets the same refusal as for another family's report.
 */
async function readBirth(
  departments: Departments,
  birthRecordId: string,
  applicant: Applicant,
): Promise<BirthFacts> {
  let answer: NewbornBirthRecordQuery;
  try {
    answer = await departments
      .of('health', { sender: READ_BIRTH })
      .execute(NewbornBirthRecordDocument, { id: birthRecordId });
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    throw localizedError(
      'serviceCenter.birthRecordUnreadable',
      { detail: error.message },
      { extensions: { code: error.code, department: error.department } },
    );
  }
  const record = answer.birthRecord;
  if (!record && applicant.kind === 'citizen') throw notYourBirth();
  if (!record) {
    throw badUserInput(
      'health',
      'input.birthRecordId',
      'NOT_FOUND',
      text('serviceCenter.noSuchBirth', { id: birthRecordId }),
    );
  }
  return {
    birthRecordId: record.id,
    bornAt: record.bornAt,
    birthDate: record.birthDate,
    sex: record.sex,
    motherCitizenId: record.mother.citizenId,
    fatherCitizenId: record.father?.citizenId ?? null,
    hospitalName: record.hospital.name,
    hospitalDivisionCode: record.hospital.division.code,
    maternityUnit: record.hospital.maternityUnit,
    status: record.status,
    certificateNumber: record.certificate?.number ?? null,
    childCitizenId: record.child?.citizenId ?? null,
  };
}

/** What submission needs. */
export interface NewbornDesk {
  store: ServiceCenterStore;
  engine: ErrandEngine;
  departments: Departments;
  clock: () => Date;
}

/**
 * An application found for a request, answered to the caller when it is theirs to see: a citizen
 * must be a parent the birth record names (the other parent gets the application the first one made).
 */
function existingFor(
  applicant: Applicant,
  application: ApplicationRow,
  clientKey: string | null,
): ApplicationRow {
  if (application.kind !== NEWBORN) {
    // Keys are the applicant's across every errand: one already spent on another errand is a mistake.
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'REUSED',
      text('serviceCenter.idempotencyKeyReused', {
        key: String(clientKey),
        id: application.id,
        kind: application.kind,
      }),
    );
  }
  const parents = parentsOnBirthRecord((application.input as NewbornApplicationInput).birth);
  if (applicant.kind === 'citizen' && !parents.includes(applicant.citizenId)) throw notYourBirth();
  return application;
}

/**
 * Submits a newborn application for the caller, or finds the existing one; answers its row (not yet
 * settled). The applicant is the citizen who applies — the mother or the father the report names —
 * or, for staff at the window with `service-center:write`, the mother.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token; `FORBIDDEN` for a caller who may not apply
 *   or a citizen the report does not name (an unknown report alike); `BAD_USER_INPUT` for bad input
 */
export async function submitNewborn(
  desk: NewbornDesk,
  identity: Identity,
  input: RegisterNewbornInput,
): Promise<ApplicationRow> {
  const applicant = applicantOf(identity, text('errand.registerNewborn'));
  checkInput(input);
  const clientKey = input.idempotencyKey ?? null;
  // A citizen's key finds only their own applications; staff find the birth's application.
  const existing =
    applicant.kind === 'citizen'
      ? await desk.store.findApplication(NEWBORN, input.birthRecordId, clientKey, applicant.citizenId)
      : await desk.store.findApplication(NEWBORN, input.birthRecordId, null);
  if (existing) return existingFor(applicant, existing, clientKey);

  const birth = await readBirth(desk.departments, input.birthRecordId, applicant);
  if (applicant.kind === 'citizen' && !parentsOnBirthRecord(birth).includes(applicant.citizenId)) {
    throw notYourBirth();
  }
  const stored: NewbornApplicationInput = {
    childName: input.childName.trim(),
    household: input.household,
    mailingAddress: input.mailingAddress ?? null,
    birth,
  };
  const now = desk.clock();
  const { application } = await desk.store.createApplication(
    {
      id: newApplicationId('NB', now),
      kind: NEWBORN,
      applicantCitizenId: applicant.kind === 'citizen' ? applicant.citizenId : birth.motherCitizenId,
      subjectKey: input.birthRecordId,
      clientKey,
      input: stored,
      submittedAt: now.toISOString(),
      dueAt: addWorkingDays(now, NEWBORN_PROMISE_WORKING_DAYS).toISOString(),
      items: desk.engine.stepsOf(NEWBORN).map((step) => ({ step: step.name, department: step.department })),
    },
    // Leased to this replica, which runs it next.
    desk.engine.lease(),
  );
  // Another request may have created it first (the other parent, the same request twice).
  return existingFor(applicant, application, clientKey);
}
