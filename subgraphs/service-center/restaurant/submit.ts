/**
 * Submitting an "open a restaurant" application: check the input, make sure the caller is a citizen —
 * the future legal representative, whom the token names — and create the application, or find the one
 * that already exists for the same key or for the same name and premises from the same applicant.
 * Nothing about the departments is decided here: the errand's checks read them, before any act.
 */
import type { Identity } from '../../../lib/auth/identity.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { forbidden } from '../../kit/access.ts';
import { badUserInput } from '../../kit/errors.ts';
import { applicantOf, DEPARTMENT } from '../access.ts';
import { type ApplicationDesk, findOrCreateApplication } from '../applicationDesk.ts';
import { checkAddress, checkEnterpriseName, line, positive } from '../enterpriseInput.ts';
import type { ApplicationRow } from '../store.ts';
import {
  type FoodBusinessItem,
  OPEN_RESTAURANT,
  type OpenRestaurantInput,
  type RestaurantEnterpriseType,
  type RestaurantPremises,
  type RestaurantSignboard,
} from './application.ts';

/** The GraphQL input of openRestaurant. */
export interface OpenRestaurantRequest {
  name: string;
  enterpriseType?: RestaurantEnterpriseType | null;
  businessScope: string;
  foodBusinessItems?: FoodBusinessItem[] | null;
  premises: RestaurantPremises;
  signboard: RestaurantSignboard;
  dailySewage: number;
  idempotencyKey?: string | null;
}

/** What submission needs: the service-center's store, engine and clock. */
export type RestaurantDesk = ApplicationDesk;

/** Working days the service promises for opening a restaurant (承诺办结时限), an inspection included. */
export const RESTAURANT_PROMISE_WORKING_DAYS = 10;

/** The input checked and tidied, as the application stores it. */
function checkInput(request: OpenRestaurantRequest): OpenRestaurantInput {
  const name = checkEnterpriseName(request.name);
  const { premises, signboard } = request;
  const address = checkAddress('input.premises', premises);
  if (!Number.isInteger(premises.seats) || premises.seats < 0) {
    throw badUserInput(
      DEPARTMENT,
      'input.premises.seats',
      'NOT_A_COUNT',
      text('restaurant.seatsCount', { got: premises.seats }),
    );
  }
  const key = request.idempotencyKey;
  if (key != null && (key.length < 1 || key.length > 100)) {
    throw badUserInput(
      DEPARTMENT,
      'input.idempotencyKey',
      'LENGTH',
      text('serviceCenter.idempotencyKeyLength'),
    );
  }
  const items = request.foodBusinessItems ?? ['HOT_FOOD'];
  if (items.length === 0) {
    throw badUserInput(DEPARTMENT, 'input.foodBusinessItems', 'EMPTY', text('restaurant.noFoodItems'));
  }
  return {
    name,
    enterpriseType: request.enterpriseType ?? 'LIMITED_COMPANY',
    businessScope: line('input.businessScope', request.businessScope, 500),
    foodBusinessItems: [...new Set(items)],
    premises: {
      ...address,
      floorArea: positive('input.premises.floorArea', premises.floorArea),
      seats: premises.seats,
    },
    signboard: {
      text: line('input.signboard.text', signboard.text, 40),
      width: positive('input.signboard.width', signboard.width),
      height: positive('input.signboard.height', signboard.height),
      frontageWidth: positive('input.signboard.frontageWidth', signboard.frontageWidth),
    },
    dailySewage: positive('input.dailySewage', request.dailySewage),
  };
}

/** The same name at the same premises from the same applicant is the same application. */
function subjectKeyOf(applicant: string, input: OpenRestaurantInput): string {
  const { divisionCode, street, community, detail } = input.premises;
  return [applicant, input.name, divisionCode, street, community, detail].join('/');
}

/**
 * Submits a restaurant application for the calling citizen, or finds the existing one; answers its row
 * (not yet settled). The applicant becomes the enterprise's legal representative, so only a citizen
 * applies: staff, whose token names no one who could be, are refused.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for anyone but a citizen,
 *   `BAD_USER_INPUT` naming the field for bad input — before anything is stored or asked
 */
export async function submitRestaurant(
  desk: RestaurantDesk,
  identity: Identity,
  request: OpenRestaurantRequest,
): Promise<ApplicationRow> {
  const caller = applicantOf(identity, text('errand.openRestaurant'));
  if (caller.kind !== 'citizen') throw forbidden(DEPARTMENT, text('refused.restaurantCitizenOnly'));
  const input = checkInput(request);
  const applicant = caller.citizenId;
  return findOrCreateApplication(desk, {
    kind: OPEN_RESTAURANT,
    numberPrefix: 'RE',
    applicantCitizenId: applicant,
    subjectKey: subjectKeyOf(applicant, input),
    clientKey: request.idempotencyKey ?? null,
    input,
    promiseWorkingDays: RESTAURANT_PROMISE_WORKING_DAYS,
  });
}
