/**
 * Urban-management records: a signboard and a drainage permit for every premises market regulation
 * licensed for food (every licensed restaurant of its register), drawn from market regulation's
 * generated enterprises and food licences — so they follow that register wherever it is drawn from.
 *
 * The signboard hangs on the licensed premises, names the restaurant's trade name and keeps to the
 * size rules (`signboards.ts`); the permit's daily volume follows the floor area. What the coming
 * errands need is drawn on purpose: every {@link NEAR_EXPIRY_EVERY}th permit (of an enterprise
 * registered long enough ago) ends within {@link NEAR_EXPIRY_DAYS} days of the reference date.
 */
import { addDays } from '../../../lib/isoDate.ts';
import { earlier, later, REFERENCE_DATE, randomDate } from '../../kit/seed/calendar.ts';
import type { Random } from '../../kit/seed/random.ts';
import type { SeedData } from '../../kit/seed.ts';
import type { EnterpriseRecord, FoodLicenceRecord } from '../../market-regulation/records.ts';
import { DRAINAGE_PERMIT_VALIDITY_YEARS, permitValidUntil } from '../drainage.ts';
import type { DrainagePermitRecord, SignboardRecord, urbanManagementSeed } from '../records.ts';
import { assessSignboard, SIGNBOARD_MAX_AREA, signboardArea } from '../signboards.ts';

/** Permits valid until within this many days of the reference date count as near expiry (renewal due). */
export const NEAR_EXPIRY_DAYS = 45;

/** Every this many-th licensed premises gets a permit near expiry, where its enterprise is old enough. */
export const NEAR_EXPIRY_EVERY = 4;

/** Signboard heights in use, in metres. */
const HEIGHTS = [0.8, 1, 1.2, 1.5] as const;

/** What market regulation's generator hands on: its register and its food licences. */
export interface MarketRegulationRegister {
  enterprises: readonly EnterpriseRecord[];
  'food-licences': readonly FoodLicenceRecord[];
}

/** The shop's trade name as its signboard shows it: the registered name without 重庆 and the company form. */
export function tradeNameOf(enterpriseName: string): string {
  return enterpriseName.replace(/^重庆(市)?/, '').replace(/(餐饮)?有限(责任)?公司$/, '');
}

/**
 * The seed collections of the urban-management department, from market regulation's register.
 *
 * @param register - market regulation's generated enterprises and food licences
 */
export function urbanManagementRecords(
  rng: Random,
  register: MarketRegulationRegister,
): SeedData<typeof urbanManagementSeed> {
  const enterprises = new Map(register.enterprises.map((e) => [e.creditCode, e]));
  const signboardNumbers = new Map<string, number>();
  const permitNumbers = new Map<string, number>();
  const next = (numbers: Map<string, number>, prefix: string) => {
    const sequence = (numbers.get(prefix) ?? 0) + 1;
    numbers.set(prefix, sequence);
    return sequence;
  };

  const signboards: SignboardRecord[] = [];
  const permits: DrainagePermitRecord[] = [];
  register['food-licences'].forEach((licence, k) => {
    const enterprise = enterprises.get(licence.creditCode);
    if (!enterprise) throw new Error(`food licence ${licence.number} names no enterprise of the register`);
    const { address } = licence.premises;
    const applicantCitizenId = enterprise.legalRepresentativeCitizenId;

    const frontageWidth = rng.int(40, 160) / 10;
    const width = Math.round(frontageWidth * rng.int(60, 95)) / 100;
    const drawn = rng.pick(HEIGHTS);
    const height = signboardArea({ width, height: drawn }) > SIGNBOARD_MAX_AREA ? 1 : drawn;
    const size = { width, height, frontageWidth };
    if (!assessSignboard(size).allowed) throw new Error(`drew an oversize signboard for ${licence.number}`);
    const signboardPrefix = `ZP${address.divisionCode}-`;
    signboards.push({
      id: `${signboardPrefix}${String(next(signboardNumbers, signboardPrefix)).padStart(6, '0')}`,
      creditCode: enterprise.creditCode,
      address: { ...address },
      text: tradeNameOf(enterprise.name),
      width,
      height,
      area: signboardArea(size),
      frontageWidth,
      applicantCitizenId,
      registeredOn: randomDate(
        rng,
        licence.issuedOn,
        earlier(addDays(licence.issuedOn, 60), addDays(REFERENCE_DATE, -1)),
      ),
    });

    const nearExpiry = nearExpiryIssue(rng);
    const issuedOn =
      k % NEAR_EXPIRY_EVERY === 0 && enterprise.registeredOn <= nearExpiry
        ? nearExpiry
        : randomDate(rng, later(enterprise.registeredOn, '2022-01-01'), '2026-10-31');
    const permitPrefix = `PS${address.divisionCode}-${issuedOn.slice(0, 4)}-`;
    permits.push({
      number: `${permitPrefix}${String(next(permitNumbers, permitPrefix)).padStart(4, '0')}`,
      creditCode: enterprise.creditCode,
      address: { ...address },
      dailyVolume: Math.max(0.5, Math.round(licence.premises.floorArea * rng.int(20, 50)) / 1000),
      applicantCitizenId,
      issuedOn,
      validUntil: permitValidUntil(issuedOn),
    });
  });
  return {
    signboards: signboards.sort((a, b) => a.id.localeCompare(b.id)),
    'drainage-permits': permits.sort((a, b) => a.number.localeCompare(b.number)),
  };
}

/** An issue date {@link DRAINAGE_PERMIT_VALIDITY_YEARS} years before a day 5–40 days after the reference date. */
function nearExpiryIssue(rng: Random): string {
  const lastDay = addDays(REFERENCE_DATE, rng.int(5, NEAR_EXPIRY_DAYS - 5));
  return addDays(`${Number(lastDay.slice(0, 4)) - DRAINAGE_PERMIT_VALIDITY_YEARS}${lastDay.slice(4)}`, 1);
}
