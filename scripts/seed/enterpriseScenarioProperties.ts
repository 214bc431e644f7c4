/**
 * What each enterprise scenario of a seed set stands for, as assertions on that set's records:
 * `scenarios.test.ts` checks them in the committed seed, `heldOutSeed.test.ts` in seed sets drawn
 * with other random seeds. Written apart from the picking (`enterpriseScenarios.ts`), in the words of
 * the departments' rules, so that a slip in one is caught by the other.
 */
import { expect } from 'vitest';
import { isInMunicipality } from '../../lib/divisions.ts';
import { addDays } from '../../lib/isoDate.ts';
import { LARGE_PREMISES_FLOOR_AREA } from '../../mocks/fire-rescue/inspection.ts';
import { fireRescueSeed } from '../../mocks/fire-rescue/records.ts';
import { ageOn } from '../../mocks/kit/seed/calendar.ts';
import { readSeed } from '../../mocks/kit/seed.ts';
import { type FoodLicenceRecord, marketRegulationSeed } from '../../mocks/market-regulation/records.ts';
import { publicSecuritySeed } from '../../mocks/public-security/records.ts';
import { urbanManagementSeed } from '../../mocks/urban-management/records.ts';
import { type EnterpriseSeedRecords, LICENCE_NEAR_EXPIRY_DAYS } from './enterpriseScenarios.ts';
import type { EnterpriseScenarios } from './scenarios.ts';

/** A seed set as the properties read it: the records, the named enterprise scenarios and their day. */
export interface EnterpriseSeedSet extends EnterpriseSeedRecords {
  /** The `enterprises` section of the set's scenarios. */
  scenarios: EnterpriseScenarios;
  /** The set's reference date: licences and authorisations are judged valid on it. */
  referenceDate: string;
}

/** The records of a seed set folder (`mocks/`, or one written with `--out`), as the systems load them. */
export function readEnterpriseSeedRecords(seedDir: string): EnterpriseSeedRecords {
  return {
    persons: readSeed(seedDir, 'public-security', publicSecuritySeed).persons,
    market: readSeed(seedDir, 'market-regulation', marketRegulationSeed),
    fire: readSeed(seedDir, 'fire-rescue', fireRescueSeed),
    urban: readSeed(seedDir, 'urban-management', urbanManagementSeed),
  };
}

/** Division and detail: how the departments tell one premises from another. */
const place = (address: { divisionCode: string; detail: string }) =>
  `${address.divisionCode} ${address.detail}`;

/** Look-ups over one seed set, and the checks every scenario shares. */
function lookUps(set: EnterpriseSeedSet) {
  const { market, fire, urban, referenceDate } = set;
  const listed = market['dishonesty-list'].map((entry) => entry.creditCode);
  const enterprise = (creditCode: string) => {
    const found = market.enterprises.find((e) => e.creditCode === creditCode);
    expect(found, `enterprise ${creditCode}`).toBeDefined();
    return found as NonNullable<typeof found>;
  };
  const representedBy = (citizenId: string) =>
    market.enterprises.filter((e) => e.legalRepresentativeCitizenId === citizenId).map((e) => e.creditCode);
  const validOnTheDay = (licence: { issuedOn: string; validUntil: string }) =>
    licence.issuedOn <= referenceDate && referenceDate <= licence.validUntil;
  return {
    enterprise,
    representedBy,
    validOnTheDay,
    isListed: (creditCode: string) => listed.includes(creditCode),
    isRegistered: (citizenId: string) => set.persons.some((p) => p.citizenId === citizenId),
    licencesOf: (creditCode: string) => market['food-licences'].filter((l) => l.creditCode === creditCode),
    premisesAt: (licence: FoodLicenceRecord) =>
      fire.premises.filter(
        (p) => p.creditCode === licence.creditCode && place(p.address) === place(licence.premises.address),
      ),
    checksOf: (premisesId: string) => fire['fire-safety-checks'].filter((c) => c.premisesId === premisesId),
    signboardsAt: (licence: FoodLicenceRecord) =>
      urban.signboards.filter(
        (s) => s.creditCode === licence.creditCode && place(s.address) === place(licence.premises.address),
      ),
    permitsAt: (licence: FoodLicenceRecord) =>
      urban['drainage-permits'].filter(
        (p) => p.creditCode === licence.creditCode && place(p.address) === place(licence.premises.address),
      ),
    /** The enterprise is ACTIVE, off the dishonesty list, and represented by `citizenId`. */
    expectInBusinessRepresentedBy(creditCode: string, citizenId: string) {
      const found = enterprise(creditCode);
      expect([found.status, listed.includes(creditCode)]).toEqual(['ACTIVE', false]);
      expect(found.legalRepresentativeCitizenId).toBe(citizenId);
      expect(set.persons.some((p) => p.citizenId === citizenId)).toBe(true);
    },
  };
}

