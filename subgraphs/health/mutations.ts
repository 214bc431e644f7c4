/**
 * The health subgraph's mutations: the department's acts in the newborn errand, which the service
 * center calls. Arguments are checked here; the department's own refusals arrive as
 * `DEPARTMENT_REJECTED` from the client. Only the service center and staff holding `health:write`
 * may act: the public graph hides the acts, and the check stops callers that reach the subgraph.
 */
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { requireBirthRecordId, requireDivisionCode, requireText } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { HealthContext } from './context.ts';

/**
 * Resolvers of `Mutation`. Each calls the department once and is never retried here: a retry after a
 * lost answer could act twice. The caller's idempotency key is what makes a repeat safe.
 */
export const mutationResolvers = {
  issueBirthCertificate: (
    _: unknown,
    args: { birthRecordId: string; childName: string; idempotencyKey: string },
    context: HealthContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    return context.client.issueBirthCertificate(
      {
        birthRecordId: requireBirthRecordId('birthRecordId', args.birthRecordId),
        childName: requireText('childName', args.childName, 40),
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
  },

  openVaccinationRecord: (
    _: unknown,
    args: { birthRecordId: string; divisionCode: string; street: string; idempotencyKey: string },
    context: HealthContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    return context.client.openVaccinationRecord(
      {
        birthRecordId: requireBirthRecordId('birthRecordId', args.birthRecordId),
        divisionCode: requireDivisionCode('divisionCode', args.divisionCode),
        street: requireText('street', args.street, 40),
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
  },

  bindNewbornIdentity: async (
    _: unknown,
    args: { birthRecordId: string; citizenId: string; idempotencyKey: string },
    context: HealthContext,
  ) => {
    requireActCaller(context.identity, DEPARTMENT);
    const binding = await context.client.bindNewbornIdentity(
      {
        birthRecordId: requireBirthRecordId('birthRecordId', args.birthRecordId),
        citizenId: requireCitizenId(DEPARTMENT, 'citizenId', args.citizenId),
      },
      requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
    );
    // The report changed: its fields are read afresh, not from a copy loaded earlier in this request.
    context.birthRecords.clear(binding.birthRecordId);
    // The caller named the child: the answer shows them whole; the parents as the caller may read them.
    context.entitled.add(binding.citizenId);
    return { id: binding.birthRecordId };
  },
};
