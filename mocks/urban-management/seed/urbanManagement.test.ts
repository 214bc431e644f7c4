/**
 * The urban-management records the generator builds (`urbanManagement.ts`), as committed in
 * `mocks/urban-management/data/`, against market regulation's register they were drawn from and the
 * rules the restaurant errand will meet.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../lib/isoDate.ts';
import { DEFAULT_SEED_DIR } from '../../kit/config.ts';
import { REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import { readSeed } from '../../kit/seed.ts';
import { marketRegulationSeed } from '../../market-regulation/records.ts';
import { DRAINAGE_PERMIT_VALIDITY_YEARS } from '../drainage.ts';
import { urbanManagementSeed } from '../records.ts';
import { assessSignboard, signboardArea } from '../signboards.ts';
import { NEAR_EXPIRY_DAYS } from './urbanManagement.ts';

const { signboards, 'drainage-permits': permits } = readSeed(
  DEFAULT_SEED_DIR,
  'urban-management',
  urbanManagementSeed,
);
const { enterprises, 'food-licences': licences } = readSeed(
  DEFAULT_SEED_DIR,
  'market-regulation',
  marketRegulationSeed,
);
const enterpriseByCode = new Map(enterprises.map((e) => [e.creditCode, e]));
const premisesKey = (r: { creditCode: string; address: { divisionCode: string; detail: string } }) =>
  `${r.creditCode} ${r.address.divisionCode} ${r.address.detail}`;

describe('urban management', () => {
  it('holds a signboard and a drainage permit at every premises market regulation licensed, and at no other', () => {
    const licensed = new Set(
      licences.map((l) => premisesKey({ creditCode: l.creditCode, address: l.premises.address })),
    );
    expect(licensed.size).toBeGreaterThanOrEqual(10);
    expect(new Set(signboards.map(premisesKey))).toEqual(licensed);
    expect(new Set(permits.map(premisesKey))).toEqual(licensed);
    expect(signboards).toHaveLength(licensed.size);
    expect(permits).toHaveLength(licensed.size);
  });

  it('names each enterprise’s legal representative as the applicant, each number in its premises’ division', () => {
    for (const record of [...signboards, ...permits]) {
      const enterprise = enterpriseByCode.get(record.creditCode);
      expect(enterprise?.industry).toBe('CATERING');
      expect(record.applicantCitizenId).toBe(enterprise?.legalRepresentativeCitizenId);
    }
    for (const s of signboards) expect(s.id.slice(2, 8)).toBe(s.address.divisionCode);
    for (const p of permits) expect(p.number.slice(2, 8)).toBe(p.address.divisionCode);
    expect(new Set(signboards.map((s) => s.id)).size).toBe(signboards.length);
    expect(new Set(permits.map((p) => p.number)).size).toBe(permits.length);
  });

  it('keeps every signboard within the size rules, its area its width times its height', () => {
    for (const s of signboards) {
      expect(assessSignboard(s), s.id).toEqual({ allowed: true, violations: [] });
      expect(s.area).toBe(signboardArea(s));
      expect(s.registeredOn < REFERENCE_DATE).toBe(true);
    }
  });

  it('issues permits for five years with a positive daily volume, after registration, some near expiry', () => {
    for (const p of permits) {
      const year = Number(p.issuedOn.slice(0, 4)) + DRAINAGE_PERMIT_VALIDITY_YEARS;
      expect(p.validUntil).toBe(addDays(`${year}${p.issuedOn.slice(4)}`, -1));
      expect(p.dailyVolume).toBeGreaterThan(0);
      expect(p.issuedOn >= (enterpriseByCode.get(p.creditCode)?.registeredOn ?? '')).toBe(true);
    }
    const nearExpiry = permits.filter(
      (p) => p.validUntil >= REFERENCE_DATE && p.validUntil <= addDays(REFERENCE_DATE, NEAR_EXPIRY_DAYS),
    );
    expect(nearExpiry.length).toBeGreaterThanOrEqual(2);
    expect(nearExpiry.length).toBeLessThan(permits.length);
  });
});
