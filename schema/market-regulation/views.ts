/**
 * The record shapes of the market-regulation department's system (市场监管): the enterprise register,
 * the dishonesty list, recorded authorisations and food business licences, each as the system answers
 * it. The contract (`contract.ts`) builds its endpoints from them; the mock's seed records are the
 * same shapes.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate } from '../../lib/contract/fields.ts';
import { parseCreditCode } from '../../lib/creditCode.ts';

/** The form of a food business licence number (食品经营许可证编号): JY, the main business digit, the division, 7 digits. */
export const FOOD_LICENCE_NUMBER = /^JY[123]\d{13}$/;

/** A valid GB 32100-2015 unified social credit code (length, alphabet, division and check character checked). */
export const creditCode = z
  .string()
  .superRefine((value, ctx) => {
    const result = parseCreditCode(value);
    if (!result.ok || result.value !== value) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid credit code: ${result.ok ? 'write it in capitals, without spaces' : result.message}`,
      });
    }
  })
  .meta({
    pattern: '^[0-9A-HJ-NP-RTUWXY]{2}\\d{6}[0-9A-HJ-NP-RTUWXY]{10}$',
    description:
      'A GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters, the last a check character (checked).',
  });

/** The legal form of an enterprise (组织形式). */
export const enterpriseType = z
  .enum(['LIMITED_COMPANY', 'SOLE_PROPRIETORSHIP', 'PARTNERSHIP', 'INDIVIDUAL_BUSINESS'])
  .describe('有限责任公司, 个人独资企业, 合伙企业 or 个体工商户.');

/** The line of business an enterprise is registered in (行业); `CATERING` is 餐饮. */
export const industry = z.enum(['CATERING', 'RETAIL', 'TECHNOLOGY', 'MANUFACTURING', 'LOGISTICS']);

/** Where an enterprise stands in the register: 存续 (in business), 吊销 (licence revoked), 注销 (deregistered). */
export const enterpriseStatus = z.enum(['ACTIVE', 'REVOKED', 'DEREGISTERED']);

/** An address in the register, in the parts public security's addresses have. */
export const registeredAddress = z
  .object({
    divisionCode,
    street: z.string().trim().min(1).max(100).describe('The sub-district street (街道).'),
    community: z.string().trim().min(1).max(100).describe("The residents' community (社区)."),
    detail: z.string().trim().min(1).max(200).describe('Road, number, building and room.'),
  })
  .meta({
    id: 'EnterpriseAddress',
    description: 'An address of the register: division, street, community, detail.',
  });
export type RegisteredAddress = z.infer<typeof registeredAddress>;

/** An enterprise's listing on the dishonesty list (严重违法失信名单). */
export const dishonestyListing = z
  .object({
    listedOn: isoDate,
    reason: z.string().min(1).describe('Why the enterprise was listed, as the decision says.'),
    authority: z.string().min(1).describe('The market regulation bureau that listed it.'),
  })
  .meta({ id: 'DishonestyListing', description: 'A listing on the dishonesty list (失信名单).' });
export type DishonestyListing = z.infer<typeof dishonestyListing>;

/** The premises a food business licence covers (经营场所), with their size. */
export const premises = z
  .object({
    address: registeredAddress,
    floorArea: z.number().positive().max(100_000).describe('Floor area in square metres; a positive number.'),
    seats: z.number().int().min(0).max(10_000).describe('Seats for diners; 0 for take-away only.'),
  })
  .meta({ id: 'Premises', description: 'Business premises with their floor area (m²) and seats.' });
export type Premises = z.infer<typeof premises>;

/** The business items a food licence allows (经营项目). */
export const foodBusinessItem = z
  .enum(['HOT_FOOD', 'COLD_FOOD', 'RAW_FOOD', 'PASTRIES', 'HOMEMADE_DRINKS', 'PREPACKAGED_FOOD'])
  .describe('热食类, 冷食类, 生食类, 糕点类, 自制饮品 or 预包装食品销售.');

/** A food business licence (食品经营许可证). */
export const foodLicenceView = z
  .object({
    number: z
      .string()
      .regex(FOOD_LICENCE_NUMBER, 'JY, a digit 1–3 and 13 digits')
      .describe('Licence number.'),
    creditCode,
    premises,
    businessItems: z.array(foodBusinessItem).min(1),
    issuedOn: isoDate,
    validUntil: isoDate.describe('The last day it is valid: five years after issue.'),
  })
  .meta({ id: 'FoodBusinessLicence', description: 'A food business licence (食品经营许可证).' });
export type FoodLicenceView = z.infer<typeof foodLicenceView>;

/** An enterprise of the register (企业登记), with its licences and any dishonesty listing. */
export const enterpriseView = z
  .object({
    creditCode,
    name: z.string().min(2).max(60),
    type: enterpriseType,
    industry,
    registeredAddress,
    businessScope: z.string().min(1).describe('The business scope (经营范围) as registered.'),
    legalRepresentativeCitizenId: citizenId.describe('The legal representative (法定代表人 / 经营者).'),
    status: enterpriseStatus,
    registeredOn: isoDate,
    dishonesty: dishonestyListing.nullable().describe('Its listing on the dishonesty list, or null.'),
    foodLicences: z.array(foodLicenceView).describe('Its food business licences, newest first.'),
  })
  .meta({ id: 'Enterprise', description: 'An enterprise of the register.' });
export type EnterpriseView = z.infer<typeof enterpriseView>;

/** The matters an authorised agent may handle for an enterprise. */
export const authorisedMatter = z
  .enum(['REGISTRATION', 'LICENSING'])
  .describe(
    'REGISTRATION: register and change the enterprise; LICENSING: apply for its licences and permits.',
  );

/** A recorded authorisation (授权委托): an enterprise authorising a citizen as its agent. */
export const authorisationView = z
  .object({
    id: z
      .string()
      .regex(/^SQ\d{6}-\d{6}$/)
      .describe('The authorisation number, e.g. SQ500103-000001.'),
    creditCode,
    agentCitizenId: citizenId,
    matters: z.array(authorisedMatter).min(1),
    grantedOn: isoDate,
    validUntil: isoDate.describe('The last day the agent may act.'),
  })
  .meta({ id: 'Authorisation', description: 'An enterprise’s authorisation of a citizen as its agent.' });
export type AuthorisationView = z.infer<typeof authorisationView>;

/** The authorisations an enterprise recorded, newest first. */
export const enterpriseAuthorisations = z
  .object({ creditCode, authorisations: z.array(authorisationView) })
  .meta({ id: 'EnterpriseAuthorisations', description: 'The authorisations an enterprise recorded.' });
export type EnterpriseAuthorisations = z.infer<typeof enterpriseAuthorisations>;

/** The enterprises a citizen is the legal representative of. */
export const representedEnterprises = z.object({ citizenId, enterprises: z.array(enterpriseView) }).meta({
  id: 'RepresentedEnterprises',
  description: 'The enterprises a citizen is the legal representative of.',
});
export type RepresentedEnterprises = z.infer<typeof representedEnterprises>;
