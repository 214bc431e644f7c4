/**
 * The public-security subgraph's mutations: the department's acts in one-thing errands, which the
 * service-center calls. Only the service-center (or public-security staff with the write scope) may
 * call them; arguments are checked here; the department's refusals arrive from the client as
 * `DEPARTMENT_REJECTED`.
 */
import { text } from '../../lib/i18n/messages.ts';
import type { BirthRegistration } from '../../schema/public-security/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';

/** The GraphQL input of `registerBirth`. */
interface BirthRegistrationInput {
  householdId: string;
  name: string;
  sex: 'MALE' | 'FEMALE';
  birthDate: string;
  fatherCitizenId?: string | null;
  motherCitizenId: string;
  birthCertificateNumber: string;
}

/**
 * Resolvers of `Mutation`. Each calls the department once and is never retried here: a retry after a
 * lost answer could register a child twice. The caller's idempotency key makes a repeat safe.
 */
export const mutationResolvers = {
  registerBirth: async (
    _: unknown,
    args: { input: BirthRegistrationInput; idempotencyKey: string },
    context: PublicSecurityContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const { input } = args;
    const name = input.name.trim();
    if (name.length < 1 || name.length > 40) {
      throw badUserInput(DEPARTMENT, 'input.name', 'LENGTH', text('publicSecurity.nameLength'));
    }
    const registration: BirthRegistration = await context.client.registerBirth(
      {
        householdId: input.householdId,
        name,
        sex: input.sex,
        birthDate: input.birthDate,
        fatherCitizenId: input.fatherCitizenId
          ? requireCitizenId(DEPARTMENT, 'input.fatherCitizenId', input.fatherCitizenId)
          : null,
        motherCitizenId: requireCitizenId(DEPARTMENT, 'input.motherCitizenId', input.motherCitizenId),
        birthCertificateNumber: input.birthCertificateNumber,
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    return {
      ...registration,
      child: () => context.persons.load(registration.citizenId),
      household: () => context.households.load(registration.householdId),
    };
  },
};
