/**
 * The market-regulation department's acts, for the service-center's enterprise errands and the
 * department's staff with `market-regulation:write`: a name declared, an enterprise registered, a food
 * business licence issued. Each is called once and never retried here: the caller's idempotency key
 * makes a repeat safe. Arguments are checked before the department is asked, each refusal naming the
 * argument and the problem.
 */

import { text } from '../../lib/i18n/messages.ts';
import type {
  EnterpriseRegistrationRequest,
  FoodLicenceRequest,
} from '../../schema/market-regulation/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { requireAddress, requireDivisionCode } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { MarketRegulationContext } from './context.ts';

/** The acts' resolvers (`Mutation`). */
export const mutations = {
  declareEnterpriseName: async (
    _: unknown,
    args: {
      input: { name: string; divisionCode: string; applicantCitizenId: string };
      idempotencyKey: string;
    },
    context: MarketRegulationContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    return context.client.declareName(
      {
        name: input.name,
        divisionCode: requireDivisionCode('input.divisionCode', input.divisionCode),
        applicantCitizenId: requireCitizenId(
          DEPARTMENT,
          'input.applicantCitizenId',
          input.applicantCitizenId,
        ),
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
  },

  registerEnterprise: async (
    _: unknown,
    args: { input: EnterpriseRegistrationRequest; idempotencyKey: string },
    context: MarketRegulationContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    const representative = requireCitizenId(
      DEPARTMENT,
      'input.legalRepresentativeCitizenId',
      input.legalRepresentativeCitizenId,
    );
    const enterprise = await context.client.registerEnterprise(
      {
        ...input,
        registeredAddress: requireAddress('input.registeredAddress', input.registeredAddress),
        legalRepresentativeCitizenId: representative,
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    // The caller named the representative: the answer shows them whole.
    context.entitled.add(representative);
    return enterprise;
  },

  issueFoodBusinessLicence: async (
    _: unknown,
    args: { input: FoodLicenceRequest; idempotencyKey: string },
    context: MarketRegulationContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    const { floorArea, seats } = input.premises;
    if (!(floorArea > 0)) {
      throw badUserInput(
        DEPARTMENT,
        'input.premises.floorArea',
        'NOT_POSITIVE',
        text('input.positive', {
          argument: 'input.premises.floorArea',
          unit: text('unit.squareMetres'),
          got: floorArea,
        }),
      );
    }
    if (seats < 0) {
      throw badUserInput(
        DEPARTMENT,
        'input.premises.seats',
        'NEGATIVE',
        text('input.notNegative', { argument: 'input.premises.seats', got: seats }),
      );
    }
    if (input.businessItems.length === 0) {
      throw badUserInput(DEPARTMENT, 'input.businessItems', 'EMPTY', text('input.businessItems'));
    }
    return context.client.issueFoodLicence(
      {
        creditCode: requireCreditCode(DEPARTMENT, 'input.creditCode', input.creditCode),
        premises: {
          ...input.premises,
          address: requireAddress('input.premises.address', input.premises.address),
        },
        businessItems: input.businessItems,
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
  },
};
