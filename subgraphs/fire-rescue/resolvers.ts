/**
 * Resolvers of the fire-rescue subgraph: the premises fire rescue supervises and their fire safety
 * checks, added to market regulation's `Enterprise` by its credit code; the rule that says which
 * premises are inspected on site; who used a person's fire-rescue data; and the department's acts
 * (`mutations.ts`).
 *
 * Premises and checks are public record (公示), answered to anyone who may read the enterprise; the
 * applicant each check names is a person, whole to whom may read them (`context.entitled`), masked
 * otherwise, with public security answering their name under its own rule.
 */

import type {
  FireSafetyCheckView,
  InspectionRequirementView,
  PremisesAddress,
  SupervisedPremisesView,
} from '../../schema/fire-rescue/contract.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { divisionView } from '../kit/divisions.ts';
import type { PersonReference } from '../kit/readablePeople.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { requireFloorArea } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { FireRescueContext } from './context.ts';
import { mutations } from './mutations.ts';

/** An enterprise as the graph hands it over: its key. */
interface EnterpriseReference {
  creditCode: string;
}

/** The shareable `Address` of a premises' address. */
export function addressOf(address: PremisesAddress) {
  const division = divisionView(address.divisionCode);
  return {
    ...address,
    division,
    formatted: [division.province, division.name, address.street, address.community, address.detail]
      .filter(Boolean)
      .join(''),
  };
}

/** The resolvers of `schema/fire-rescue/fire-rescue.graphql`. */
export const resolvers: SubgraphResolvers<FireRescueContext> = {
  Query: {
    fireSafetyCheckRequirement: async (_: unknown, args: { floorArea: number }, context: FireRescueContext) =>
      context.client.inspectionRequirement(requireFloorArea('floorArea', args.floorArea)),
  },

  Mutation: mutations,

  FireSafetyCheckRequirement: {
    inspectionRequired: (requirement: InspectionRequirementView) => requirement.kind === 'ON_SITE_INSPECTION',
  },

  Enterprise: {
    __resolveReference: (reference: EnterpriseReference): EnterpriseReference => ({
      creditCode: requireCreditCode(DEPARTMENT, 'creditCode', reference.creditCode),
    }),
    supervisedPremises: async (enterprise: EnterpriseReference, _: unknown, context: FireRescueContext) =>
      (await context.fireRecords.load(enterprise.creditCode))?.premises ?? [],
    fireSafetyChecks: async (enterprise: EnterpriseReference, _: unknown, context: FireRescueContext) =>
      (await context.fireRecords.load(enterprise.creditCode))?.checks ?? [],
  },

  SupervisedPremises: {
    address: (premises: SupervisedPremisesView) => addressOf(premises.address),
  },

  FireSafetyCheck: {
    // An act's answer names its premises by number: they are read with the enterprise's records.
    premises: async (check: FireSafetyCheckView, _: unknown, context: FireRescueContext) => {
      const records = await context.fireRecords.load(check.creditCode);
      const premises = records?.premises.find((entry) => entry.id === check.premisesId);
      if (!premises)
        throw new Error(`fire rescue answered check ${check.id} without its premises ${check.premisesId}`);
      return premises;
    },
    enterprise: (check: FireSafetyCheckView): EnterpriseReference => ({ creditCode: check.creditCode }),
    supersededBy: async (check: FireSafetyCheckView, _: unknown, context: FireRescueContext) => {
      if (!check.supersededBy) return null;
      const records = await context.fireRecords.load(check.creditCode);
      return records?.checks.find((entry) => entry.id === check.supersededBy) ?? null;
    },
    applicant: (check: FireSafetyCheckView, _: unknown, context: FireRescueContext) =>
      context.entitled.reference(check.applicantCitizenId),
  },

  Person: {
    __resolveReference: (reference: PersonReference): PersonReference => ({ citizenId: reference.citizenId }),
    fireRescueDataUses: async (person: PersonReference, _: unknown, context: FireRescueContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },
};
