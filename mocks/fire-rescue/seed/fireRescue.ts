/**
 * Fire-rescue records: the premises of market regulation's licensed restaurants as the public
 * gathering places fire rescue supervises, and the fire safety check each had before it opened — the
 * operator's commitment for premises up to `LARGE_PREMISES_FLOOR_AREA` m² (`../inspection.ts`), an on-site
 * inspection for larger ones. Of the large premises, in order: every third still has its inspection
 * booked (due after the reference date), the others passed, one of them after a failed first
 * inspection. Which premises get which check depends only on market regulation's records, so it
 * holds whatever draws come before; the dates and times are drawn from the one Random stream.
 */
import { addDays } from '../../../lib/isoDate.ts';
import { chinaDateTime, REFERENCE_DATE } from '../../kit/seed/calendar.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { SeedData } from '../../kit/seed.ts';
import type { EnterpriseRecord, FoodLicenceRecord } from '../../market-regulation/records.ts';
import { checkKindFor, INSPECTION_DUE_DAYS, inspectionDueAt } from '../inspection.ts';
import type { FireSafetyCheckRecord, fireRescueSeed, PremisesRecord } from '../records.ts';

/** What fire rescue's seed is drawn from: market regulation's register and food licences. */
export interface MarketRegulationRecords {
  enterprises: readonly EnterpriseRecord[];
  'food-licences': readonly FoodLicenceRecord[];
}

/** What an inspector finds wrong at a first inspection, drawn for the failed one. */
const FINDINGS = [
  '疏散指示标志损坏，未保持完好有效',
  '厨房燃气管道未设置可燃气体探测报警装置',
  '安全出口处堆放杂物，影响安全疏散',
  '灭火器压力不足，未按期检验',
] as const;

/**
 * The seed collections of the fire-rescue department, from market regulation's records.
 *
 * @param market - the enterprises and their food licences; every licensed premises becomes a
 *   supervised premises of the licence's enterprise, its applicant the enterprise's legal representative
 */
export function fireRescueRecords(
  rng: Random,
  market: MarketRegulationRecords,
): SeedData<typeof fireRescueSeed> {
  const enterprises = new Map(market.enterprises.map((e) => [e.creditCode, e]));
  const numbers = new Map<string, number>();
  const next = (prefix: 'CS' | 'XF', division: string) => {
    const key = `${prefix}${division}`;
    const sequence = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, sequence);
    return `${prefix}${division}-${String(sequence).padStart(6, '0')}`;
  };
  const premises: PremisesRecord[] = [];
  const checks: FireSafetyCheckRecord[] = [];
  let large = 0;
  for (const licence of [...market['food-licences']].sort((a, b) => a.number.localeCompare(b.number))) {
    const enterprise = enterprises.get(licence.creditCode);
    if (!enterprise) throw new Error(`food licence ${licence.number} names no enterprise of the register`);
    const division = licence.premises.address.divisionCode;
    const place: PremisesRecord = {
      id: next('CS', division),
      creditCode: licence.creditCode,
      address: licence.premises.address,
      floorArea: licence.premises.floorArea,
      seats: licence.premises.seats,
    };
    premises.push(place);
    const check = (
      fields: Omit<FireSafetyCheckRecord, 'id' | 'premisesId' | 'creditCode' | 'applicantCitizenId'>,
    ) =>
      checks.push({
        id: next('XF', division),
        premisesId: place.id,
        creditCode: place.creditCode,
        applicantCitizenId: enterprise.legalRepresentativeCitizenId,
        ...fields,
      });
    // Checked before the food licence was issued: a commitment is accepted the day it is filed.
    const requestedOn = addDays(licence.issuedOn, -rng.int(3, 20));
    const requestedAt = chinaDateTime(requestedOn, rng.int(9, 16), rng.int(0, 59));
    if (checkKindFor(place.floorArea) === 'COMMITMENT') {
      check({
        kind: 'COMMITMENT',
        status: 'ACCEPTED',
        requestedAt,
        dueAt: null,
        decidedAt: requestedAt,
        findings: [],
      });
      continue;
    }
    const turn = large++ % 3;
    if (turn === 0) {
      // Still booked: asked for within the last days before the reference date, due after it.
      const bookedOn = addDays(REFERENCE_DATE, -rng.int(1, INSPECTION_DUE_DAYS - 4));
      check({
        kind: 'ON_SITE_INSPECTION',
        status: 'BOOKED',
        requestedAt: chinaDateTime(bookedOn, rng.int(9, 16), rng.int(0, 59)),
        dueAt: inspectionDueAt(bookedOn),
        decidedAt: null,
        findings: [],
      });
      continue;
    }
    const inspected = (on: string) =>
      chinaDateTime(addDays(on, rng.int(2, INSPECTION_DUE_DAYS - 1)), rng.int(9, 17), rng.int(0, 59));
    if (turn === 2) {
      // A first inspection failed, found two faults; the second, after they were put right, passed.
      const failedOn = addDays(requestedOn, -INSPECTION_DUE_DAYS - 7);
      const faults = rng.shuffle([...FINDINGS]).slice(0, 2);
      check({
        kind: 'ON_SITE_INSPECTION',
        status: 'FAILED',
        requestedAt: chinaDateTime(failedOn, rng.int(9, 16), rng.int(0, 59)),
        dueAt: inspectionDueAt(failedOn),
        decidedAt: inspected(failedOn),
        findings: faults,
      });
    }
    check({
      kind: 'ON_SITE_INSPECTION',
      status: 'PASSED',
      requestedAt,
      dueAt: inspectionDueAt(requestedOn),
      decidedAt: inspected(requestedOn),
      findings: [],
    });
  }
  return {
    premises: premises.sort((a, b) => a.id.localeCompare(b.id)),
    'fire-safety-checks': checks.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
