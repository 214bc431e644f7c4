/**
 * Names and registration (名称自主申报, 设立登记), by the register's rules:
 *
 * - a name belongs to one enterprise of the register (a deregistered one's name is free again), and a
 *   declared name is reserved for its applicant for {@link NAME_RESERVATION_DAYS} days;
 * - an enterprise is registered in the municipality, at an address in one of its districts;
 * - the legal representative of an enterprise on the dishonesty list may not represent another
 *   (失信联合惩戒: 失信主体的法定代表人不得担任其他企业的法定代表人).
 *
 * Each runs inside the caller's idempotent-write transaction, so a refusal leaves nothing behind.
 */
import { creditCodeOf } from '../../lib/creditCode.ts';
import { isInMunicipality } from '../../lib/divisions.ts';
import { addDays } from '../../lib/isoDate.ts';
import type {
  EnterpriseRegistrationRequest,
  EnterpriseView,
  NameDeclarationView,
} from '../../schema/market-regulation/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { EnterpriseRecord } from './records.ts';
import type { MarketRegulationStore } from './store.ts';

/** Days a declared name stays reserved for its applicant. */
export const NAME_RESERVATION_DAYS = 30;

/** Who holds a name: an enterprise of the register, or a declaration reserving it. */
export type NameHolder =
  | { holder: 'ENTERPRISE'; enterprise: EnterpriseRecord }
  | { holder: 'DECLARATION'; declaration: NameDeclarationView };

/**
 * Who, other than the proposal's own side, holds `name` on `today`: an enterprise of the register
 * other than `enterprise` (a change keeps its own name free), or a declaration reserving it for an
 * applicant not among `applicants`; undefined when the name is free for them.
 */
export function nameHolderOf(
  store: MarketRegulationStore,
  name: string,
  applicants: readonly string[],
  today: string,
  enterprise?: string,
): NameHolder | undefined {
  const holder = store.enterpriseNamed(name);
  if (holder && holder.creditCode !== enterprise) return { holder: 'ENTERPRISE', enterprise: holder };
  const reserved = store
    .reservationsOf(name, today)
    .find((declaration) => !applicants.includes(declaration.applicantCitizenId));
  return reserved ? { holder: 'DECLARATION', declaration: reserved } : undefined;
}

/** Refuses a name another enterprise has, or another applicant's declaration reserves on `today`. */
export function requireNameFree(
  store: MarketRegulationStore,
  name: string,
  applicants: readonly string[],
  today: string,
  enterprise?: string,
): void {
  const taken = nameHolderOf(store, name, applicants, today, enterprise);
  if (taken?.holder === 'ENTERPRISE') {
    throw new ApiError(409, 'NAME_TAKEN', `the register has an enterprise named ${name}`, {
      holder: 'ENTERPRISE',
    });
  }
  if (taken) {
    throw new ApiError(409, 'NAME_TAKEN', `${name} is reserved by another applicant's declaration`, {
      holder: 'DECLARATION',
    });
  }
}

/** Declares a name and reserves it for its applicant; the applicant's own reservation is answered again. */
export function declareName(
  store: MarketRegulationStore,
  request: { name: string; divisionCode: string; applicantCitizenId: string },
  today: string,
): NameDeclarationView {
  requireNameFree(store, request.name, [request.applicantCitizenId], today);
  const held = store
    .reservationsOf(request.name, today)
    .find((declaration) => declaration.applicantCitizenId === request.applicantCitizenId);
  if (held) return held;
  const declaration: NameDeclarationView = {
    id: store.nextNumber('name_declarations', 'MC', request.divisionCode),
    name: request.name,
    divisionCode: request.divisionCode,
    applicantCitizenId: request.applicantCitizenId,
    declaredOn: today,
    reservedUntil: addDays(today, NAME_RESERVATION_DAYS),
  };
  store.insertDeclaration(declaration);
  return declaration;
}

/**
 * The enterprises on the dishonesty list that `citizenId` is the legal representative of, other than
 * `enterprise` (its own representative is not restricted from it by its own listing).
 */
export function listedEnterprisesOf(
  store: MarketRegulationStore,
  citizenId: string,
  enterprise?: string,
): EnterpriseView[] {
  return (store.enterprisesRepresentedBy([citizenId]).get(citizenId) ?? []).filter(
    (represented) => represented.dishonesty && represented.creditCode !== enterprise,
  );
}

/**
 * Refuses a legal representative who represents an enterprise on the dishonesty list (other than
 * `enterprise`): 422 `REPRESENTATIVE_RESTRICTED`, naming the listed enterprises.
 */
export function requireRepresentativeUnrestricted(
  store: MarketRegulationStore,
  citizenId: string,
  enterprise?: string,
): void {
  const listed = listedEnterprisesOf(store, citizenId, enterprise);
  if (listed.length > 0) {
    throw new ApiError(
      422,
      'REPRESENTATIVE_RESTRICTED',
      'the legal representative represents an enterprise on the dishonesty list and may not represent another',
      { creditCodes: listed.map((listedEnterprise) => listedEnterprise.creditCode) },
    );
  }
}

/** Refuses a registered address outside the municipality: 422 `ADDRESS_OUTSIDE_MUNICIPALITY`. */
export function requireAddressInMunicipality(divisionCode: string): void {
  if (!isInMunicipality(divisionCode)) {
    throw new ApiError(
      422,
      'ADDRESS_OUTSIDE_MUNICIPALITY',
      `division ${divisionCode} is outside Chongqing: an enterprise is registered where it is`,
    );
  }
}

/**
 * Registers an enterprise, issuing its business licence: a credit code of the division (authority 9
 * market regulation, category 1 an enterprise or 2 an individual business), numbered after those on file.
 */
export function registerEnterprise(
  store: MarketRegulationStore,
  request: EnterpriseRegistrationRequest,
  today: string,
): EnterpriseView {
  const { divisionCode } = request.registeredAddress;
  requireAddressInMunicipality(divisionCode);
  requireNameFree(store, request.name, [request.legalRepresentativeCitizenId], today);
  requireRepresentativeUnrestricted(store, request.legalRepresentativeCitizenId);
  const category = request.type === 'INDIVIDUAL_BUSINESS' ? '2' : '1';
  const sequence = String(store.countIn('enterprises', divisionCode) + 1).padStart(7, '0');
  const enterprise = {
    creditCode: creditCodeOf(`9${category}${divisionCode}MB${sequence}`),
    name: request.name,
    type: request.type,
    industry: request.industry,
    registeredAddress: request.registeredAddress,
    businessScope: request.businessScope,
    legalRepresentativeCitizenId: request.legalRepresentativeCitizenId,
    status: 'ACTIVE' as const,
    registeredOn: today,
  };
  store.insertEnterprise(enterprise);
  return { ...enterprise, dishonesty: null, foodLicences: [] };
}
