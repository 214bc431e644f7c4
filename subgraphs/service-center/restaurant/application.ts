/**
 * What an "open a restaurant" application (开办餐饮店一件事) holds: only what no department knows — the
 * proposed name, the premises, the business scope, the signboard and the expected sewage — as the
 * applicant gave them. Everything else (who the applicant is, whether the name is free, what check the
 * premises need) is read from the departments by the errand's checks, so a restarted process has all
 * it needs and the applicant is asked nothing twice.
 */

import type { PremisesAddress } from '../enterpriseInput.ts';

/** The kind name of the restaurant errand. */
export const OPEN_RESTAURANT = 'OPEN_RESTAURANT';

/** The restaurant's premises: where, and how large. */
export interface RestaurantPremises extends PremisesAddress {
  /** Floor area in square metres; a positive number. */
  floorArea: number;
  /** Seats for guests; 0 for none. */
  seats: number;
}

/** The shop signboard (店招) to hang on the premises. */
export interface RestaurantSignboard {
  /** What it says, e.g. the shop's trade name. */
  text: string;
  /** Width and height in metres, and the frontage's width it hangs on. */
  width: number;
  height: number;
  frontageWidth: number;
}

/** The food the restaurant will serve (食品经营项目), as market regulation names it. */
export type FoodBusinessItem =
  | 'HOT_FOOD'
  | 'COLD_FOOD'
  | 'RAW_FOOD'
  | 'PASTRIES'
  | 'HOMEMADE_DRINKS'
  | 'PREPACKAGED_FOOD';

/** The kinds of enterprise a restaurant may be registered as. */
export type RestaurantEnterpriseType = 'LIMITED_COMPANY' | 'SOLE_PROPRIETORSHIP' | 'INDIVIDUAL_BUSINESS';

/** The stored input of a restaurant application. */
export interface OpenRestaurantInput {
  /** The proposed enterprise name, e.g. 重庆山城小面餐饮有限公司. */
  name: string;
  enterpriseType: RestaurantEnterpriseType;
  /** The business scope (经营范围) as it will be registered. */
  businessScope: string;
  foodBusinessItems: FoodBusinessItem[];
  /** The premises, which are also the enterprise's registered address. */
  premises: RestaurantPremises;
  signboard: RestaurantSignboard;
  /** The expected sewage discharged into the municipal network, cubic metres a day. */
  dailySewage: number;
}
