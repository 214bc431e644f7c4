/**
 * The errands the service-center runs, in one list: the service-center registers them, and the schema
 * checks (`npm run compose -- --check`, `npm run check -- <department>`) read from the same list who
 * sends each department operation — every step's and look-up's declared `sends`.
 */
import { Departments } from './departments.ts';
import { schoolEnrolmentErrand } from './enrolment/steps.ts';
import { enterpriseChangeErrand } from './enterpriseChange/steps.ts';
import { type ErrandDefinition, type Sender, stepSender } from './errands/definition.ts';
import { type NewbornErrandDependencies, newbornErrand } from './newborn/steps.ts';
import { openRestaurantErrand } from './restaurant/steps.ts';

/** What the errands need from the service-center. */
export type ErrandDependencies = NewbornErrandDependencies;

/** Every errand the service-center runs, built on `deps`. */
export function serviceCenterErrands(deps: ErrandDependencies): ErrandDefinition<never>[] {
  return [
    newbornErrand(deps),
    schoolEnrolmentErrand(deps),
    openRestaurantErrand(deps),
    enterpriseChangeErrand(deps),
  ];
}

/**
 * Every sender of department operations — each errand's steps and look-ups — with what it declares
 * it sends. The errands are built to be read here, never run: their dependencies do nothing.
 */
export function operationSenders(): Sender[] {
  const inert: ErrandDependencies = {
    departments: new Departments(() => undefined),
    today: () => '',
    deliveries: {
      dispatch: () => {
        throw new Error('the errands of operationSenders() are not to be run');
      },
    },
    consents: { use: async () => undefined },
  };
  return serviceCenterErrands(inert).flatMap((errand) => [
    ...errand.steps.map((step) => stepSender(errand.kind, step)),
    ...(errand.lookUps ?? []),
  ]);
}
