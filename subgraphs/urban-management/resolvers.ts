/**
 * Resolvers of the urban-management subgraph: an enterprise's signboards and drainage permits (public
 * records, answered to anyone who may read the enterprise), the applicant each names as the person
 * rules say (`context.entitled`), the signboard size rules, who used a person's urban-management data,
 * and the department's acts (`mutations.ts`).
 */

import { divisionOf } from '../../lib/divisions.ts';
import { text } from '../../lib/i18n/messages.ts';
import { addDays } from '../../lib/isoDate.ts';
import type {
  DrainagePermitView,
  PremisesAddress,
  SignboardSize,
  SignboardView,
} from '../../schema/urban-management/contract.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import type { PersonReference } from '../kit/readablePeople.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { requirePositive } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { UrbanManagementContext } from './context.ts';
import { mutations } from './mutations.ts';

/** Days before expiry from which a drainage permit is due for renewal (apply 30 working days before). */
export const RENEWAL_DUE_DAYS = 45;

/** The shareable `Address` of a premises address. */
export function addressOf(address: PremisesAddress) {
  const division = divisionOf(address.divisionCode);
  return {
    ...address,
    division: {
      code: address.divisionCode,
      name: division?.name ?? null,
      province: division?.province ?? null,
    },
    formatted: [division?.province, division?.name, address.street, address.community, address.detail]
      .filter(Boolean)
      .join(''),
  };
}

/** Whether a permit may be discharged under on `today`, and whether its renewal is due. */
export function permitStatus(permit: DrainagePermitView, today: string): 'VALID' | 'EXPIRING' | 'EXPIRED' {
  if (permit.validUntil < today) return 'EXPIRED';
  return permit.validUntil <= addDays(today, RENEWAL_DUE_DAYS) ? 'EXPIRING' : 'VALID';
}

/** A signboard size argument with each length checked positive. */
export function requireSize(argument: string, size: SignboardSize): SignboardSize {
  return {
    width: requirePositive(`${argument}.width`, size.width, text('unit.metres')),
    height: requirePositive(`${argument}.height`, size.height, text('unit.metres')),
    frontageWidth: requirePositive(`${argument}.frontageWidth`, size.frontageWidth, text('unit.metres')),
  };
}

/** The resolvers of `schema/urban-management/urban-management.graphql`. */
export const resolvers: SubgraphResolvers<UrbanManagementContext> = {
  Query: {
    signboardAssessment: (_: unknown, args: { size: SignboardSize }, context: UrbanManagementContext) =>
      context.client.assessSignboard(requireSize('size', args.size)),
  },

  Mutation: mutations,

  Enterprise: {
    // Urban management keeps records by credit code; whether the register has the enterprise is
    // market regulation's to say, so any valid code resolves (to no records when there are none).
    __resolveReference: (reference: { creditCode: string }) => ({
      creditCode: requireCreditCode(DEPARTMENT, 'creditCode', reference.creditCode),
    }),
    signboards: async (enterprise: { creditCode: string }, _: unknown, context: UrbanManagementContext) =>
      (await context.records.load(enterprise.creditCode))?.signboards ?? [],
    drainagePermits: async (
      enterprise: { creditCode: string },
      _: unknown,
      context: UrbanManagementContext,
    ) => (await context.records.load(enterprise.creditCode))?.drainagePermits ?? [],
  },

  Signboard: {
    address: (signboard: SignboardView) => addressOf(signboard.address),
    applicant: (signboard: SignboardView, _: unknown, context: UrbanManagementContext) =>
      context.entitled.reference(signboard.applicantCitizenId),
  },

  DrainagePermit: {
    address: (permit: DrainagePermitView) => addressOf(permit.address),
    applicant: (permit: DrainagePermitView, _: unknown, context: UrbanManagementContext) =>
      context.entitled.reference(permit.applicantCitizenId),
    status: (permit: DrainagePermitView, _: unknown, context: UrbanManagementContext) =>
      permitStatus(permit, context.today()),
  },

  Person: {
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    urbanManagementDataUses: async (person: PersonReference, _: unknown, context: UrbanManagementContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },
};
