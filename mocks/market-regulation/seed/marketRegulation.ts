/**
 * Market-regulation records: the enterprise register of the municipality's districts, drawn from the
 * population register (every legal representative and agent is a resident of Chongqing aged 22–65),
 * with restaurants (餐饮) among them and their food business licences, a few recorded authorisations,
 * and one enterprise on the dishonesty list.
 *
 * What the coming errands need is drawn on purpose: some licences near expiry (within
 * {@link NEAR_EXPIRY_DAYS} days of the reference date), some premises larger than
 * {@link LARGE_PREMISES_FLOOR_AREA} m² (the size at which fire rescue inspects a public gathering place
 * on site instead of taking the operator's commitment), one caterer registered without its licence yet,
 * one revoked enterprise, and one legal representative with two enterprises.
 */
import { creditCodeOf } from '../../../lib/creditCode.ts';
import { addDays } from '../../../lib/isoDate.ts';
import { ageOn, later, REFERENCE_DATE, randomDate } from '../../kit/seed/calendar.ts';
import { drawAddress, municipalDivisions } from '../../kit/seed/places.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';
import type { SeedData } from '../../kit/seed.ts';
import type { PersonRecord } from '../../public-security/records.ts';
import { licenceValidUntil } from '../licensing.ts';
import type {
  AuthorisationRecord,
  DishonestyRecord,
  EnterpriseRecord,
  FoodLicenceRecord,
  marketRegulationSeed,
} from '../records.ts';

/** Enterprises on the register: restaurants first, then other lines of business. */
export const ENTERPRISE_COUNT = { catering: 20, other: 24 };

/** Licences valid until within this many days of the reference date count as near expiry (renewal due). */
export const NEAR_EXPIRY_DAYS = 45;

/**
 * Floor area (m²) above which a restaurant's premises are a public gathering place inspected on site
 * before opening (公众聚集场所投入使用、营业前消防安全检查); below it fire rescue takes the operator's
 * commitment (告知承诺). The line is fire rescue's to keep; the seed draws premises on both sides of it.
 */
export const LARGE_PREMISES_FLOOR_AREA = 300;

const TRADE_NAMES = [
  '渝味',
  '山城',
  '嘉陵',
  '朝天门',
  '两江',
  '巴渝',
  '歌乐',
  '南山',
  '缙云',
  '鹅岭',
  '洪崖',
  '龙门',
  '金佛',
  '长嘉',
  '磁器口',
  '白象',
  '解放',
  '观音',
  '龙湖',
  '黄桷',
  '鸿恩',
  '江津',
  '北碚',
  '鱼洞',
] as const;

const CATERING_KINDS = ['小面', '火锅', '串串', '江湖菜', '豆花饭', '烤鱼', '酸辣粉', '老火锅'] as const;

const OTHER_LINES = [
  { industry: 'RETAIL', word: '商贸', scope: '日用百货、服装鞋帽、五金交电销售' },
  { industry: 'TECHNOLOGY', word: '网络科技', scope: '软件开发；信息技术咨询服务；数据处理服务' },
  { industry: 'MANUFACTURING', word: '机械制造', scope: '通用零部件制造；机械设备销售' },
  { industry: 'LOGISTICS', word: '物流', scope: '道路货物运输（不含危险货物）；仓储服务' },
] as const;

/** What a restaurant registers as its business scope. */
const CATERING_SCOPE = '餐饮服务；食品销售（仅销售预包装食品）';

/** The market regulation bureau of a district. */
function authorityOf(districtName: string): string {
  return `重庆市${districtName}市场监督管理局`;
}

/**
 * The seed collections of the market-regulation department, from the population register.
 *
 * @param persons - the register; legal representatives and agents are its adults of the municipality
 */
