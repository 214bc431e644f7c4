/**
 * Submitting a newborn application: check the input, read the hospital's birth report (the one fact
 * set the family cannot be asked for), and create the application — or find the one that already
 * exists for the same key or the same birth.
 */
import { GraphQLError } from 'graphql';
import { badUserInput } from '../../kit/errors.ts';
import { newApplicationId } from '../applicationNumber.ts';
import type { Departments } from '../departments.ts';
import type { ErrandEngine } from '../errands/ErrandEngine.ts';
import { StepError } from '../errands/StepError.ts';
import type { ApplicationRow, ServiceCenterStore } from '../store.ts';
import { addWorkingDays } from '../workingDays.ts';
import {
  type BirthFacts,
  type HouseholdChoice,
  type MailingAddress,
  NEWBORN,
  type NewbornApplicationInput,
} from './application.ts';

/** The GraphQL input of registerNewborn. */
export interface RegisterNewbornInput {
  birthRecordId: string;
  childName: string;
  household: HouseholdChoice;
  mailingAddress?: MailingAddress | null;
  idempotencyKey?: string | null;
}

const DEPARTMENT = 'service-center';
const BIRTH_RECORD_ID = /^BR\d{12}$/;
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
      `a birth report number is BR followed by 12 digits, got ${JSON.stringify(input.birthRecordId)}`,
    );
  }
  const name = input.childName.trim();
  if ([...name].length < 2 || [...name].length > 20 || !CHILD_NAME.test(name)) {
    throw badUserInput(
      DEPARTMENT,
      'input.childName',
      'FORMAT',
      'a child name is 2–20 Chinese characters, optionally joined by "·"',
    );
  }
  if (
    input.idempotencyKey != null &&
    (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 100)
  ) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'LENGTH',
      'an idempotency key has 1–100 characters',
    );
  }
  const mail = input.mailingAddress;
  if (mail && (!/^1\d{10}$/.test(mail.phone) || !mail.recipient.trim() || !mail.address.trim())) {
    throw badUserInput(
      DEPARTMENT,
      'input.mailingAddress',
      'FORMAT',
      'a mailing address needs a recipient, an 11-digit mobile number and an address',
    );
  }
}

interface BirthRecordAnswer {
  birthRecord: {
    id: string;
    bornAt: string;
    birthDate: string;
    sex: 'MALE' | 'FEMALE';
    status: string;
    mother: { citizenId: string };
    father: { citizenId: string } | null;
    hospital: { name: string; maternityUnit: boolean; division: { code: string } };
    certificate: { number: string } | null;
    child: { citizenId: string } | null;
  } | null;
}

/** Reads the hospital's report; an unknown report is the client's mistake. */
async function readBirth(departments: Departments, birthRecordId: string): Promise<BirthFacts> {
  let answer: BirthRecordAnswer;
  try {
    answer = await departments.of('health').execute<BirthRecordAnswer>(
      `query NewbornBirthRecord($id: ID!) {
        birthRecord(id: $id) {
          id bornAt birthDate sex status
          mother { citizenId } father { citizenId }
          hospital { name maternityUnit division { code } }
          certificate { number } child { citizenId }
        }
      }`,
      { id: birthRecordId },
    );
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    throw new GraphQLError(`the birth report could not be read: ${error.message}`, {
      extensions: { code: error.code, department: error.department },
    });
  }
  const record = answer.birthRecord;
  if (!record) {
    throw badUserInput(
      'health',
      'input.birthRecordId',
      'NOT_FOUND',
      `no hospital reported a birth with number ${birthRecordId}`,
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

/** Submits a newborn application, or finds the existing one; answers its row (not yet settled). */
export async function submitNewborn(desk: NewbornDesk, input: RegisterNewbornInput): Promise<ApplicationRow> {
  checkInput(input);
  const existing = desk.store.findApplication(NEWBORN, input.birthRecordId, input.idempotencyKey ?? null);
  if (existing) return existing;

  const birth = await readBirth(desk.departments, input.birthRecordId);
  const applicant =
    input.household === 'FATHER' && birth.fatherCitizenId ? birth.fatherCitizenId : birth.motherCitizenId;
  const stored: NewbornApplicationInput = {
    childName: input.childName.trim(),
    household: input.household,
    mailingAddress: input.mailingAddress ?? null,
    birth,
  };
  const now = desk.clock();
  const { application } = desk.store.createApplication({
    id: newApplicationId('NB', now),
    kind: NEWBORN,
    applicantCitizenId: applicant,
    subjectKey: input.birthRecordId,
    clientKey: input.idempotencyKey ?? null,
    input: stored,
    submittedAt: now.toISOString(),
    dueAt: addWorkingDays(now, NEWBORN_PROMISE_WORKING_DAYS).toISOString(),
    items: desk.engine.stepsOf(NEWBORN).map((step) => ({ step: step.name, department: step.department })),
  });
  return application;
}
