/**
 * Resolvers of the public-security subgraph: identity, households and addresses.
 */

import { isInMunicipality } from '../../lib/divisions.ts';
import type { HouseholdView, PersonView } from '../../mocks/public-security/api.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { addressOf } from './address.ts';
import { addressChangeResolvers } from './addressChanges.ts';
import type { PublicSecurityContext } from './context.ts';
import { mutationResolvers } from './mutations.ts';

const DEPARTMENT = 'public-security';

/** The most IDs `people` accepts, the department API's batch limit. */
export const MAX_PEOPLE_PER_QUERY = 500;

const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/** Loads a person who must exist (a household's head or member): a dangling reference is a data error. */
async function existingPerson(context: PublicSecurityContext, citizenId: string): Promise<PersonView> {
  const person = await context.persons.load(citizenId);
  if (!person) throw new Error(`public-security register refers to unknown person ${citizenId}`);
  return person;
}

export const resolvers: SubgraphResolvers<PublicSecurityContext> = {
  Query: {
    person: (_: unknown, args: { citizenId: string }, context: PublicSecurityContext) =>
      context.persons.load(requireCitizenId(DEPARTMENT, 'citizenId', args.citizenId)),

    people: (_: unknown, args: { citizenIds: string[] }, context: PublicSecurityContext) => {
      if (args.citizenIds.length > MAX_PEOPLE_PER_QUERY) {
        throw badUserInput(
          DEPARTMENT,
          'citizenIds',
          'TOO_MANY',
          `people takes at most ${MAX_PEOPLE_PER_QUERY} citizen IDs, got ${args.citizenIds.length}`,
        );
      }
      const ids = args.citizenIds.map((id, index) =>
        requireCitizenId(DEPARTMENT, `citizenIds[${index}]`, id),
      );
      return context.persons.loadMany(ids);
    },

    household: (_: unknown, args: { id: string }, context: PublicSecurityContext) => {
      if (!HOUSEHOLD_ID.test(args.id)) {
        throw badUserInput(
          DEPARTMENT,
          'id',
          'FORMAT',
          `a household number is a 6-digit division code, a dash and 6 digits, e.g. 500103-000123; got ${JSON.stringify(args.id)}`,
        );
      }
      return context.households.load(args.id);
    },
    ...addressChangeResolvers.Query,
  },

  Mutation: { ...mutationResolvers, ...addressChangeResolvers.Mutation },

  Person: {
    __resolveReference: (reference: { citizenId: string }, context: PublicSecurityContext) =>
      context.persons.load(reference.citizenId),
    household: (person: PersonView, _: unknown, context: PublicSecurityContext) =>
      context.households.load(person.householdId),
    father: (person: PersonView, _: unknown, context: PublicSecurityContext) =>
      person.fatherCitizenId ? context.persons.load(person.fatherCitizenId) : null,
    mother: (person: PersonView, _: unknown, context: PublicSecurityContext) =>
      person.motherCitizenId ? context.persons.load(person.motherCitizenId) : null,
    hukouInMunicipality: (person: PersonView) => isInMunicipality(person.hukouDivisionCode),
  },

  Household: {
    __resolveReference: (reference: { id: string }, context: PublicSecurityContext) =>
      context.households.load(reference.id),
    address: addressOf,
    ...addressChangeResolvers.Household,
    head: (household: HouseholdView, _: unknown, context: PublicSecurityContext) =>
      existingPerson(context, household.headCitizenId),
    members: (household: HouseholdView, _: unknown, context: PublicSecurityContext) =>
      Promise.all(household.memberCitizenIds.map((id) => existingPerson(context, id))),
  },

  AddressChange: addressChangeResolvers.AddressChange,
};
