/**
 * The fire-rescue department's acts: the operator's commitment filed and an inspection booked, for
 * the service-center's enterprise errands and the department's staff with `fire-rescue:write`; an
 * inspection's result recorded, by that staff alone. Each is called once and never retried here: the
 * caller's idempotency key makes a repeat safe. Arguments are checked before the department is asked.
 */

import { text } from '../../lib/i18n/messages.ts';
import type { FireSafetyCheckRequest } from '../../schema/fire-rescue/contract.ts';
import { forbidden, hasStaffScope, requireActCaller, signInRequired } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { requireCheckId, requireDivisionCode, requireFloorArea, requireText } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { FireRescueContext } from './context.ts';

/** The scope with which fire rescue's staff act, and alone record an inspection's result. */
export const WRITE_SCOPE = `${DEPARTMENT}:write`;

/** `FireSafetyCheckInput` as the graph receives it. */
interface FireSafetyCheckInput {
  creditCode: string;
  applicantCitizenId: string;
  premises: {
    divisionCode: string;
    street: string;
    community: string;
    detail: string;
    floorArea: number;
    seats: number;
  };
}

/** The department's request from the act's input, every part checked. */
function checkRequestOf(input: FireSafetyCheckInput): FireSafetyCheckRequest {
  const { premises } = input;
  if (!Number.isInteger(premises.seats) || premises.seats < 0) {
    throw badUserInput(
      DEPARTMENT,
      'input.premises.seats',
      'NEGATIVE',
      text('input.notNegative', { argument: 'input.premises.seats', got: premises.seats }),
    );
  }
  return {
    creditCode: requireCreditCode(DEPARTMENT, 'input.creditCode', input.creditCode),
    applicantCitizenId: requireCitizenId(DEPARTMENT, 'input.applicantCitizenId', input.applicantCitizenId),
    premises: {
      address: {
        divisionCode: requireDivisionCode('input.premises.divisionCode', premises.divisionCode),
        street: requireText('input.premises.street', premises.street),
        community: requireText('input.premises.community', premises.community),
        detail: requireText('input.premises.detail', premises.detail),
      },
      floorArea: requireFloorArea('input.premises.floorArea', premises.floorArea),
      seats: premises.seats,
    },
  };
}

/** The acts' resolvers (`Mutation`). */
export const mutations = {
  fileFireSafetyCommitment: async (
    _: unknown,
    args: { input: FireSafetyCheckInput; idempotencyKey: string },
    context: FireRescueContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const request = checkRequestOf(args.input);
    const check = await context.client.fileCommitment(
      request,
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    // The caller named the applicant: the answer shows them whole.
    context.entitled.add(request.applicantCitizenId);
    return check;
  },

  bookFireInspection: async (
    _: unknown,
    args: { input: FireSafetyCheckInput; idempotencyKey: string },
    context: FireRescueContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const request = checkRequestOf(args.input);
    const check = await context.client.bookInspection(
      request,
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    context.entitled.add(request.applicantCitizenId);
    return check;
  },

  recordInspectionResult: async (
    _: unknown,
    args: {
      checkId: string;
      input: { outcome: 'PASSED' | 'FAILED'; findings: string[] };
      idempotencyKey: string;
    },
    context: FireRescueContext,
  ) => {
    const { identity } = context;
    if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
    if (!hasStaffScope(identity, WRITE_SCOPE)) {
      throw forbidden(DEPARTMENT, text('refused.inspectionResult', { scope: WRITE_SCOPE }));
    }
    const findings = args.input.findings.map((finding, i) => requireText(`input.findings.${i}`, finding));
    if (args.input.outcome === 'FAILED' && findings.length === 0) {
      throw badUserInput(DEPARTMENT, 'input.findings', 'EMPTY', text('input.findingsRequired'));
    }
    return context.client.recordResult(
      requireCheckId('checkId', args.checkId),
      { outcome: args.input.outcome, findings },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
  },
};
