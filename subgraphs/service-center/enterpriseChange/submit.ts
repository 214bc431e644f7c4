/**
 * Submitting an enterprise registration change: check the input, ask market regulation whether the
 * caller may act for the enterprise — its legal representative, or an agent authorised for
 * registration matters; never a claim of the token's — and create the application, or find the one
 * that already exists for the same key or the same change the same day. An enterprise the caller does
 * not represent and one that does not exist are refused alike, and nothing is created.
 */
import type { Identity } from '../../../lib/auth/identity.ts';
import { chinaDate } from '../../../lib/clock.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { forbidden } from '../../kit/access.ts';
import { requireCitizenId } from '../../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../../kit/creditCodeArgument.ts';
import { badUserInput } from '../../kit/errors.ts';
import { applicantOf, DEPARTMENT } from '../access.ts';
import { type ApplicationDesk, findOrCreateApplication } from '../applicationDesk.ts';
import type { Departments } from '../departments.ts';
import type { PremisesAddress } from '../enterpriseInput.ts';
import { checkAddress, checkEnterpriseName } from '../enterpriseInput.ts';
import type { Sender } from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import { EnterpriseChangeRepresentationDocument } from '../generated/market-regulation.generated.ts';
import type { ApplicationRow } from '../store.ts';
import {
  type ActingAs,
  ENTERPRISE_CHANGE,
  type EnterpriseChange,
  type EnterpriseChangeInput,
} from './application.ts';

/** The GraphQL input of changeEnterpriseRegistration. */
export interface ChangeEnterpriseRegistrationRequest {
  creditCode: string;
  name?: string | null;
  registeredAddress?: PremisesAddress | null;
  legalRepresentativeCitizenId?: string | null;
  idempotencyKey?: string | null;
}

/** What submission needs: the service-center's store, engine, departments and clock. */
export interface EnterpriseChangeDesk extends ApplicationDesk {
  departments: Departments;
}

/** Working days the service promises for an enterprise change (承诺办结时限). */
export const ENTERPRISE_CHANGE_PROMISE_WORKING_DAYS = 3;

/** The look-up of a submission: may the caller act for the enterprise, by market regulation's records. */
export const READ_REPRESENTATION: Sender = {
  errand: ENTERPRISE_CHANGE,
  name: 'readRepresentation',
  role: 'look-up',
  sends: [EnterpriseChangeRepresentationDocument],
};

/** The change checked and tidied; at least one thing changes. */
function checkChange(request: ChangeEnterpriseRegistrationRequest): EnterpriseChange {
  const change: EnterpriseChange = {
    name: request.name == null ? null : checkEnterpriseName(request.name),
    registeredAddress:
      request.registeredAddress == null
        ? null
        : checkAddress('input.registeredAddress', request.registeredAddress),
    legalRepresentativeCitizenId:
      request.legalRepresentativeCitizenId == null
        ? null
        : requireCitizenId(
            DEPARTMENT,
            'input.legalRepresentativeCitizenId',
            request.legalRepresentativeCitizenId,
          ),
  };
  if (!change.name && !change.registeredAddress && !change.legalRepresentativeCitizenId) {
    throw badUserInput(DEPARTMENT, 'input', 'NOTHING_TO_CHANGE', text('enterpriseChange.nothingToChange'));
  }
  const key = request.idempotencyKey;
  if (key != null && (key.length < 1 || key.length > 100)) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'LENGTH',
      text('serviceCenter.idempotencyKeyLength'),
    );
  }
  return change;
}

/**
 * How `citizenId` may act for the enterprise, asked of market regulation on their behalf; undefined
 * when they may not — and when the enterprise does not exist, alike.
 */
async function actingAs(
  desk: EnterpriseChangeDesk,
  creditCode: string,
  citizenId: string,
): Promise<ActingAs | undefined> {
  try {
    const { representationOf } = await desk.departments
      .of('market-regulation', { sender: READ_REPRESENTATION }, citizenId)
      .execute(EnterpriseChangeRepresentationDocument, { creditCode, citizenId });
    if (representationOf.role === 'LEGAL_REPRESENTATIVE') return 'LEGAL_REPRESENTATIVE';
    if (representationOf.role === 'AUTHORISED_AGENT' && representationOf.matters.includes('REGISTRATION'))
      return 'AUTHORISED_AGENT';
    return undefined;
  } catch (error) {
    if (error instanceof StepError && error.code === 'DEPARTMENT_REJECTED') return undefined;
    throw error;
  }
}

/**
 * Submits an enterprise registration change for the calling citizen, or finds the existing one;
 * answers its row (not yet settled).
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token; `FORBIDDEN` for anyone but a citizen acting
 *   for the enterprise (an unknown enterprise alike); `BAD_USER_INPUT` naming the field for bad input
 */
export async function submitEnterpriseChange(
  desk: EnterpriseChangeDesk,
  identity: Identity,
  request: ChangeEnterpriseRegistrationRequest,
): Promise<ApplicationRow> {
  const caller = applicantOf(identity, text('errand.changeEnterprise'));
  if (caller.kind !== 'citizen') throw forbidden(DEPARTMENT, text('refused.enterpriseCitizenOnly'));
  const creditCode = requireCreditCode(DEPARTMENT, 'input.creditCode', request.creditCode);
  const change = checkChange(request);
  const role = await actingAs(desk, creditCode, caller.citizenId);
  if (!role) throw forbidden(DEPARTMENT, text('refused.notRepresentative', { creditCode }));

  // The same change of the same enterprise the same day is the same application.
  const input: EnterpriseChangeInput = { creditCode, change, actingAs: role };
  return findOrCreateApplication(desk, {
    kind: ENTERPRISE_CHANGE,
    numberPrefix: 'EC',
    applicantCitizenId: caller.citizenId,
    subjectKey: `${creditCode}/${chinaDate(desk.clock())}/${JSON.stringify(change)}`,
    clientKey: request.idempotencyKey ?? null,
    input,
    promiseWorkingDays: ENTERPRISE_CHANGE_PROMISE_WORKING_DAYS,
  });
}
