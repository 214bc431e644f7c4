/**
 * The enterprise scenarios of `mocks/scenarios.json`: records of market regulation, fire rescue and
 * urban management (and the register's people) named by the situation the enterprise errands meet.
 * Each is picked from the generated records by its property, never by an id, so the same names hold in
 * any seed set drawn the same way with another random seed (a held-out set).
 *
 * Where several records fit, the first by credit code (citizen ID for a person) is chosen, so the
 * choice is deterministic and needs no draw from the Random stream.
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import { addDays } from '../../lib/isoDate.ts';
import { LARGE_PREMISES_FLOOR_AREA } from '../../mocks/fire-rescue/inspection.ts';
import type { fireRescueSeed } from '../../mocks/fire-rescue/records.ts';
import { ageOn } from '../../mocks/kit/seed/calendar.ts';
import type { SeedData } from '../../mocks/kit/seed.ts';
import type {
  EnterpriseRecord,
  FoodLicenceRecord,
  marketRegulationSeed,
} from '../../mocks/market-regulation/records.ts';
import type { PersonRecord } from '../../mocks/public-security/records.ts';
import type { urbanManagementSeed } from '../../mocks/urban-management/records.ts';
import type { EnterpriseScenarios } from './scenarios.ts';

/** Days after the reference date within which a food licence's expiry makes it `licenceNearExpiry`. */
export const LICENCE_NEAR_EXPIRY_DAYS = 90;

/** The records the enterprise scenarios are picked from: the register's people and three departments'. */
export interface EnterpriseSeedRecords {
  /** The population register (public security's persons). */
  persons: readonly PersonRecord[];
  /** Market regulation's collections. */
  market: SeedData<typeof marketRegulationSeed>;
  /** Fire rescue's collections. */
  fire: SeedData<typeof fireRescueSeed>;
  /** Urban management's collections. */
  urban: SeedData<typeof urbanManagementSeed>;
}

/** A premises address as the departments compare them: the division and the detail. */
type PlaceAddress = { divisionCode: string; detail: string };

/** Whether two addresses are the same place, as fire rescue and market regulation match premises. */
function samePlace(a: PlaceAddress, b: PlaceAddress): boolean {
  return a.divisionCode === b.divisionCode && a.detail === b.detail;
}

/**
 * What the enterprise errands ask of the records, answered on `referenceDate`: who is listed,
 * who represents or acts for which enterprise, which licences are valid, and what the other
 * departments hold at a licence's premises.
 */
function enterpriseFacts(records: EnterpriseSeedRecords, referenceDate: string) {
  const { market, fire, urban } = records;
  const listed = new Set(market['dishonesty-list'].map((entry) => entry.creditCode));
  const byCode = new Map(market.enterprises.map((e) => [e.creditCode, e]));
  const representedBy = (citizenId: string) =>
    market.enterprises.filter((e) => e.legalRepresentativeCitizenId === citizenId);
  const validLicence = (licence: FoodLicenceRecord) =>
    licence.issuedOn <= referenceDate && referenceDate <= licence.validUntil;
  const licencesOf = (creditCode: string) =>
    market['food-licences'].filter((l) => l.creditCode === creditCode);
  /** Fire rescue's premises of the enterprise at this licence's premises. */
  const premisesOf = (licence: FoodLicenceRecord) =>
    fire.premises.find(
      (p) => p.creditCode === licence.creditCode && samePlace(p.address, licence.premises.address),
    );
  /** A fire safety check that lets the premises open: a commitment accepted or an inspection passed. */
  const fireSafetyCheckOf = (licence: FoodLicenceRecord) => {
    const premises = premisesOf(licence);
    return fire['fire-safety-checks'].find(
      (check) =>
        check.premisesId === premises?.id && (check.status === 'ACCEPTED' || check.status === 'PASSED'),
    );
  };
  const signboardOf = (licence: FoodLicenceRecord) =>
    urban.signboards.find(
      (s) => s.creditCode === licence.creditCode && samePlace(s.address, licence.premises.address),
    );
  const drainagePermitOf = (licence: FoodLicenceRecord) =>
    urban['drainage-permits'].find(
      (p) =>
        p.creditCode === licence.creditCode &&
        samePlace(p.address, licence.premises.address) &&
        p.issuedOn <= referenceDate &&
        referenceDate <= p.validUntil,
    );
  /** An enterprise in business and not on the dishonesty list. */
  const inGoodStanding = (e: EnterpriseRecord) => e.status === 'ACTIVE' && !listed.has(e.creditCode);
  return {
    listed,
    byCode,
    representedBy,
    validLicence,
    licencesOf,
    premisesOf,
    fireSafetyCheckOf,
    signboardOf,
    drainagePermitOf,
    inGoodStanding,
    /** Whether the licence runs out within {@link LICENCE_NEAR_EXPIRY_DAYS} days of the reference date. */
    nearExpiry: (licence: FoodLicenceRecord) =>
      validLicence(licence) && licence.validUntil <= addDays(referenceDate, LICENCE_NEAR_EXPIRY_DAYS),
    /** Whether the citizen acts for no enterprise, as its representative or as an agent. */
    actsForNone: (citizenId: string) =>
      representedBy(citizenId).length === 0 &&
      market.authorisations.every((a) => a.agentCitizenId !== citizenId),
  };
}

