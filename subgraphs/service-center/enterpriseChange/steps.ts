/**
 * The enterprise registration change errand (企业信息变更一件事) as a dependency graph:
 *
 *   check: the change against market regulation's rules (name free, address in the municipality, new
 *          representative not restricted, enterprise in business)
 *   → the change recorded in the register (变更登记), which market regulation announces through its
 *     outbox to every department holding records of the enterprise (one signed, at-least-once,
 *     idempotent delivery each, as a household's address change)
 *   → in parallel, one item per department following the change: the food business licence (market
 *     regulation's own record), fire rescue's supervision record, urban management's signboards
 *
 * A follow item is DONE once its department has applied the change; waits (retried) while the
 * delivery is under way; and becomes a question for that department's staff — a 办不成事 ticket naming
 * why — when the department cannot apply it by itself: a refused delivery, or premises that moved and
 * must be inspected before a fire safety check covers them. Resolving the ticket with `resume` asks
 * again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { text } from '../../../lib/i18n/messages.ts';
import type { Departments } from '../departments.ts';
import {
  type ErrandDefinition,
  type StepContext,
  type StepOutcome,
  stepsFor,
} from '../errands/definition.ts';
import { StepError } from '../errands/StepError.ts';
import { EnterpriseChangeFireChecksDocument } from '../generated/fire-rescue.generated.ts';
import {
  AmendEnterpriseRegistrationDocument,
  EnterpriseChangeCheckDocument,
  EnterpriseChangeDeliveriesDocument,
} from '../generated/market-regulation.generated.ts';
import { REGISTRATION_CHANGE, registrationViolations } from '../registrationRules.ts';
import { selectedEntity } from '../representations.ts';
import { inspectionReviews } from '../restaurant/rules.ts';
import { ENTERPRISE_CHANGE, type EnterpriseChangeInput } from './application.ts';
import { type ChangeDelivery, refusedDeliveryReviews, sameAddress } from './rules.ts';
import { READ_REPRESENTATION } from './submit.ts';

const step = stepsFor<EnterpriseChangeInput>();

/** What the enterprise change errand needs from the service-center. */
export interface EnterpriseChangeErrandDependencies {
  departments: Departments;
}

/** How long a follow item waits, within one attempt, for a delivery under way before retrying later. */
const DELIVERY_WAIT_MS = 3000;
const DELIVERY_POLL_MS = 100;

