/**
 * Registration changes in the market-regulation subgraph: the act `amendEnterpriseRegistration` (for
 * the service-center's change errand and staff with `market-regulation:write`) and
 * `Enterprise.registrationChanges` with each department's progress (for those who act for the
 * enterprise, staff and the service-center). A legal representative named in a change appears as the
 * person rules say: whole to whom may read them, masked to anyone else.
 */

import type { DepartmentSyncView } from '../../lib/contract/protocol.ts';
import { text } from '../../lib/i18n/messages.ts';
import type {
  EnterpriseView,
  RegisteredAddress,
  RegistrationChangeView,
  RegistrationFieldChange,
} from '../../schema/market-regulation/contract.ts';
import { requireActCaller } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { requireAddress } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { MarketRegulationContext } from './context.ts';
import { requireActsForEnterprise } from './enterpriseAccess.ts';

/** The `EnterpriseChangeInput` of the SDL. */
export interface EnterpriseChangeInput {
  name?: string | null;
  registeredAddress?: RegisteredAddress | null;
  legalRepresentativeCitizenId?: string | null;
}

/** The resolver of `Mutation.amendEnterpriseRegistration`: arguments checked, then the department asked once. */
export async function amendEnterpriseRegistration(
  _: unknown,
  args: { creditCode: string; input: EnterpriseChangeInput; idempotencyKey: string },
  context: MarketRegulationContext,
): Promise<RegistrationChangeView> {
  requireActCaller(context.identity, DEPARTMENT);
  const creditCode = requireCreditCode(DEPARTMENT, 'creditCode', args.creditCode);
  const { input } = args;
  const representative = input.legalRepresentativeCitizenId
    ? requireCitizenId(DEPARTMENT, 'input.legalRepresentativeCitizenId', input.legalRepresentativeCitizenId)
    : undefined;
  const change = await context.client.changeRegistration(
    creditCode,
    {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.registeredAddress
        ? { registeredAddress: requireAddress('input.registeredAddress', input.registeredAddress) }
        : {}),
      ...(representative ? { legalRepresentativeCitizenId: representative } : {}),
    },
    requireIdempotencyKey(DEPARTMENT, args.idempotencyKey),
  );
  // The caller named the new representative: the answer shows them whole.
  if (representative) context.entitled.add(representative);
  return change;
}

/** The resolver of `Enterprise.registrationChanges`. */
export async function registrationChangesOf(
  enterprise: EnterpriseView,
  _: unknown,
  context: MarketRegulationContext,
): Promise<RegistrationChangeView[]> {
  await requireActsForEnterprise(enterprise, context, text('refused.registrationChanges'));
  return (await context.registrationChanges.load(enterprise.creditCode))?.changes ?? [];
}

/** The resolvers of the change's types. */
export const registrationChangeResolvers = {
  RegistrationChangeField: {
    from: (change: RegistrationFieldChange, _: unknown, context: MarketRegulationContext) =>
      change.field === 'LEGAL_REPRESENTATIVE'
        ? context.entitled.reference(change.from).citizenId
        : change.from,
    to: (change: RegistrationFieldChange, _: unknown, context: MarketRegulationContext) =>
      change.field === 'LEGAL_REPRESENTATIVE' ? context.entitled.reference(change.to).citizenId : change.to,
  },
  DepartmentDelivery: {
    updatedAt: (delivery: DepartmentSyncView) => delivery.appliedAt ?? delivery.deliveredAt ?? null,
  },
};