/** The first of `items` that fits, or an error naming the scenario nothing fits. */
function first<T>(scenario: string, items: readonly T[], fits: (item: T) => boolean): T {
  const found = items.find(fits);
  if (found === undefined) throw new Error(`no record fits the enterprise scenario ${scenario}`);
  return found;
}

/**
 * Picks every enterprise scenario from the records, by its property (see `EnterpriseScenarios` in
 * `scenarios.ts`). Throws naming the scenario when no record fits, so a generator change that drops
 * one fails the generation rather than a test far away.
 */
export function chooseEnterpriseScenarios(
  records: EnterpriseSeedRecords,
  referenceDate: string,
): EnterpriseScenarios {
  const facts = enterpriseFacts(records, referenceDate);
  const { market } = records;
  // Each scenario names an enterprise of its own, so that a test acting on one (renaming the
  // restaurant) leaves the others as they are named (the taken name still taken).
  const named = new Set<string>();
  const pick = (
    scenario: string,
    candidates: readonly EnterpriseRecord[],
    fits: (e: EnterpriseRecord) => boolean,
  ) => {
    const found = first(scenario, candidates, (e) => !named.has(e.creditCode) && fits(e));
    named.add(found.creditCode);
    return found;
  };
  const enterprises = [...market.enterprises].sort((a, b) => a.creditCode.localeCompare(b.creditCode));
  const restaurants = enterprises.filter((e) => e.industry === 'CATERING' && facts.inGoodStanding(e));
  const withRepresentative = (e: EnterpriseRecord) => ({
    creditCode: e.creditCode,
    legalRepresentativeCitizenId: e.legalRepresentativeCitizenId,
  });

  const dishonest = pick('dishonestEnterprise', enterprises, (e) => facts.listed.has(e.creditCode));
  const restaurant = pick('restaurant', restaurants, (e) => {
    const sole = facts.representedBy(e.legalRepresentativeCitizenId).length === 1;
    return (
      sole &&
      facts
        .licencesOf(e.creditCode)
        .some(
          (l) =>
            facts.validLicence(l) &&
            !facts.nearExpiry(l) &&
            samePlace(l.premises.address, e.registeredAddress) &&
            facts.fireSafetyCheckOf(l) !== undefined &&
            facts.signboardOf(l) !== undefined &&
            facts.drainagePermitOf(l) !== undefined,
        )
    );
  });
  const large = pick('largePremisesRestaurant', restaurants, (e) =>
    facts.licencesOf(e.creditCode).some((l) => {
      const premises = facts.premisesOf(l);
      return (
        facts.validLicence(l) && premises !== undefined && premises.floorArea > LARGE_PREMISES_FLOOR_AREA
      );
    }),
  );
  const nearExpiryHolder = pick(
    'licenceNearExpiry',
    enterprises,
    (e) => facts.inGoodStanding(e) && facts.licencesOf(e.creditCode).some(facts.nearExpiry),
  );
  const nearExpiry = first(
    'licenceNearExpiry',
    facts.licencesOf(nearExpiryHolder.creditCode),
    facts.nearExpiry,
  );
  const authorisationOf = (e: EnterpriseRecord) =>
    market.authorisations
      .filter((a) => a.creditCode === e.creditCode)
      .sort((a, b) => a.id.localeCompare(b.id))
      .find(
        (a) =>
          a.matters.includes('REGISTRATION') &&
          a.grantedOn <= referenceDate &&
          referenceDate <= a.validUntil &&
          facts.representedBy(a.agentCitizenId).length === 0,
      );
  const represented = pick(
    'authorisedAgent',
    enterprises,
    (e) => facts.inGoodStanding(e) && authorisationOf(e) !== undefined,
  );
  const authorisation = authorisationOf(represented) as NonNullable<ReturnType<typeof authorisationOf>>;
  const taken = pick('takenName', enterprises, (e) => e.status === 'ACTIVE');
  const applicant = first(
    'restaurantApplicant',
    [...records.persons].sort((a, b) => a.citizenId.localeCompare(b.citizenId)),
    (p) => {
      const age = ageOn(p.birthDate, referenceDate);
      return isInMunicipality(p.householdId) && age >= 22 && age <= 65 && facts.actsForNone(p.citizenId);
    },
  );
  return {
    restaurantApplicant: applicant.citizenId,
    dishonestEnterprise: dishonest.creditCode,
    dishonestRepresentative: dishonest.legalRepresentativeCitizenId,
    restaurant: withRepresentative(restaurant),
    largePremisesRestaurant: withRepresentative(large),
    licenceNearExpiry: {
      ...withRepresentative(nearExpiryHolder),
      licenceNumber: nearExpiry.number,
    },
    authorisedAgent: { creditCode: authorisation.creditCode, agentCitizenId: authorisation.agentCitizenId },
    takenName: { creditCode: taken.creditCode, name: taken.name },
  };
}
