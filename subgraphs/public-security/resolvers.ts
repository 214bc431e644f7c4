/**
 * Resolvers of the public-security subgraph: identity, households and addresses. Who may read what is
 * decided in `access.ts`: the keys (`citizenId`, `id`) are readable by whoever reached a person or a
 * household, every other field checks the caller first.
 */

import { isInMunicipality } from '../../lib/divisions.ts';
import type { HouseholdView, PersonView } from '../../schema/public-security/contract.ts';
import { signInRequired } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { badUserInput } from '../kit/errors.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import {
  accessGrantFor,
  type HouseholdEntity,
  householdEntity,
  type PersonEntity,
  personEntity,
  phoneFor,
  readableHousehold,
  readablePerson,
  requestedHousehold,
  requestedPerson,
} from './access.ts';
import { addressOf } from './address.ts';
import { addressChangeResolvers } from './addressChanges.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';
import { mutationResolvers } from './mutations.ts';

/** The most IDs `people` accepts, the department system's batch limit. */
export const MAX_PEOPLE_PER_QUERY = 500;

const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/** Loads a person who must exist (a household's head or member): a dangling reference is a data error. */
async function existingPerson(context: PublicSecurityContext, citizenId: string): Promise<PersonView> {
  const person = await context.persons.load(citizenId);
  if (!person) throw new Error(`public-security register refers to unknown person ${citizenId}`);
  return person;
}

/** A resolver of a personal `Person` field: answers only when the caller may read the person. */
function personal<T>(read: (person: PersonView, context: PublicSecurityContext) => T) {
  return async (person: PersonEntity, _: unknown, context: PublicSecurityContext) =>
    read(await readablePerson(context, person), context);
}

/** A resolver of a `Household` field: answers only when the caller may read the household. */
function registered<T>(read: (household: HouseholdView, context: PublicSecurityContext) => T) {
  return (household: HouseholdEntity, _: unknown, context: PublicSecurityContext) =>
    read(readableHousehold(context.identity, household), context);
}

export const resolvers: SubgraphResolvers<PublicSecurityContext> = {
  Query: {
    person: (_: unknown, args: { citizenId: string }, context: PublicSecurityContext) => {
      if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
      return requestedPerson(context, requireCitizenId(DEPARTMENT, 'citizenId', args.citizenId));
    },

    /** Each place is decided alone: a refused person is null with its error, the others answer. */
    people: (_: unknown, args: { citizenIds: string[] }, context: PublicSecurityContext) => {
      if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
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
      // Every look-up starts in this tick, so the people (and the reader) cost one department call.
      return ids.map((id) => requestedPerson(context, id));
    },

    household: (_: unknown, args: { id: string }, context: PublicSecurityContext) => {
      if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
      if (!HOUSEHOLD_ID.test(args.id)) {
        throw badUserInput(
          DEPARTMENT,
          'id',
          'FORMAT',
          `a household number is a 6-digit division code, a dash and 6 digits, e.g. 500103-000123; got ${JSON.stringify(args.id)}`,
        );
      }
      return requestedHousehold(context, args.id);
    },
    ...addressChangeResolvers.Query,
  },

  Mutation: { ...mutationResolvers, ...addressChangeResolvers.Mutation },

  Person: {
    // Resolved for any caller, so the gateway can join on the key and fetch `accessGrant`; the
    // personal fields below refuse a caller who may not read the person.
    __resolveReference: (reference: { citizenId: string }, context: PublicSecurityContext) =>
      personEntity(context, reference.citizenId),
    name: personal((person) => person.name),
    sex: personal((person) => person.sex),
    birthDate: personal((person) => person.birthDate),
    ethnicity: personal((person) => person.ethnicity),
    household: personal((person, context) => context.households.load(person.householdId)),
    relationToHead: personal((person) => person.relationToHead),
    phone: personal((person, context) => phoneFor(context.identity, person)),
    father: personal((person, context) =>
      person.fatherCitizenId ? context.persons.load(person.fatherCitizenId) : null,
    ),
    mother: personal((person, context) =>
      person.motherCitizenId ? context.persons.load(person.motherCitizenId) : null,
    ),
    hukouInMunicipality: personal((person) => isInMunicipality(person.hukouDivisionCode)),
    accessGrant: (person: PersonEntity, _: unknown, context: PublicSecurityContext) =>
      accessGrantFor(context, person),
    publicSecurityDataUses: async (person: PersonEntity, _: unknown, context: PublicSecurityContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },

  Household: {
    __resolveReference: (reference: { id: string }, context: PublicSecurityContext) =>
      householdEntity(context, reference.id),
    address: registered(addressOf),
    registeredOn: registered((household) => household.registeredOn),
    ...addressChangeResolvers.Household,
    head: registered((household, context) => existingPerson(context, household.headCitizenId)),
    members: registered((household, context) =>
      Promise.all(household.memberCitizenIds.map((id) => existingPerson(context, id))),
    ),
  },

  AddressChange: addressChangeResolvers.AddressChange,
};
