/**
 * `Query.registrationCheck`: a proposed registration or registration change judged by market
 * regulation's rules, changing nothing. The service-center asks it before it acts (the restaurant
 * errand, the change errand), and the department's staff for a stated purpose; no one else, since the
 * answer says who represents an enterprise on the dishonesty list.
 */
import { text } from '../../lib/i18n/messages.ts';
import type {
  RegisteredAddress,
  RegistrationCheckRequest,
  RegistrationCheckView,
} from '../../schema/market-regulation/contract.ts';
import { forbidden, isServiceCenter, signInRequired, staffReadsWith } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { requireCreditCode } from '../kit/creditCodeArgument.ts';
import { requireAddress } from './arguments.ts';
import { DEPARTMENT } from './client.ts';
import type { MarketRegulationContext } from './context.ts';
import { READ_SCOPE } from './enterpriseAccess.ts';

/** The `RegistrationCheckInput` of the SDL: every part optional. */
export interface RegistrationCheckInput {
  creditCode?: string | null;
  name?: string | null;
  registeredAddress?: RegisteredAddress | null;
  legalRepresentativeCitizenId?: string | null;
}

/**
 * Refuses anyone but the service-center and staff holding `market-regulation:read` for a purpose.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` otherwise
 */
function requireCheckReader(context: MarketRegulationContext): void {
  const { identity } = context;
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (isServiceCenter(identity)) return;
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) return;
  throw forbidden(DEPARTMENT, text('refused.registrationCheck'));
}

/** The request to the department, each given part checked (`BAD_USER_INPUT` naming the argument). */
function checkRequestOf(input: RegistrationCheckInput): RegistrationCheckRequest {
  return {
    creditCode: input.creditCode ? requireCreditCode(DEPARTMENT, 'input.creditCode', input.creditCode) : null,
    name: input.name ?? null,
    registeredAddress: input.registeredAddress
      ? requireAddress('input.registeredAddress', input.registeredAddress)
      : null,
    legalRepresentativeCitizenId: input.legalRepresentativeCitizenId
      ? requireCitizenId(DEPARTMENT, 'input.legalRepresentativeCitizenId', input.legalRepresentativeCitizenId)
      : null,
  };
}

/** The resolver of `Query.registrationCheck`. */
export async function registrationCheck(
  _: unknown,
  args: { input: RegistrationCheckInput },
  context: MarketRegulationContext,
): Promise<RegistrationCheckView> {
  requireCheckReader(context);
  return context.client.registrationCheck(checkRequestOf(args.input));
}
