/**
 * What every errand's submission ends with once it knows who applies and what for: the application
 * that already exists for the same client key or the same subject — or, when none does, a new one
 * with an item per step of its errand, leased to this replica, which runs it next.
 */
import { text } from '../../lib/i18n/messages.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './access.ts';
import { newApplicationId } from './applicationNumber.ts';
import type { ErrandEngine } from './errands/ErrandEngine.ts';
import type { ApplicationRow, ServiceCenterStore } from './store.ts';
import { addWorkingDays } from './workingDays.ts';

/** What a submission needs of the service-center. */
export interface ApplicationDesk {
  store: ServiceCenterStore;
  engine: ErrandEngine;
  clock: () => Date;
}

/** An application to find, or to create. */
export interface ApplicationRequest {
  /** The errand's kind, e.g. `OPEN_RESTAURANT`. */
  kind: string;
  /** The two letters its numbers begin with, e.g. `RE`. */
  numberPrefix: string;
  applicantCitizenId: string;
  /** What makes two requests the same application, e.g. the applicant, name and premises. */
  subjectKey: string;
  /** The client's idempotency key, if any. */
  clientKey: string | null;
  /** The stored input the errand's steps read. */
  input: unknown;
  /** Working days the service promises (承诺办结时限): the application's due time. */
  promiseWorkingDays: number;
}

/**
 * The application for the same client key (the applicant's) or the same subject, or a new one.
 *
 * @throws GraphQLError `BAD_USER_INPUT` (reason `REUSED`) for a client key already spent on another
 *   errand: keys are the applicant's across every errand
 */
export async function findOrCreateApplication(
  desk: ApplicationDesk,
  request: ApplicationRequest,
): Promise<ApplicationRow> {
  const { kind, subjectKey, clientKey, applicantCitizenId } = request;
  const existing = await desk.store.findApplication(kind, subjectKey, clientKey, applicantCitizenId);
  if (existing && existing.kind !== kind) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'REUSED',
      text('serviceCenter.idempotencyKeyReused', {
        key: String(clientKey),
        id: existing.id,
        kind: existing.kind,
      }),
    );
  }
  if (existing) return existing;
  const now = desk.clock();
  const { application } = await desk.store.createApplication(
    {
      id: newApplicationId(request.numberPrefix, now),
      kind,
      applicantCitizenId,
      subjectKey,
      clientKey,
      input: request.input,
      submittedAt: now.toISOString(),
      dueAt: addWorkingDays(now, request.promiseWorkingDays).toISOString(),
      items: desk.engine.stepsOf(kind).map((step) => ({ step: step.name, department: step.department })),
    },
    desk.engine.lease(),
  );
  return application;
}
