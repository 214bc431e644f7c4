/**
 * The enterprise change errand's rules as the departments decide them: market regulation's findings on
 * the change, and how far the change has reached each department that holds records of the enterprise
 * — applied, refused (a question for that department's staff), or not yet.
 */
import { MUNICIPALITY_NAME } from '../../../lib/divisions.ts';
import { text, worded } from '../../../lib/i18n/messages.ts';
import type { PremisesAddress } from '../enterpriseInput.ts';
import type { ReviewRequest, RuleViolation } from '../errands/definition.ts';
import type { RegistrationFinding } from '../restaurant/rules.ts';

/** Market regulation's findings on a registration change, as violations naming the rule. */
export function changeViolations(
  findings: readonly RegistrationFinding[],
  newName: string | null,
): RuleViolation[] {
  const department = 'market-regulation';
  return findings.map((finding) => {
    const enterprise = finding.enterpriseName ?? finding.creditCode ?? '';
    switch (finding.rule) {
      case 'NAME_TAKEN':
        return { rule: 'NAME_TAKEN', department, ...worded(text('rule.nameTaken', { name: newName ?? '' })) };
      case 'ADDRESS_OUTSIDE_MUNICIPALITY':
        return {
          rule: 'ADDRESS_IN_MUNICIPALITY',
          department,
          ...worded(text('rule.addressInMunicipality', { municipality: MUNICIPALITY_NAME })),
        };
      case 'REPRESENTATIVE_RESTRICTED':
        return {
          rule: 'REPRESENTATIVE_NOT_DISHONEST',
          department,
          ...worded(text('rule.representativeDishonest', { enterprise })),
        };
      case 'ENTERPRISE_NOT_ACTIVE':
        return { rule: 'ENTERPRISE_ACTIVE', department, ...worded(text('rule.enterpriseActive')) };
      default:
        return {
          rule: finding.rule,
          department,
          ...worded(text('rule.registrationRefused', { rule: finding.rule })),
        };
    }
  });
}

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
