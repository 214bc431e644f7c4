/**
 * The market-regulation records the generator builds (`marketRegulation.ts`), as committed in
 * `mocks/market-regulation/data/`, against the register they were drawn from and the rules the
 * enterprise errands will meet.
 */
import { describe, expect, it } from 'vitest';
import { isCreditCode } from '../../../lib/creditCode.ts';
import { isInMunicipality } from '../../../lib/divisions.ts';
import { addDays } from '../../../lib/isoDate.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { ageOn, REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import { municipalDivisions } from '../../kit/seed/places.ts';
import { readSeed } from '../../kit/seed.ts';
import { publicSecuritySeed } from '../../public-security/records.ts';
import { FOOD_LICENCE_VALIDITY_YEARS } from '../licensing.ts';
import { marketRegulationSeed } from '../records.ts';
import { LARGE_PREMISES_FLOOR_AREA, NEAR_EXPIRY_DAYS } from './marketRegulation.ts';

const {
  enterprises,
  'dishonesty-list': listed,
  authorisations,
  'food-licences': licences,
} = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const { persons } = readSeed(DEFAULT_SEED_DIR, 'public-security', publicSecuritySeed);
const personById = new Map(persons.map((p) => [p.citizenId, p]));
const restaurants = enterprises.filter((e) => e.industry === 'CATERING');

describe('market regulation', () => {
  it('registers at least 40 enterprises across every Chongqing district, restaurants among them, each code valid and its own', () => {
    expect(enterprises.length).toBeGreaterThanOrEqual(40);
    expect(restaurants.length).toBeGreaterThanOrEqual(10);
    expect(new Set(enterprises.map((e) => e.registeredAddress.divisionCode))).toEqual(
      new Set(municipalDivisions().map((d) => d.code)),
    );
    for (const e of enterprises) {
      expect(isCreditCode(e.creditCode), e.creditCode).toBe(true);
      expect(e.creditCode.slice(2, 8)).toBe(e.registeredAddress.divisionCode);
    }
    expect(new Set(enterprises.map((e) => e.creditCode)).size).toBe(enterprises.length);
    expect(new Set(enterprises.map((e) => e.name)).size).toBe(enterprises.length);
  });

  it('draws every legal representative and agent from the register: adults of the municipality', () => {
    for (const citizenId of [
      ...enterprises.map((e) => e.legalRepresentativeCitizenId),
      ...authorisations.map((a) => a.agentCitizenId),
    ]) {
      const person = personById.get(citizenId);
      expect(person, citizenId).toBeDefined();
      expect(isInMunicipality(person?.householdId.slice(0, 6) ?? '')).toBe(true);
      expect(ageOn(person?.birthDate ?? REFERENCE_DATE)).toBeGreaterThanOrEqual(18);
    }
  });

  it('lists exactly one enterprise as dishonest, one in business', () => {
    expect(listed).toHaveLength(1);
    const enterprise = enterprises.find((e) => e.creditCode === listed[0]?.creditCode);
    expect(enterprise?.status).toBe('ACTIVE');
  });

  it('licenses restaurants for five years, some near expiry, some premises above the on-site inspection size', () => {
    const licensed = new Set(licences.map((l) => l.creditCode));
    expect(restaurants.filter((e) => !licensed.has(e.creditCode)).length).toBe(1);
    for (const licence of licences) {
      const year = Number(licence.issuedOn.slice(0, 4)) + FOOD_LICENCE_VALIDITY_YEARS;
      expect(licence.validUntil).toBe(addDays(`${year}${licence.issuedOn.slice(4)}`, -1));
      expect(licence.number.slice(3, 9)).toBe(licence.premises.address.divisionCode);
    }
    const nearExpiry = licences.filter(
      (l) => l.validUntil >= REFERENCE_DATE && l.validUntil <= addDays(REFERENCE_DATE, NEAR_EXPIRY_DAYS),
    );
    expect(nearExpiry.length).toBeGreaterThanOrEqual(2);
    const large = licences.filter((l) => l.premises.floorArea > LARGE_PREMISES_FLOOR_AREA);
    expect(large.length).toBeGreaterThanOrEqual(2);
    expect(large.length).toBeLessThan(licences.length);
  });

  it('records authorisations of agents who are not the enterprise’s representative, one of them lapsed', () => {
    const byCode = new Map(enterprises.map((e) => [e.creditCode, e]));
    for (const a of authorisations) {
      expect(byCode.get(a.creditCode)?.legalRepresentativeCitizenId).not.toBe(a.agentCitizenId);
      expect(a.grantedOn <= a.validUntil).toBe(true);
    }
    expect(authorisations.filter((a) => a.validUntil < REFERENCE_DATE)).toHaveLength(1);
  });
});
