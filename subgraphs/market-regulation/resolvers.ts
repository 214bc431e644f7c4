/**
 * Resolvers of the market-regulation subgraph: enterprises by their unified social credit code, their
 * licences and who acts for them, the enterprises a person represents, who used their
 * market-regulation data, and the department's acts (`mutations.ts`).
 *
 * An enterprise's registration data is public; the people it names (its legal representative, its
 * agents) appear whole to whom may read them (`context.entitled`), masked otherwise, and public
 * security answers their names under its own rule. The dishonesty listing's details and the
 * authorisations are for those who act for the enterprise and for staff (`enterpriseAccess.ts`).
 */

import { divisionOf } from '../../lib/divisions.ts';
import { text } from '../../lib/i18n/messages.ts';
import { addDays } from '../../lib/isoDate.ts';
import type {
  AuthorisationView,
  EnterpriseView,
  FoodLicenceView,
  RegisteredAddress,
  RepresentationView,
} from '../../schema/market-regulation/contract.ts';
import { forbidden, readerCitizenId, signInRequired, staffReadsWith } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import type { PersonReference } from '../kit/readablePeople.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import type { MarketRegulationContext } from './context.ts';
import { READ_SCOPE, requireActsForEnterprise } from './enterpriseAccess.ts';
import { mutations } from './mutations.ts';
import {
  amendEnterpriseRegistration,
  registrationChangeResolvers,
  registrationChangesOf,
} from './registrationChanges.ts';
import { registrationCheck } from './registrationCheck.ts';

/** Days before expiry from which a food licence is due for renewal (30 working days, about six weeks). */
export const RENEWAL_DUE_DAYS = 45;

/** The shareable `Address` of an address of the register. */
export function addressOf(address: RegisteredAddress) {
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

/** Whether a licence may be traded under on `today`, and whether its renewal is due. */
export function licenceStatus(licence: FoodLicenceView, today: string): 'VALID' | 'EXPIRING' | 'EXPIRED' {
  if (licence.validUntil < today) return 'EXPIRED';
  return licence.validUntil <= addDays(today, RENEWAL_DUE_DAYS) ? 'EXPIRING' : 'VALID';
}

/** Refuses to tell anyone but the citizen, the service-center acting for them, and staff, how the citizen may act. */
function requireRepresentationReader(context: MarketRegulationContext, citizenId: string): void {
  const { identity } = context;
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (readerCitizenId(identity) === citizenId) return;
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT, citizenId)) return;
  throw forbidden(DEPARTMENT, text('refused.actsForEnterprise'), citizenId);
}

/** The resolvers of `schema/market-regulation/market-regulation.graphql`. */
export const resolvers: SubgraphResolvers<MarketRegulationContext> = {
  Query: {
    enterprise: (_: unknown, args: { creditCode: string }, context: MarketRegulationContext) =>
      context.enterprises.load(requireCreditCode(DEPARTMENT, 'creditCode', args.creditCode)),
    representationOf: async (
      _: unknown,
      args: { creditCode: string; citizenId: string },
      context: MarketRegulationContext,
    ) => {
      const creditCode = requireCreditCode(DEPARTMENT, 'creditCode', args.creditCode);
      const citizenId = requireCitizenId(DEPARTMENT, 'citizenId', args.citizenId);
      requireRepresentationReader(context, citizenId);
      return context.client.representationOf(creditCode, citizenId);
    },
    registrationCheck,
  },

  Mutation: { ...mutations, amendEnterpriseRegistration },

  Enterprise: {
    __resolveReference: (reference: { creditCode: string }, context: MarketRegulationContext) =>
      context.enterprises.load(requireCreditCode(DEPARTMENT, 'creditCode', reference.creditCode)),
    registeredAddress: (enterprise: EnterpriseView) => addressOf(enterprise.registeredAddress),
    legalRepresentative: (enterprise: EnterpriseView, _: unknown, context: MarketRegulationContext) =>
      context.entitled.reference(enterprise.legalRepresentativeCitizenId),
    dishonest: (enterprise: EnterpriseView) => enterprise.dishonesty !== null,
    dishonesty: async (enterprise: EnterpriseView, _: unknown, context: MarketRegulationContext) => {
      if (!enterprise.dishonesty) return null;
      await requireActsForEnterprise(enterprise, context, text('refused.dishonesty'));
      return enterprise.dishonesty;
    },
    foodBusinessLicences: (enterprise: EnterpriseView) => enterprise.foodLicences,
    authorisations: async (enterprise: EnterpriseView, _: unknown, context: MarketRegulationContext) => {
      await requireActsForEnterprise(enterprise, context, text('refused.authorisations'));
      // Whoever acts for the enterprise knows its agents: they are shown whole.
      const recorded = await context.authorisations.load(enterprise.creditCode);
      for (const entry of recorded?.authorisations ?? []) context.entitled.add(entry.agentCitizenId);
      return recorded?.authorisations ?? [];
    },
    registrationChanges: registrationChangesOf,
  },

  ...registrationChangeResolvers,

  FoodBusinessLicence: {
    status: (licence: FoodLicenceView, _: unknown, context: MarketRegulationContext) =>
      licenceStatus(licence, context.today()),
  },

  Premises: {
    address: (premises: FoodLicenceView['premises']) => addressOf(premises.address),
  },

  Authorisation: {
    agent: (entry: AuthorisationView, _: unknown, context: MarketRegulationContext) =>
      context.entitled.reference(entry.agentCitizenId),
  },

  Representation: {
    enterprise: (representation: RepresentationView, _: unknown, context: MarketRegulationContext) =>
      context.enterprises.load(representation.creditCode),
    matters: (representation: RepresentationView) => representation.authorisation?.matters ?? [],
    validUntil: (representation: RepresentationView) => representation.authorisation?.validUntil ?? null,
  },

  Person: {
    // The grant travels with the person to every field, which checks it before answering.
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    legalRepresentativeOf: async (person: PersonReference, _: unknown, context: MarketRegulationContext) =>
      (await context.represented.load(person))?.enterprises ?? [],
    marketRegulationDataUses: async (
      person: PersonReference,
      _: unknown,
      context: MarketRegulationContext,
    ) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },
};
