/**
 * The restaurant errand (开办餐饮店一件事) as the benchmark runs it: openRestaurant by the seed's
 * restaurant applicant (`enterprises.restaurantApplicant`: a Chongqing adult who represents no
 * enterprise), each run for a restaurant of its own — a new name, which must be free at market
 * regulation, at new premises, since an application is one per applicant, name and premises (a repeat
 * answers the existing one). The premises are small (120 m², under fire rescue's on-site inspection
 * line), so the fire safety check is the operator's commitment and the application COMPLETES at once:
 *
 *   4 parallel checks → the name declared → the enterprise registered → 4 parallel acts
 *
 * Nothing runs out, so one system start serves every run.
 */
import { parseIdentity } from '../../../lib/auth/identity.ts';
import type { RunningSystem } from '../../../system/startSystem.ts';
import type { Scenarios } from '../../seed/scenarios.ts';
import type { BenchErrand, ErrandRuns, ErrandSelection } from '../BenchErrand.ts';

/**
 * What a client shows right after submitting: the application's status and items, and the new
 * enterprise's credit code (the key the service-center answers itself), so the gateway makes no
 * follow-up fetch.
 */
export const RESTAURANT_REALISTIC: ErrandSelection = {
  name: 'realistic',
  description: 'application status and items, enterprise creditCode',
  query: `mutation BenchOpenRestaurant($input: OpenRestaurantInput!) {
  openRestaurant(input: $input) {
    application { id status items { step department status attempts reference } }
    enterprise { creditCode }
  }
}`,
};

/**
 * The enterprise with fields from market regulation, fire rescue and urban management, as the
 * end-to-end test selects it (`test/restaurant.e2e.ts`): the gateway fetches them after the errand.
 */
export const RESTAURANT_FULL: ErrandSelection = {
  name: 'full',
  description: 'application as above, enterprise with its licences, checks, signboard and permit',
  query: `mutation BenchOpenRestaurantFull($input: OpenRestaurantInput!) {
  openRestaurant(input: $input) {
    application {
      id kind status
      items { step department status attempts reference reason }
      rejections { rule department message }
      tickets { id department step status reason dueAt }
    }
    enterprise {
      creditCode name legalRepresentative { citizenId }
      foodBusinessLicences { number status }
      fireSafetyChecks { id kind status dueAt }
      signboards { id text }
      drainagePermits { number dailyVolume }
    }
  }
}`,
};

/**
 * The input of the `run`-th restaurant of a benchmark: a name and premises no other run has, small
 * premises in 渝中区 and a signboard within urban management's size rules.
 */
export function restaurantInput(run: number): Record<string, unknown> & { name: string } {
  if (!Number.isInteger(run) || run < 1) {
    throw new TypeError(`a restaurant run is a whole number of at least 1, got ${run}`);
  }
  return {
    name: `重庆基准第${run}号小面餐饮有限公司`,
    businessScope: '餐饮服务；食品销售',
    foodBusinessItems: ['HOT_FOOD'],
    premises: {
      divisionCode: '500103',
      street: '解放碑街道',
      community: '民生路社区',
      detail: `民生路${run}号附${run % 7}号1楼`,
      floorArea: 120,
      seats: 40,
    },
    signboard: { text: '山城小面', width: 5, height: 1.2, frontageWidth: 6 },
    dailySewage: 2.5,
  };
}

/** The restaurant errand for the restaurant applicant `scenarios` names. */
export function restaurantErrand(scenarios: Scenarios): BenchErrand {
  const applicant = parseIdentity(scenarios.enterprises.restaurantApplicant);
  // Counted across system starts, so no two runs of one benchmark share a name or premises.
  let runs = 0;
  return {
    name: 'restaurant',
    mutation: 'openRestaurant',
    realistic: RESTAURANT_REALISTIC,
    full: RESTAURANT_FULL,
    async start(system: RunningSystem): Promise<ErrandRuns> {
      const { issuer } = system.authentication;
      return {
        remaining: () => Number.POSITIVE_INFINITY,
        async next() {
          runs += 1;
          const input = restaurantInput(runs);
          // A token per run, as the newborn errand's applicants each bring their own.
          const authorization = `Bearer ${await issuer.mint(applicant)}`;
          return { subject: input.name, authorization, input };
        },
      };
    },
  };
}
