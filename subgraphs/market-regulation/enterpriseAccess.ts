/**
 * Who may read what of an enterprise beyond its public registration data (企业信息公示): the details of
 * its dishonesty listing and its authorisations are for those who act for it — its legal
 * representative of record and the agents it authorised (an authorisation valid today), each directly
 * or through the service-center acting for them — and for market-regulation staff holding
 * `market-regulation:read` for a stated purpose. The token names the citizen; whether that citizen
 * acts for the enterprise is market regulation's records' answer, never a claim in the token.
 */
import type { Text } from '../../lib/i18n/messages.ts';
import type { EnterpriseView } from '../../schema/market-regulation/contract.ts';
import { forbidden, readerCitizenId, signInRequired, staffReadsWith } from '../kit/access.ts';
import { DEPARTMENT } from './client.ts';
import type { MarketRegulationContext } from './context.ts';

/** The scope with which the department's staff read what the public does not see. */
export const READ_SCOPE = `${DEPARTMENT}:read`;

/**
 * Refuses a reader who neither acts for the enterprise nor is the department's staff reading for a
 * purpose. An agent is looked up in the enterprise's authorisations (one call for every enterprise of
 * the request).
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` (reason `PURPOSE_REQUIRED` for
 *   staff without a purpose) otherwise
 */
export async function requireActsForEnterprise(
  enterprise: EnterpriseView,
  context: MarketRegulationContext,
  what: Text,
): Promise<void> {
  const { identity } = context;
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) return;
  const reader = readerCitizenId(identity);
  if (reader === null) throw forbidden(DEPARTMENT, what);
  if (reader === enterprise.legalRepresentativeCitizenId) return;
  const today = context.today();
  const recorded = await context.authorisations.load(enterprise.creditCode);
  const agent = recorded?.authorisations.some(
    (entry) => entry.agentCitizenId === reader && entry.grantedOn <= today && today <= entry.validUntil,
  );
  if (!agent) throw forbidden(DEPARTMENT, what);
}