/** A scenario's property: what it stands for in words, and the assertions that prove it in a seed set. */
export interface EnterpriseScenarioProperty {
  /** The property, as a test names it. */
  says: string;
  /** Asserts the property in the seed set (vitest `expect`). */
  holds(set: EnterpriseSeedSet): void;
}

/** Each enterprise scenario's property, by the scenario's name in `mocks/scenarios.json`. */
export const enterpriseScenarioProperties: Record<keyof EnterpriseScenarios, EnterpriseScenarioProperty> = {
  restaurantApplicant: {
    says: 'a registered working-age adult with hukou in Chongqing who represents and acts for no enterprise',
    holds(set) {
      const citizenId = set.scenarios.restaurantApplicant;
      const person = set.persons.find((p) => p.citizenId === citizenId);
      expect(person, citizenId).toBeDefined();
      expect(isInMunicipality(person?.householdId ?? '')).toBe(true);
      const age = ageOn(person?.birthDate ?? set.referenceDate, set.referenceDate);
      expect(age).toBeGreaterThanOrEqual(22);
      expect(age).toBeLessThanOrEqual(65);
      expect(lookUps(set).representedBy(citizenId)).toEqual([]);
      expect(set.market.authorisations.filter((a) => a.agentCitizenId === citizenId)).toEqual([]);
    },
  },
  dishonestEnterprise: {
    says: 'an enterprise in business on the dishonesty list',
    holds(set) {
      const { enterprise, isListed } = lookUps(set);
      expect(isListed(set.scenarios.dishonestEnterprise)).toBe(true);
      expect(enterprise(set.scenarios.dishonestEnterprise).status).toBe('ACTIVE');
    },
  },
  dishonestRepresentative: {
    says: "the dishonest enterprise's legal representative, a registered citizen",
    holds(set) {
      const { enterprise, isRegistered } = lookUps(set);
      const { dishonestEnterprise, dishonestRepresentative } = set.scenarios;
      expect(enterprise(dishonestEnterprise).legalRepresentativeCitizenId).toBe(dishonestRepresentative);
      expect(isRegistered(dishonestRepresentative)).toBe(true);
    },
  },
  restaurant: {
    says: `a restaurant in business, its sole representative, and at its registered address a food licence valid beyond ${LICENCE_NEAR_EXPIRY_DAYS} days, a fire safety check accepted or passed, a signboard and a valid drainage permit`,
    holds(set) {
      const look = lookUps(set);
      const { creditCode, legalRepresentativeCitizenId } = set.scenarios.restaurant;
      look.expectInBusinessRepresentedBy(creditCode, legalRepresentativeCitizenId);
      const restaurant = look.enterprise(creditCode);
      expect(restaurant.industry).toBe('CATERING');
      expect(look.representedBy(legalRepresentativeCitizenId)).toEqual([creditCode]);
      const licence = look
        .licencesOf(creditCode)
        .find((l) => place(l.premises.address) === place(restaurant.registeredAddress));
      expect(licence, 'a food licence for premises at the registered address').toBeDefined();
      if (!licence) return;
      expect(look.validOnTheDay(licence)).toBe(true);
      expect(licence.validUntil > addDays(set.referenceDate, LICENCE_NEAR_EXPIRY_DAYS)).toBe(true);
      const checks = look.premisesAt(licence).flatMap((p) => look.checksOf(p.id));
      expect(checks.some((c) => c.status === 'ACCEPTED' || c.status === 'PASSED')).toBe(true);
      expect(look.signboardsAt(licence).length).toBeGreaterThan(0);
      expect(look.permitsAt(licence).some(look.validOnTheDay)).toBe(true);
    },
  },
  largePremisesRestaurant: {
    says: `a restaurant in business with a valid food licence for premises over ${LARGE_PREMISES_FLOOR_AREA} m², as fire rescue records them`,
    holds(set) {
      const look = lookUps(set);
      const { creditCode, legalRepresentativeCitizenId } = set.scenarios.largePremisesRestaurant;
      look.expectInBusinessRepresentedBy(creditCode, legalRepresentativeCitizenId);
      expect(look.enterprise(creditCode).industry).toBe('CATERING');
      const large = look
        .licencesOf(creditCode)
        .filter(look.validOnTheDay)
        .flatMap((l) => look.premisesAt(l))
        .filter((p) => p.floorArea > LARGE_PREMISES_FLOOR_AREA);
      expect(large.length).toBeGreaterThan(0);
    },
  },
  licenceNearExpiry: {
    says: `an enterprise in business whose food licence runs out within ${LICENCE_NEAR_EXPIRY_DAYS} days of the reference date`,
    holds(set) {
      const look = lookUps(set);
      const { creditCode, legalRepresentativeCitizenId, licenceNumber } = set.scenarios.licenceNearExpiry;
      look.expectInBusinessRepresentedBy(creditCode, legalRepresentativeCitizenId);
      const licence = look.licencesOf(creditCode).find((l) => l.number === licenceNumber);
      expect(licence, licenceNumber).toBeDefined();
      expect(look.validOnTheDay(licence ?? { issuedOn: '', validUntil: '' })).toBe(true);
      expect((licence?.validUntil ?? '') <= addDays(set.referenceDate, LICENCE_NEAR_EXPIRY_DAYS)).toBe(true);
    },
  },
  authorisedAgent: {
    says: 'an enterprise in business and its agent for registration matters on the reference date, who represents no enterprise',
    holds(set) {
      const look = lookUps(set);
      const { creditCode, agentCitizenId } = set.scenarios.authorisedAgent;
      const enterprise = look.enterprise(creditCode);
      look.expectInBusinessRepresentedBy(creditCode, enterprise.legalRepresentativeCitizenId);
      expect(enterprise.legalRepresentativeCitizenId).not.toBe(agentCitizenId);
      expect(look.representedBy(agentCitizenId)).toEqual([]);
      expect(look.isRegistered(agentCitizenId)).toBe(true);
      const authorisations = set.market.authorisations.filter(
        (a) =>
          a.creditCode === creditCode &&
          a.agentCitizenId === agentCitizenId &&
          a.matters.includes('REGISTRATION') &&
          a.grantedOn <= set.referenceDate &&
          set.referenceDate <= a.validUntil,
      );
      expect(authorisations.length).toBeGreaterThan(0);
    },
  },
  takenName: {
    says: 'the name of one enterprise in business',
    holds(set) {
      const { creditCode, name } = set.scenarios.takenName;
      const holders = set.market.enterprises.filter((e) => e.name === name);
      expect(holders.map((e) => [e.creditCode, e.status])).toEqual([[creditCode, 'ACTIVE']]);
    },
  },
};

/**
 * The credit codes the scenarios name, one per enterprise scenario: each names an enterprise of its
 * own, so a test acting on one (renaming the restaurant) leaves the others as named.
 */
export function scenarioEnterprises(scenarios: EnterpriseScenarios): string[] {
  return [
    scenarios.dishonestEnterprise,
    scenarios.restaurant.creditCode,
    scenarios.largePremisesRestaurant.creditCode,
    scenarios.licenceNearExpiry.creditCode,
    scenarios.authorisedAgent.creditCode,
    scenarios.takenName.creditCode,
  ];
}
