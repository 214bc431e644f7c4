/**
 * Resolvers of the public-security subgraph: identity, households and addresses. Who may read what is
 * decided in `access.ts`: the keys (`citizenId`, `id`) are readable by whoever reached a person or a
 * household (masked for a person the reader may not read in full), every other field checks the
 * caller first.
 */

import { isInMunicipality } from '../../lib/divisions.ts';
import { text } from '../../lib/i18n/messages.ts';
import type { HouseholdView, PersonView, RecordShareView } from '../../schema/public-security/contract.ts';
import { forbidden, readerCitizenId, signInRequired } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { badUserInput } from '../kit/errors.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import {
  accessGrantFor,
  type HouseholdEntity,
  householdEntity,
  isMaskedPerson,
  membersFor,
  nameFor,
  type PersonEntity,
  personEntity,
  personReference,
  phoneFor,
  readableHousehold,
  readablePerson,
  registerEntry,
  requestedHousehold,
  requestedPerson,
} from './access.ts';
import { addressOf } from './address.ts';
import { addressChangeResolvers } from './addressChanges.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';
import { mutationResolvers } from './mutations.ts';
import { recordShareMutations, recordShareResolvers } from './recordShares.ts';

/** The most IDs `people` accepts, the department system's batch limit. */
export const MAX_PEOPLE_PER_QUERY = 500;

const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;

/** A resolver of a personal `Person` field: answers only when the caller may read the person. */
function personal<T>(read: (person: PersonView, context: PublicSecurityContext) => T) {
  return async (person: PersonEntity, _: unknown, context: PublicSecurityContext) =>
    read(await readablePerson(context, person), context);
}

/** A resolver of a field the household register shows (relation, household): at `REGISTER` level and up. */
function onRegister<T>(read: (person: PersonView, context: PublicSecurityContext) => T) {
  return async (person: PersonEntity, _: unknown, context: PublicSecurityContext) =>
    read(await registerEntry(context, person), context);
}

/** A resolver of a person's list of shares: for the person themself only. */
function ownShares(list: (person: PersonView) => RecordShareView[]) {
  return async (person: PersonEntity, _: unknown, context: PublicSecurityContext) => {
    if (context.identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
    const reader = readerCitizenId(context.identity);
    if (!isMaskedPerson(person) && reader === person.citizenId) {
      return list(await readablePerson(context, person));
    }
    throw forbidden(DEPARTMENT, text('refused.recordShares'));
  };
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
          text('publicSecurity.tooManyPeople', { max: MAX_PEOPLE_PER_QUERY, count: args.citizenIds.length }),
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
          text('input.format', {
            argument: 'id',
            expected: text('expected.householdId'),
            got: JSON.stringify(args.id),
          }),
        );
      }
      return requestedHousehold(context, args.id);
    },
    ...addressChangeResolvers.Query,
  },

  Mutation: { ...mutationResolvers, ...addressChangeResolvers.Mutation, ...recordShareMutations },

  Person: {
    // Resolved for any caller, so the gateway can join on the key and fetch `accessGrant`; the
    // personal fields below refuse a caller who may not read the person.
    __resolveReference: (reference: { citizenId: string }, context: PublicSecurityContext) =>
      personEntity(context, reference.citizenId),
    name: (person: PersonEntity, _: unknown, context: PublicSecurityContext) => nameFor(context, person),
    sex: personal((person) => person.sex),
    birthDate: personal((person) => person.birthDate),
    ethnicity: personal((person) => person.ethnicity),
    household: onRegister((person, context) => context.households.load(person.householdId)),
    relationToHead: onRegister((person) => person.relationToHead),
    phone: personal((person, context) => phoneFor(context.identity, person)),
    father: personal((person, context) =>
      person.fatherCitizenId ? personReference(context, person.fatherCitizenId) : null,
    ),
    mother: personal((person, context) =>
      person.motherCitizenId ? personReference(context, person.motherCitizenId) : null,
    ),
    recordsSharedWith: ownShares((person) => person.recordsSharedWith),
    recordsSharedByOthers: ownShares((person) => person.recordsSharedByOthers),
    hukouInMunicipality: personal((person) => isInMunicipality(person.hukouDivisionCode)),
    accessGrant: (person: PersonEntity, _: unknown, context: PublicSecurityContext) =>
      accessGrantFor(context, person),
    publicSecurityDataUses: async (person: PersonEntity, _: unknown, context: PublicSecurityContext) => {
      // A masked key opens nobody's log, not even an auditor's: it names no one.
      if (isMaskedPerson(person)) throw forbidden(DEPARTMENT, text('refused.dataUses'));
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
    kind: registered((household) => household.kind),
    ...addressChangeResolvers.Household,
    head: registered((household, context) => personReference(context, household.headCitizenId)),
    members: registered((household, context) => membersFor(context, household)),
  },

  AddressChange: addressChangeResolvers.AddressChange,

  RecordShare: recordShareResolvers,
};
