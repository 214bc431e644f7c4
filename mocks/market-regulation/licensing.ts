/**
 * Food business licences (食品经营许可) and who may act for an enterprise, by the register's rules:
 *
 * - a licence is issued to an enterprise in business, not on the dishonesty list, for premises in the
 *   municipality, valid {@link FOOD_LICENCE_VALIDITY_YEARS} years; one licence valid today per premises;
 * - a citizen acts for an enterprise as its legal representative of record, or as an agent under an
 *   authorisation valid on the day — never on their own word.
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import { addDays } from '../../lib/isoDate.ts';
import type {
  EnterpriseView,
  FoodLicenceRequest,
  FoodLicenceView,
  RepresentationView,
} from '../../schema/market-regulation/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { MarketRegulationStore } from './store.ts';

/** Years a food business licence is valid (食品经营许可证有效期为5年). */
export const FOOD_LICENCE_VALIDITY_YEARS = 5;

/** The last day a licence issued on `issuedOn` is valid. */
export function licenceValidUntil(issuedOn: string): string {
  const year = Number(issuedOn.slice(0, 4)) + FOOD_LICENCE_VALIDITY_YEARS;
  return addDays(`${year}${issuedOn.slice(4)}`, -1);
}

/** The licence's kind digit: 2 catering (餐饮服务) when it prepares food, 1 sales (食品销售) otherwise. */
function kindDigit(items: readonly string[]): string {
  return items.every((item) => item === 'PREPACKAGED_FOOD') ? '1' : '2';
}

/** The enterprise with this credit code, or 404 `ENTERPRISE_NOT_FOUND`. */
export function requireEnterprise(store: MarketRegulationStore, creditCode: string): EnterpriseView {
  const [enterprise] = store.enterprisesOf([creditCode]);
  if (!enterprise)
    throw new ApiError(404, 'ENTERPRISE_NOT_FOUND', `no enterprise has the credit code ${creditCode}`);
  return enterprise;
}

/** Issues a food business licence for an enterprise's premises. */
export function issueFoodLicence(
  store: MarketRegulationStore,
  request: FoodLicenceRequest,
  today: string,
): FoodLicenceView {
  const enterprise = requireEnterprise(store, request.creditCode);
  if (enterprise.status !== 'ACTIVE') {
    throw new ApiError(422, 'ENTERPRISE_NOT_ACTIVE', `the enterprise is ${enterprise.status.toLowerCase()}`);
  }
  if (enterprise.dishonesty) {
    throw new ApiError(422, 'ENTERPRISE_DISHONEST', 'the enterprise is on the dishonesty list');
  }
  const { address } = request.premises;
  if (!isInMunicipality(address.divisionCode)) {
    throw new ApiError(
      422,
      'PREMISES_OUTSIDE_MUNICIPALITY',
      `division ${address.divisionCode} is outside Chongqing: its own regulator licenses premises there`,
    );
  }
  const current = enterprise.foodLicences.find(
    (licence) =>
      licence.validUntil >= today &&
      licence.premises.address.divisionCode === address.divisionCode &&
      licence.premises.address.detail === address.detail,
  );
  if (current) {
    throw new ApiError(409, 'FOOD_LICENCE_EXISTS', `licence ${current.number} covers these premises`, {
      licenceNumber: current.number,
    });
  }
  const sequence = String(store.countIn('food_licences', address.divisionCode) + 1).padStart(7, '0');
  const licence: FoodLicenceView = {
    number: `JY${kindDigit(request.businessItems)}${address.divisionCode}${sequence}`,
    creditCode: enterprise.creditCode,
    premises: { address, floorArea: request.premises.floorArea, seats: request.premises.seats },
    businessItems: [...request.businessItems],
    issuedOn: today,
    validUntil: licenceValidUntil(today),
  };
  store.insertFoodLicence(licence);
  return licence;
}

/** How `citizenId` may act for the enterprise on `today`. */
export function representationOf(
  store: MarketRegulationStore,
  request: { creditCode: string; citizenId: string },
  today: string,
): RepresentationView {
  const enterprise = requireEnterprise(store, request.creditCode);
  const answer = {
    creditCode: enterprise.creditCode,
    citizenId: request.citizenId,
    enterpriseStatus: enterprise.status,
  };
  if (enterprise.legalRepresentativeCitizenId === request.citizenId) {
    return { ...answer, role: 'LEGAL_REPRESENTATIVE', authorisation: null };
  }
  const authorisation = (
    store.authorisationsOf([enterprise.creditCode]).get(enterprise.creditCode) ?? []
  ).find(
    (entry) =>
      entry.agentCitizenId === request.citizenId && entry.grantedOn <= today && today <= entry.validUntil,
  );
  return authorisation
    ? { ...answer, role: 'AUTHORISED_AGENT', authorisation }
    : { ...answer, role: 'NONE', authorisation: null };
}
