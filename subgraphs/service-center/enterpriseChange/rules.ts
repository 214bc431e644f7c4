/**
 * The enterprise change errand's rules as the departments decide them (market regulation's findings
 * on the change are `../registrationRules.ts`'s): how far the change has reached each department that holds records of the enterprise
 * — applied, refused (a question for that department's staff), or not yet.
 */
import { text, worded } from '../../../lib/i18n/messages.ts';
import type { PremisesAddress } from '../enterpriseInput.ts';
import type { ReviewRequest } from '../errands/definition.ts';

/** A change's delivery to one department, as market regulation's relay records it. */
export interface ChangeDelivery {
  department: string;
  status: string;
  attempts: number;
  actions: readonly string[];
  lastError?: string | null;
}

/**
 * A delivery the receiving department refused: it cannot apply the change by itself, so its staff
 * must — a question for that department, naming why.
 */
export function refusedDeliveryReviews(delivery: ChangeDelivery): ReviewRequest[] {
  if (delivery.status !== 'FAILED') return [];
  return [
    {
      rule: 'CHANGE_APPLIED',
      department: delivery.department,
      ...worded(
        text('review.changeRefused', { department: delivery.department, reason: delivery.lastError ?? '' }),
      ),
    },
  ];
}

/** True when two addresses name the same premises. */
export function sameAddress(a: PremisesAddress, b: PremisesAddress): boolean {
  return (
    a.divisionCode === b.divisionCode &&
    a.street === b.street &&
    a.community === b.community &&
    a.detail === b.detail
  );
}
