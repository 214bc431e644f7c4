/**
 * The fire-rescue records the generator builds (`fireRescue.ts`), as committed in
 * `mocks/fire-rescue/data/`, against market regulation's records they were drawn from and fire
 * rescue's rules.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { marketRegulationSeed } from '../../market-regulation/records.ts';
import { checkKindFor, LARGE_PREMISES_FLOOR_AREA } from '../inspection.ts';
import { fireRescueSeed } from '../records.ts';

const { premises, 'fire-safety-checks': checks } = readSeed(DEFAULT_SEED_DIR, 'fire-rescue', fireRescueSeed);
const market = readSeed(DEFAULT_SEED_DIR, 'market-regulation', marketRegulationSeed);
const enterprises = new Map(market.enterprises.map((e) => [e.creditCode, e]));
const reference = `${REFERENCE_DATE}T00:00:00+08:00`;

describe('fire rescue', () => {
  it('supervises the premises of every food licence, at the licence’s address and size', () => {
    expect(premises).toHaveLength(market['food-licences'].length);
    for (const licence of market['food-licences']) {
      const place = premises.find(
        (p) => p.creditCode === licence.creditCode && p.address.detail === licence.premises.address.detail,
      );
      expect(place, licence.number).toMatchObject({
        floorArea: licence.premises.floorArea,
        seats: licence.premises.seats,
      });
      expect(place?.id.slice(2, 8)).toBe(licence.premises.address.divisionCode);
    }
    expect(new Set(premises.map((p) => p.id)).size).toBe(premises.length);
  });

  it('checked every premises the way its size asks, signed by its enterprise’s legal representative', () => {
    for (const place of premises) {
      const own = checks.filter((c) => c.premisesId === place.id);
      expect(own.length, place.id).toBeGreaterThanOrEqual(1);
      for (const check of own) {
        expect(check.kind).toBe(checkKindFor(place.floorArea));
        expect(check.creditCode).toBe(place.creditCode);
        expect(check.applicantCitizenId).toBe(
          enterprises.get(place.creditCode)?.legalRepresentativeCitizenId,
        );
      }
    }
  });

  it('has premises above the threshold among them: some passed, some with an inspection still booked and due', () => {
    const large = premises.filter((p) => p.floorArea > LARGE_PREMISES_FLOOR_AREA);
    expect(large.length).toBeGreaterThanOrEqual(2);
    expect(large.length).toBeLessThan(premises.length);
    const inspections = checks.filter((c) => c.kind === 'ON_SITE_INSPECTION');
    const booked = inspections.filter((c) => c.status === 'BOOKED');
    expect(booked.length).toBeGreaterThanOrEqual(1);
    for (const check of booked) {
      expect(check.decidedAt).toBeNull();
      expect(check.requestedAt < reference).toBe(true);
      expect((check.dueAt ?? '') > reference).toBe(true);
    }
    expect(inspections.filter((c) => c.status === 'PASSED').length).toBeGreaterThanOrEqual(1);
    for (const check of inspections.filter((c) => c.status !== 'BOOKED')) {
      expect(check.requestedAt < (check.decidedAt ?? '')).toBe(true);
      expect((check.decidedAt ?? '') <= (check.dueAt ?? '')).toBe(true);
      expect(check.findings.length > 0).toBe(check.status === 'FAILED');
    }
  });

  it('accepted every commitment the moment it was filed, with no due time', () => {
    for (const check of checks.filter((c) => c.kind === 'COMMITMENT')) {
      expect(check).toMatchObject({
        status: 'ACCEPTED',
        dueAt: null,
        decidedAt: check.requestedAt,
        findings: [],
      });
    }
  });
});