/** Builds the enterprise change errand's definition. */
export function enterpriseChangeErrand(
  deps: EnterpriseChangeErrandDependencies,
): ErrandDefinition<EnterpriseChangeInput> {
  const { departments } = deps;

  const checkChange = step({
    name: 'checkChange',
    title: '变更登记条件核验',
    department: 'market-regulation',
    kind: 'CHECK',
    needs: {},
    sends: [EnterpriseChangeCheckDocument],
    run: async (context) => {
      const { creditCode, change } = context.input;
      const data = await departments.of('market-regulation', context).execute(EnterpriseChangeCheckDocument, {
        // What does not change is null: market regulation reads it as not given.
        input: { creditCode, ...change },
      });
      return {
        result: {},
        violations: registrationViolations(
          data.registrationCheck.violations,
          change.name,
          REGISTRATION_CHANGE,
        ),
      };
    },
  });

  const amendRegistration = step({
    name: 'amendRegistration',
    title: '变更登记',
    department: 'market-regulation',
    kind: 'ACT',
    needs: { check: checkChange },
    sends: [AmendEnterpriseRegistrationDocument],
    run: async (context) => {
      const { creditCode, change } = context.input;
      const data = await departments
        .of('market-regulation', context)
        .execute(AmendEnterpriseRegistrationDocument, {
          creditCode,
          input: change,
          key: context.idempotencyKey,
        });
      const amended = data.amendEnterpriseRegistration;
      return { result: { changeId: amended.id, sequence: amended.sequence }, reference: amended.id };
    },
  });

  type FollowContext = StepContext<EnterpriseChangeInput, { change: typeof amendRegistration }>;

  /**
   * The change's delivery to `department` once it has settled (applied, or refused), waiting a few
   * seconds while it is under way; throws a transient StepError when it is still under way, so the
   * engine asks again later.
   */
  async function settledDelivery(context: FollowContext, department: string): Promise<ChangeDelivery | null> {
    const { creditCode } = context.input;
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    for (;;) {
      const data = await departments
        .of('market-regulation', context)
        .execute(EnterpriseChangeDeliveriesDocument, {
          representations: [{ __typename: 'Enterprise', creditCode }],
        });
      const changes = selectedEntity(data._entities[0], 'registrationChanges')?.registrationChanges ?? [];
      const change = changes.find((each) => each.id === context.needs.change.changeId);
      const delivery = change?.deliveries.find((each) => each.department === department) ?? null;
      // A department that takes no such change holds nothing to follow.
      if (change && !delivery) return null;
      if (delivery && (delivery.status === 'APPLIED' || delivery.status === 'FAILED')) return delivery;
      if (Date.now() >= deadline) {
        throw new StepError(
          department,
          'DOWNSTREAM_SERVICE_ERROR',
          text('reason.changeNotApplied', {
            department,
            attempts: delivery?.attempts ?? 0,
            error: delivery?.lastError ?? '',
          }),
          true,
        );
      }
      await sleep(DELIVERY_POLL_MS);
    }
  }

  /** The outcome of a follow item whose department has settled the delivery as `delivery`. */
  const followed = (
    context: FollowContext,
    delivery: ChangeDelivery | null,
  ): StepOutcome<{ actions: string[] }> => ({
    result: { actions: [...(delivery?.actions ?? [])] },
    reference: context.needs.change.changeId,
    reviews: delivery ? refusedDeliveryReviews(delivery) : [],
  });

  const followFoodLicence = step({
    name: 'followFoodLicence',
    title: '食品经营许可证信息同步',
    department: 'market-regulation',
    kind: 'ACT',
    needs: { change: amendRegistration },
    sends: [EnterpriseChangeDeliveriesDocument],
    run: async (context) => followed(context, await settledDelivery(context, 'market-regulation')),
  });

  const followFireSupervision = step({
    name: 'followFireSupervision',
    title: '消防监督管理信息同步',
    department: 'fire-rescue',
    kind: 'ACT',
    needs: { change: amendRegistration },
    sends: [EnterpriseChangeDeliveriesDocument, EnterpriseChangeFireChecksDocument],
    run: async (context) => {
      const delivery = await settledDelivery(context, 'fire-rescue');
      const outcome = followed(context, delivery);
      const moved = context.input.change.registeredAddress;
      if (!moved || delivery?.status !== 'APPLIED') return outcome;
      // Premises that moved are the inspector's to check before a fire safety check covers them.
      const data = await departments.of('fire-rescue', context).execute(EnterpriseChangeFireChecksDocument, {
        representations: [{ __typename: 'Enterprise', creditCode: context.input.creditCode }],
      });
      const checks = selectedEntity(data._entities[0], 'fireSafetyChecks')?.fireSafetyChecks ?? [];
      const atNewPremises = checks.find((check) => sameAddress(check.premises.address, moved));
      if (!atNewPremises) return outcome;
      return { ...outcome, reviews: inspectionReviews(atNewPremises) };
    },
  });

  const followSignboards = step({
    name: 'followSignboards',
    title: '户外招牌信息同步',
    department: 'urban-management',
    kind: 'ACT',
    needs: { change: amendRegistration },
    sends: [EnterpriseChangeDeliveriesDocument],
    run: async (context) => followed(context, await settledDelivery(context, 'urban-management')),
  });

  return {
    kind: ENTERPRISE_CHANGE,
    lookUps: [READ_REPRESENTATION],
    steps: [checkChange, amendRegistration, followFoodLicence, followFireSupervision, followSignboards],
  };
}
