/**
 * What an enterprise registration change (企业信息变更一件事) holds: the enterprise, what changes — its
 * name, registered address or legal representative — and who asked for it, as market regulation's
 * records showed them at submission. Stored with the application, so a restarted process has it all.
 */
import type { PremisesAddress } from '../enterpriseInput.ts';

/** The kind name of the enterprise registration change errand. */
export const ENTERPRISE_CHANGE = 'ENTERPRISE_CHANGE';

/** What changes; at least one of them. */
export interface EnterpriseChange {
  name: string | null;
  registeredAddress: PremisesAddress | null;
  legalRepresentativeCitizenId: string | null;
}

/** How the applicant acts for the enterprise, as market regulation's records said at submission. */
export type ActingAs = 'LEGAL_REPRESENTATIVE' | 'AUTHORISED_AGENT';

/** The stored input of an enterprise registration change. */
export interface EnterpriseChangeInput {
  creditCode: string;
  change: EnterpriseChange;
  actingAs: ActingAs;
}
