/**
 * Resolvers of the medical-insurance subgraph: a person's enrolment in basic medical insurance, who
 * used their medical-insurance data, and the department's act in the newborn errand.
 *
 * Every enrolment comes from the one readable-people loader (`context.ts`), which checks public
 * security's grant for each person first and then asks the department about the readable ones in a
 * single call. The act is for the service-center and the department's staff with
 * `medical-insurance:write` only. The insured person an enrolment names appears whole to whom may read
 * them (`context.entitled`: the person, a reader holding their grant, staff with
 * `medical-insurance:read`, the service-center), masked otherwise.
 */
import { text } from '../../lib/i18n/messages.ts';
import { type EnrolmentView, HOUSEHOLD_ID } from '../../schema/medical-insurance/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { dataUseOf, requireDataUseReader } from '../kit/dataUses.ts';
import { divisionView } from '../kit/divisions.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import type { PersonReference } from '../kit/readablePeople.ts';
import type { SubgraphResolvers } from '../kit/server.ts';
import { DEPARTMENT } from './client.ts';
import type { MedicalInsuranceContext } from './context.ts';

/** The arguments of `enrolNewbornInInsurance`. */
interface EnrolNewbornArgs {
  input: { citizenId: string; householdId: string; birthDate: string; assistance: boolean };
  idempotencyKey: string;
}

/** Returns a household number, or throws `BAD_USER_INPUT` (`FORMAT`). */
function requireHouseholdId(argument: string, value: string): string {
  if (!HOUSEHOLD_ID.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected: text('expected.householdId'), got: JSON.stringify(value) }),
    );
  }
  return value;
}

/** True when the contribution for the current year is settled: paid, or waived. */
function contributionSettled(enrolment: EnrolmentView, today: string): boolean {
  const year = Number(today.slice(0, 4));
  const status = enrolment.contributions.find((contribution) => contribution.year === year)?.status;
  return status === 'PAID' || status === 'WAIVED';
}

/** The resolvers of `schema/medical-insurance/medical-insurance.graphql`. */
export const resolvers: SubgraphResolvers<MedicalInsuranceContext> = {
  Mutation: {
    // Called once and never retried here: the caller's idempotency key makes a repeat safe.
    enrolNewbornInInsurance: async (_: unknown, args: EnrolNewbornArgs, context: MedicalInsuranceContext) => {
      requireActCaller(context.identity, DEPARTMENT);
      const { input } = args;
      const citizenId = requireCitizenId(DEPARTMENT, 'input.citizenId', input.citizenId);
      const enrolment = await context.client.enrolNewborn(
        {
          citizenId,
          householdId: requireHouseholdId('input.householdId', input.householdId),
          birthDate: input.birthDate,
          assistance: input.assistance,
        },
        requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
      );
      // The caller named the newborn: the answer shows them whole.
      context.entitled.add(citizenId);
      return enrolment;
    },
  },

  Person: {
    // The grant travels with the person to every field, which checks it before answering.
    __resolveReference: (reference: PersonReference): PersonReference => ({
      citizenId: reference.citizenId,
      accessGrant: reference.accessGrant ?? null,
    }),
    medicalInsurance: (person: PersonReference, _: unknown, context: MedicalInsuranceContext) =>
      context.enrolments.load(person),
    medicalInsuranceDataUses: async (
      person: PersonReference,
      _: unknown,
      context: MedicalInsuranceContext,
    ) => {
      requireDataUseReader(DEPARTMENT, context.identity, person.citizenId);
      const entries = await context.dataUses.load(person.citizenId);
      return entries.map((entry) => dataUseOf(person.citizenId, entry));
    },
  },

  MedicalInsurance: {
    enrolmentNumber: (enrolment: EnrolmentView) => enrolment.id,
    insured: (enrolment: EnrolmentView, _: unknown, context: MedicalInsuranceContext): PersonReference =>
      context.entitled.reference(enrolment.citizenId),
    insuredArea: (enrolment: EnrolmentView) => divisionView(enrolment.insuredDivisionCode),
    contributionPaidThisYear: (enrolment: EnrolmentView, _: unknown, context: MedicalInsuranceContext) =>
      contributionSettled(enrolment, context.today()),
  },
};
