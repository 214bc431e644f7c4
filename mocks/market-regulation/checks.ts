/**
 * Registration checks (登记核验): a proposed registration, or a proposed change of an enterprise's
 * registration, judged by the same rules `registration.ts` and `changes.ts` refuse with — every rule
 * it breaks at once, so the service-center can refuse an application before any department acts.
 * Nothing is written.
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import type {
  RegistrationCheckRequest,
  RegistrationCheckView,
  RegistrationViolation,
} from '../../schema/market-regulation/contract.ts';
import { listedEnterprisesOf, nameHolderOf } from './registration.ts';
import type { MarketRegulationStore } from './store.ts';

/**
 * The rules a proposal breaks on `today`. With a credit code it is a change of that enterprise: a
 * missing one is ENTERPRISE_NOT_FOUND, a revoked or deregistered one ENTERPRISE_NOT_ACTIVE; its own
 * name is not taken by itself, a reservation by its representative (current or proposed) is theirs,
 * and its own listing does not restrict its own representative.
 */
export function checkRegistration(
  store: MarketRegulationStore,
  request: RegistrationCheckRequest,
  today: string,
): RegistrationCheckView {
  const violations: RegistrationViolation[] = [];
  const code = request.creditCode ?? undefined;
  const [enterprise] = code ? store.enterprisesOf([code]) : [];
  if (code && !enterprise) {
    violations.push({ rule: 'ENTERPRISE_NOT_FOUND', creditCode: code, enterpriseName: null });
  } else if (enterprise && enterprise.status !== 'ACTIVE') {
    violations.push({
      rule: 'ENTERPRISE_NOT_ACTIVE',
      creditCode: enterprise.creditCode,
      enterpriseName: enterprise.name,
    });
  }
  if (request.name) {
    const applicants = [
      request.legalRepresentativeCitizenId,
      enterprise?.legalRepresentativeCitizenId,
    ].filter((citizenId): citizenId is string => typeof citizenId === 'string');
    const taken = nameHolderOf(store, request.name.trim(), applicants, today, code);
    if (taken?.holder === 'ENTERPRISE') {
      violations.push({
        rule: 'NAME_TAKEN',
        creditCode: taken.enterprise.creditCode,
        enterpriseName: taken.enterprise.name,
      });
    } else if (taken) {
      violations.push({ rule: 'NAME_TAKEN', creditCode: null, enterpriseName: null });
    }
  }
  if (request.registeredAddress && !isInMunicipality(request.registeredAddress.divisionCode)) {
    violations.push({ rule: 'ADDRESS_OUTSIDE_MUNICIPALITY', creditCode: null, enterpriseName: null });
  }
  if (request.legalRepresentativeCitizenId) {
    for (const listed of listedEnterprisesOf(store, request.legalRepresentativeCitizenId, code)) {
      violations.push({
        rule: 'REPRESENTATIVE_RESTRICTED',
        creditCode: listed.creditCode,
        enterpriseName: listed.name,
      });
    }
  }
  return { violations };
}
