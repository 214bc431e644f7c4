/**
 * The records the market-regulation department (市场监管) keeps: the enterprise register, the
 * dishonesty list (失信名单), recorded authorisations of agents and food business licences. These are
 * the shapes of the seed files in `mocks/market-regulation/data/`; an enterprise is stored without
 * what its view gathers from the other collections (its licences, its listing).
 */
import type { z } from 'zod';
import {
  authorisationView,
  creditCode,
  dishonestyListing,
  enterpriseView,
  foodLicenceView,
} from '../../schema/market-regulation/contract.ts';

/** An enterprise of the register, without its licences and listing. */
export const enterpriseRecord = enterpriseView.omit({ foodLicences: true, dishonesty: true });
export type EnterpriseRecord = z.infer<typeof enterpriseRecord>;

/** An entry of the dishonesty list: the enterprise and its listing. */
export const dishonestyRecord = dishonestyListing.extend({ creditCode });
export type DishonestyRecord = z.infer<typeof dishonestyRecord>;

/** A recorded authorisation of an agent. */
export const authorisationRecord = authorisationView;
export type AuthorisationRecord = z.infer<typeof authorisationRecord>;

/** A food business licence. */
export const foodLicenceRecord = foodLicenceView;
export type FoodLicenceRecord = z.infer<typeof foodLicenceRecord>;

/** The seed collections of the market-regulation department system, file name → record schema. */
export const marketRegulationSeed = {
  enterprises: enterpriseRecord,
  'dishonesty-list': dishonestyRecord,
  authorisations: authorisationRecord,
  'food-licences': foodLicenceRecord,
} as const;
