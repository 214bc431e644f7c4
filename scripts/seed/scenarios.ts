/**
 * `mocks/scenarios.json`: the records tests and examples rely on, named by the situation they
 * stand for, so that no test hard-codes an id. Parse it with {@link scenariosSchema}:
 *
 * ```ts
 * import json from '../../mocks/scenarios.json' with { type: 'json' };
 * const scenarios: Scenarios = scenariosSchema.parse(json);
 * ```
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { citizenId, isoDate } from '../../lib/contract/fields.ts';
import { birthRecordId } from '../../schema/health/contract.ts';
import { creditCode, foodLicenceView } from '../../schema/market-regulation/contract.ts';

/** An enterprise of the register and its legal representative of record. */
const representedEnterprise = z.object({ creditCode, legalRepresentativeCitizenId: citizenId });

/**
 * Enterprises and the people who act for them, by the situation the enterprise errands meet (opening
 * a restaurant, a registration change, a licence renewal). Picked from the generated records by
 * property (`enterpriseScenarios.ts`), so a held-out seed set names its own.
 */
export const enterpriseScenariosSchema = z.object({
  /**
   * A registered working-age adult (22–65) with hukou in Chongqing who acts for no enterprise —
   * represents none (so none on the dishonesty list) and is no agent: who can open a restaurant.
   */
  restaurantApplicant: citizenId,
  /** The enterprise on the dishonesty list (失信名单), in business. */
  dishonestEnterprise: creditCode,
  /** The legal representative of `dishonestEnterprise`: may not represent another enterprise. */
  dishonestRepresentative: citizenId,
  /**
   * An ACTIVE restaurant, not listed, whose representative represents it alone, with premises at its
   * registered address and there: a food licence valid beyond the next 90 days, a fire safety check
   * accepted or passed, a signboard and a valid drainage permit — ready for a registration change.
   */
  restaurant: representedEnterprise,
  /**
   * An ACTIVE restaurant, not listed, with a valid food licence for premises larger than fire rescue's
   * on-site inspection line (`LARGE_PREMISES_FLOOR_AREA`, `mocks/fire-rescue/inspection.ts`).
   */
  largePremisesRestaurant: representedEnterprise,
  /** An ACTIVE enterprise, not listed, whose food licence `licenceNumber` expires within 90 days of `referenceDate`. */
  licenceNearExpiry: representedEnterprise.extend({ licenceNumber: foodLicenceView.shape.number }),
  /**
   * An ACTIVE enterprise, not listed, and a citizen authorised as its agent for registration matters
   * on `referenceDate`, who is not its (nor any enterprise's) legal representative.
   */
  authorisedAgent: z.object({ creditCode, agentCitizenId: citizenId }),
  /** The name of an ACTIVE enterprise of the register (a new registration under it is NAME_TAKEN). */
  takenName: z.object({ creditCode, name: z.string().min(4) }),
});

/** The enterprise section of `mocks/scenarios.json`. */
export type EnterpriseScenarios = z.infer<typeof enterpriseScenariosSchema>;

export const scenariosSchema = z.object({
  /** The day the data describes: ages and "born within a year" are measured against it. */
  referenceDate: isoDate,
  /** Birth records (all `REPORTED`) by the eligibility situation they stand for. */
  birthRecords: z.object({
    /** Reports the newborn errand should accept: married Chongqing parents, a Chongqing maternity unit, born recently. */
    eligible: z.array(birthRecordId).min(1),
    /** Twins: same parents and time of birth, birthOrder 1 and 2. Both are eligible. */
    twins: z.tuple([birthRecordId, birthRecordId]),
    /** The father is not named and the mother has no marriage record. */
    unmarriedMother: birthRecordId,
    /** Married parents, one registered in Chongqing and the other in another province. Eligible. */
    parentInOtherProvince: birthRecordId,
    /** Born more than a year before the reference date. Ineligible. */
    bornOverAYearAgo: birthRecordId,
    /** Born at a Chongqing hospital that is not a maternity unit. Ineligible. */
    notMaternityUnit: birthRecordId,
    /** Born at a maternity hospital outside Chongqing. Ineligible. */
    outOfProvinceHospital: birthRecordId,
    /** Both parents registered, not married to each other. Ineligible. */
    parentsNotMarried: birthRecordId,
    /** Married parents both registered outside Chongqing. Ineligible. */
    neitherParentInMunicipality: birthRecordId,
    /** The mother's household receives 低保 (an active MINIMUM_LIVING case). Eligible. */
    assistanceFamily: birthRecordId,
  }),
  citizens: z.object({
    /** A married Chongqing adult in a household of three or more, parent of `child`. */
    profile: citizenId,
    /** A child of `profile` with a birth certificate, a vaccination record and an enrolment. */
    child: citizenId,
    /** A Chongqing resident whose name contains "·". */
    withDotName: citizenId,
    /** The head of a household with an active 低保 case. */
    assistanceHead: citizenId,
    /** A resident supported as 特困 (an active EXTREME_POVERTY case). */
    extremePoverty: citizenId,
    /** An adult whose household is registered outside Chongqing. */
    outOfProvince: citizenId,
  }),
  households: z.object({
    /** The household of `citizens.profile`. */
    profile: z.string().regex(/^\d{6}-\d{6}$/),
    /** A university's student dormitory, a collective household (集体户) of unrelated adults. */
    dormitory: z.string().regex(/^\d{6}-\d{6}$/),
    /** A company's collective household (集体户) of unrelated adult employees. */
    companyCollective: z.string().regex(/^\d{6}-\d{6}$/),
  }),
  schoolDistricts: z.object({
    /** The school district covering the profile household's street. */
    profile: z.string().regex(/^XQ\d{6}-\d{2}$/),
  }),
  enterprises: enterpriseScenariosSchema,
});

/** The contents of `mocks/scenarios.json`. */
export type Scenarios = z.infer<typeof scenariosSchema>;

/** Where a seed set keeps its scenarios: `scenarios.json` at the top, beside the department folders. */
export const SCENARIOS_FILE = 'scenarios.json';

/**
 * The scenarios of a seed set (`<seedDir>/scenarios.json`), checked against {@link scenariosSchema}:
 * the repository's (`mocks/`) or a held-out set written by `npm run seed:generate -- --out <dir>`.
 * Throws naming the file when it is missing or does not match.
 */
export function readScenarios(seedDir: string): Scenarios {
  const file = path.join(seedDir, SCENARIOS_FILE);
  const parsed = scenariosSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} does not match the scenarios schema: ${parsed.error.message}`);
  return parsed.data;
}
