/**
 * Resolvers of the civil-affairs subgraph: marriage registration and social assistance.
 *
 * People and households are references (`{ citizenId }`, `{ id }`): public security owns them, and
 * every civil-affairs field of a person comes from the one people loader, so a list of people costs
 * one department call however many of these fields are asked for. Every record is checked before it
 * is answered (see `access.ts`); the department's act is for the service-center and the
 * department's staff with `civil-affairs:write` only.
 *
 * The people a record names besides its reader — a spouse, the other party of a marriage, a case's
 * members — are answered as `context.entitled` shows them: whole when the reader may read them (see
 * `EntitledPeople`), masked otherwise. Being a party to a record is not a licence to the other
 * parties: a divorcee's ex-spouse, or the adult members of a case, are not the reader's to look up.
 */

import { divisionOf } from '../../lib/divisions.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';
import {
  ASSISTANCE_CASE_ID,
  type AssistanceCaseView,
  caseMemberReason,
  MARRIAGE_ID,
  type MarriageView,
  type PersonView,
} from '../../schema/civil-affairs/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import {
  type PersonReference,
  readAssistanceCase,
  readHouseholdAssistanceCase,
  readMarriage,
} from './access.ts';
import { DEPARTMENT } from './client.ts';
import type { CivilAffairsContext } from './context.ts';

/** A household as this subgraph passes it around: just the key. */
interface HouseholdReference {
  id: string;
}

/**
 * Civil affairs' answer about a person, once the caller may read it; a person it holds nothing about
 * has no marriages and no case.
 *
 * @throws GraphQLError `UNAUTHENTICATED` or `FORBIDDEN` when the caller may not read the person
 */
async function recordsOf(context: CivilAffairsContext, person: PersonReference): Promise<PersonView> {
  await context.personAccess.load(person);
  const view = await context.people.load(person.citizenId);
  return view ?? { citizenId: person.citizenId, marriages: [], assistanceCase: null };
}

/** The registration in force among a person's marriages, if any. */
function marriageInForce(view: PersonView): MarriageView | null {
  return view.marriages.find((marriage) => marriage.status === 'MARRIED') ?? null;
}

/** The `Division` object of a division code; name and province are null for a code the graph does not know. */
function divisionFor(code: string) {
  const division = divisionOf(code);
  return { code, name: division?.name ?? null, province: division?.province ?? null };
}

/** Throws BAD_USER_INPUT unless `id` has the format `pattern` describes by `example`. */
function requireFormat(argument: string, id: string, pattern: RegExp, expected: Text): string {
  if (!pattern.test(id)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected, got: JSON.stringify(id) }),
    );
  }
  return id;
}

export const resolvers: SubgraphResolvers<CivilAffairsContext> = {
  Mutation: {
    // Called once and never retried here: the caller's idempotency key makes a repeat safe.
    addAssistanceCaseMember: async (
      _: unknown,
      args: { caseId: string; citizenId: string; reason: string; idempotencyKey: string },
      context: CivilAffairsContext,
    ) => {
      requireActCaller(context.identity, DEPARTMENT);
      const reason = caseMemberReason.safeParse(args.reason);
      if (!reason.success) {
        throw badUserInput(
          DEPARTMENT,
          'reason',
          'FORMAT',
          text('input.oneOf', { argument: 'reason', options: caseMemberReason.options.join(', ') }),
        );
      }
      const citizenId = requireCitizenId(DEPARTMENT, 'citizenId', args.citizenId);
      const answer = await context.client.addCaseMember(
        args.caseId,
        { citizenId, reason: reason.data },
        requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
      );
      // The caller named the new member: the answer shows them whole, and the other members as ever.
      context.entitled.add(citizenId);
      return answer;
    },
  },

  Query: {
    marriage: (_: unknown, args: { id: string }, context: CivilAffairsContext) => {
      const id = requireFormat('id', args.id, MARRIAGE_ID, text('expected.marriageId'));
      return readMarriage(context.identity, () => context.marriages.load(id));
    },

    assistanceCase: (_: unknown, args: { id: string }, context: CivilAffairsContext) => {
      const id = requireFormat('id', args.id, ASSISTANCE_CASE_ID, text('expected.assistanceCaseId'));
      return readAssistanceCase(context.identity, () => context.assistanceCases.load(id));
    },
  },

  Person: {
    // The grant travels with the person to every field, which checks it before answering.
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    maritalStatus: async (person: PersonReference, _: unknown, context: CivilAffairsContext) => {
      const view = await recordsOf(context, person);
      if (marriageInForce(view)) return 'MARRIED';
      return view.marriages.length > 0 ? 'DIVORCED' : 'NO_RECORD';
    },
    marriage: async (person: PersonReference, _: unknown, context: CivilAffairsContext) =>
      marriageInForce(await recordsOf(context, person)),
    marriages: async (person: PersonReference, _: unknown, context: CivilAffairsContext) =>
      (await recordsOf(context, person)).marriages,
    spouse: async (person: PersonReference, _: unknown, context: CivilAffairsContext) => {
      const marriage = marriageInForce(await recordsOf(context, person));
      if (!marriage) return null;
      const citizenId =
        marriage.husbandCitizenId === person.citizenId ? marriage.wifeCitizenId : marriage.husbandCitizenId;
      return context.entitled.reference(citizenId);
    },
    assistanceCase: async (person: PersonReference, _: unknown, context: CivilAffairsContext) =>
      (await recordsOf(context, person)).assistanceCase,
    civilAffairsDataUses: async (person: PersonReference, _: unknown, context: CivilAffairsContext) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },

  Household: {
    __resolveReference: (reference: HouseholdReference): HouseholdReference => ({ id: reference.id }),
    assistanceCase: (household: HouseholdReference, _: unknown, context: CivilAffairsContext) =>
      readHouseholdAssistanceCase(
        context.identity,
        async () => (await context.households.load(household.id))?.assistanceCase ?? null,
      ),
  },

  MarriageRecord: {
    __resolveReference: (reference: { id: string }, context: CivilAffairsContext) =>
      readMarriage(context.identity, () => context.marriages.load(reference.id)),
    husband: (marriage: MarriageView, _: unknown, context: CivilAffairsContext): PersonReference =>
      context.entitled.reference(marriage.husbandCitizenId),
    wife: (marriage: MarriageView, _: unknown, context: CivilAffairsContext): PersonReference =>
      context.entitled.reference(marriage.wifeCitizenId),
    registryOffice: (marriage: MarriageView) => divisionFor(marriage.registryDivisionCode),
  },

  AssistanceCase: {
    __resolveReference: (reference: { id: string }, context: CivilAffairsContext) =>
      readAssistanceCase(context.identity, () => context.assistanceCases.load(reference.id)),
    household: (assistanceCase: AssistanceCaseView): HouseholdReference => ({
      id: assistanceCase.householdId,
    }),
    jurisdiction: (assistanceCase: AssistanceCaseView) => divisionFor(assistanceCase.divisionCode),
    members: (
      assistanceCase: AssistanceCaseView,
      _: unknown,
      context: CivilAffairsContext,
    ): PersonReference[] =>
      assistanceCase.memberCitizenIds.map((citizenId) => context.entitled.reference(citizenId)),
  },
};
