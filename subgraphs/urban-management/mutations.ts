/**
 * The urban-management department's acts, for the service-center's restaurant errand and the
 * department's staff with `urban-management:write`: a signboard registered, a drainage permit issued.
 * Each is called once and never retried here: the caller's idempotency key makes a repeat safe.
 * Arguments are checked before the department is asked, each refusal naming the argument and the
 * problem; the size rules themselves are the department's to apply (SIGNBOARD_OVERSIZE).
 */

import { text as messageText } from '../../lib/i18n/messages.ts';
import type { DrainagePermitRequest, SignboardRequest } from '../../schema/urban-management/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { requireAddress, requirePositive } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { UrbanManagementContext } from './context.ts';
import { requireSize } from './resolvers.ts';

/** The acts' resolvers (`Mutation`). */
export const mutations = {
  registerSignboard: async (
    _: unknown,
    args: { input: SignboardRequest; idempotencyKey: string },
    context: UrbanManagementContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    const text = input.text.trim();
    if (text.length === 0 || text.length > 40) {
      throw badUserInput(
        DEPARTMENT,
        'input.text',
        'LENGTH',
        messageText('input.textLength', { argument: 'input.text', max: 40, length: text.length }),
      );
    }
    const applicant = requireCitizenId(DEPARTMENT, 'input.applicantCitizenId', input.applicantCitizenId);
    const signboard = await context.client.registerSignboard(
      {
        creditCode: requireCreditCode(DEPARTMENT, 'input.creditCode', input.creditCode),
        address: requireAddress('input.address', input.address),
        text,
        size: requireSize('input.size', input.size),
        applicantCitizenId: applicant,
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    // The caller named the applicant: the answer shows them whole.
    context.entitled.add(applicant);
    return signboard;
  },

  issueDrainagePermit: async (
    _: unknown,
    args: { input: DrainagePermitRequest; idempotencyKey: string },
    context: UrbanManagementContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    const applicant = requireCitizenId(DEPARTMENT, 'input.applicantCitizenId', input.applicantCitizenId);
    const permit = await context.client.issueDrainagePermit(
      {
        creditCode: requireCreditCode(DEPARTMENT, 'input.creditCode', input.creditCode),
        address: requireAddress('input.address', input.address),
        dailyVolume: requirePositive(
          'input.dailyVolume',
          input.dailyVolume,
          messageText('unit.cubicMetresADay'),
        ),
        applicantCitizenId: applicant,
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    context.entitled.add(applicant);
    return permit;
  },
};