export function marketRegulationRecords(
  rng: Random,
  persons: readonly PersonRecord[],
): SeedData<typeof marketRegulationSeed> {
  const adults = rng.shuffle(
    persons.filter(
      (p) => p.householdId.startsWith('50') && ageOn(p.birthDate) >= 22 && ageOn(p.birthDate) <= 65,
    ),
  );
  const total = ENTERPRISE_COUNT.catering + ENTERPRISE_COUNT.other;
  if (adults.length < total + 10) throw new Error(`the register has too few adults for ${total} enterprises`);
  const districts = municipalDivisions();
  const names = new Set<string>();
  const codes = new Set<string>();
  const licenceNumbers = new Map<string, number>();

  const enterprises: EnterpriseRecord[] = [];
  const licences: FoodLicenceRecord[] = [];
  for (let i = 0; i < total; i++) {
    const district = districts[i % districts.length] as (typeof districts)[number];
    const catering = i < ENTERPRISE_COUNT.catering;
    const individual = catering && i % 4 === 3;
    const line = catering ? null : rng.pick(OTHER_LINES);
    const name = uniqueValue(
      names,
      () =>
        catering
          ? individual
            ? `${district.name}${rng.pick(TRADE_NAMES)}${rng.pick(CATERING_KINDS)}店`
            : `重庆${rng.pick(TRADE_NAMES)}${rng.pick(CATERING_KINDS)}餐饮有限公司`
          : `重庆${rng.pick(TRADE_NAMES)}${line?.word}有限公司`,
      'enterprise name',
    );
    const creditCode = uniqueValue(
      codes,
      () =>
        creditCodeOf(`9${individual ? '2' : '1'}${district.code}MA${rng.digits(1)}${organisationCode(rng)}`),
      'credit code',
    );
    // The second enterprise shares the first's legal representative: one person, two enterprises.
    const representative = adults[i === 1 ? 0 : i] as PersonRecord;
    // Every fifth restaurant's licence, issued five years ago, is near expiry; it was registered before.
    const nearExpiry = catering && i % 5 === 0;
    const registeredOn =
      i === ENTERPRISE_COUNT.catering - 1
        ? addDays(REFERENCE_DATE, -10)
        : randomDate(rng, '2012-01-01', nearExpiry ? '2021-06-30' : '2025-12-31');
    const address = drawAddress(rng, district.code);
    enterprises.push({
      creditCode,
      name,
      type: individual ? 'INDIVIDUAL_BUSINESS' : 'LIMITED_COMPANY',
      industry: line?.industry ?? 'CATERING',
      registeredAddress: { divisionCode: district.code, ...address },
      businessScope: line?.scope ?? CATERING_SCOPE,
      legalRepresentativeCitizenId: representative.citizenId,
      status: i === total - 1 ? 'REVOKED' : 'ACTIVE',
      registeredOn,
    });
    // Every restaurant but the newest (registered ten days ago, its licence not yet applied for) is licensed.
    if (catering && i !== ENTERPRISE_COUNT.catering - 1) {
      const issuedOn = nearExpiry
        ? nearExpiryIssue(rng)
        : randomDate(rng, later(registeredOn, '2022-01-01'), '2026-10-31');
      const floorArea = i % 4 === 1 ? rng.int(LARGE_PREMISES_FLOOR_AREA + 20, 1200) : rng.int(30, 280);
      const sequence = (licenceNumbers.get(district.code) ?? 0) + 1;
      licenceNumbers.set(district.code, sequence);
      licences.push({
        number: `JY2${district.code}${String(sequence).padStart(7, '0')}`,
        creditCode,
        premises: {
          address: { divisionCode: district.code, ...address },
          floorArea,
          seats: Math.floor(floorArea / rng.int(2, 4)),
        },
        businessItems: rng.chance(0.5) ? ['HOT_FOOD'] : ['HOT_FOOD', 'COLD_FOOD', 'HOMEMADE_DRINKS'],
        issuedOn,
        validUntil: licenceValidUntil(issuedOn),
      });
    }
  }

  // One enterprise on the dishonesty list: a trading company in business.
  const listed = enterprises.find(
    (e) => e.industry === 'RETAIL' && e.status === 'ACTIVE' && e !== enterprises[1],
  );
  if (!listed) throw new Error('no trading company to list as dishonest');
  const listedDistrict = districts.find((d) => d.code === listed.registeredAddress.divisionCode);
  const dishonesty: DishonestyRecord[] = [
    {
      creditCode: listed.creditCode,
      listedOn: randomDate(rng, '2025-01-01', '2026-06-30'),
      reason: '拒不履行行政处罚决定，列入严重违法失信名单',
      authority: authorityOf(listedDistrict?.name ?? ''),
    },
  ];

  const authorisations = agentsOf(rng, enterprises, adults.slice(total));
  return {
    enterprises: enterprises.sort((a, b) => a.creditCode.localeCompare(b.creditCode)),
    'dishonesty-list': dishonesty,
    authorisations,
    'food-licences': licences.sort((a, b) => a.number.localeCompare(b.number)),
  };
}

/** Seven characters of an organisation code, from the credit code's alphabet without letters easily misread. */
function organisationCode(rng: Random): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let code = '';
  for (let k = 0; k < 6; k++) code += alphabet[rng.int(0, alphabet.length - 1)];
  return code;
}

/** An issue date five years before a day within {@link NEAR_EXPIRY_DAYS} days after the reference date. */
function nearExpiryIssue(rng: Random): string {
  const lastDay = addDays(REFERENCE_DATE, rng.int(5, NEAR_EXPIRY_DAYS - 5));
  return addDays(`${Number(lastDay.slice(0, 4)) - 5}${lastDay.slice(4)}`, 1);
}

/**
 * Authorisations: every third enterprise in business has authorised an agent (a resident who
 * represents none), for registration and licensing matters; one authorisation has lapsed.
 */
function agentsOf(
  rng: Random,
  enterprises: readonly EnterpriseRecord[],
  agents: readonly PersonRecord[],
): AuthorisationRecord[] {
  const numbers = new Map<string, number>();
  const chosen = enterprises.filter((e, i) => e.status === 'ACTIVE' && i % 3 === 0);
  return chosen.map((enterprise, k) => {
    const division = enterprise.registeredAddress.divisionCode;
    const sequence = (numbers.get(division) ?? 0) + 1;
    numbers.set(division, sequence);
    const lapsed = k === chosen.length - 1;
    const grantedOn = randomDate(
      rng,
      later(enterprise.registeredOn, '2024-01-01'),
      lapsed ? '2025-12-31' : '2026-10-31',
    );
    return {
      id: `SQ${division}-${String(sequence).padStart(6, '0')}`,
      creditCode: enterprise.creditCode,
      agentCitizenId: (agents[k] as PersonRecord).citizenId,
      matters: k % 2 === 0 ? ['REGISTRATION', 'LICENSING'] : ['LICENSING'],
      grantedOn,
      validUntil: lapsed
        ? addDays(REFERENCE_DATE, -rng.int(10, 60))
        : addDays(REFERENCE_DATE, rng.int(60, 720)),
    };
  });
}
