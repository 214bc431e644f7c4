/**
 * Market regulation's registration rules (`registrationCheck`) as the violations an enterprise errand
 * shows: the same findings for a new enterprise (开办餐饮店) and a registration change (企业信息变更),
 * each errand naming the address and the representative rules for what they are in it — the premises
 * and the applicant of a new restaurant, the new registered address and legal representative of a
 * change. The department answers with rule codes; the words are the service-center's catalogue's.
 */
import { MUNICIPALITY_NAME } from '../../lib/divisions.ts';
import { type MessageKey, text, worded } from '../../lib/i18n/messages.ts';
import type { RuleViolation } from './errands/definition.ts';

/** A rule market regulation's registration check found broken. */
export interface RegistrationFinding {
  rule: string;
  /** The enterprise concerned: the one holding the name, or the dishonest one represented. */
  creditCode?: string | null;
  enterpriseName?: string | null;
}

/** How an errand names a rule of the check: the rule's name on the application, and its message. */
interface RuleWording {
  rule: string;
  key: MessageKey;
}

/** How an errand names the address and representative rules of market regulation's check. */
export interface RegistrationWording {
  /** ADDRESS_OUTSIDE_MUNICIPALITY. */
  address: RuleWording;
  /** REPRESENTATIVE_RESTRICTED: the (new) legal representative represents a dishonest enterprise. */
  representative: RuleWording;
}

/** A new enterprise: its premises, and the applicant who will be its legal representative. */
export const NEW_ENTERPRISE: RegistrationWording = {
  address: { rule: 'PREMISES_IN_MUNICIPALITY', key: 'rule.premisesInMunicipality' },
  representative: { rule: 'APPLICANT_NOT_DISHONEST', key: 'rule.applicantDishonest' },
};

/** A registration change: the new registered address, and the new legal representative. */
export const REGISTRATION_CHANGE: RegistrationWording = {
  address: { rule: 'ADDRESS_IN_MUNICIPALITY', key: 'rule.addressInMunicipality' },
  representative: { rule: 'REPRESENTATIVE_NOT_DISHONEST', key: 'rule.representativeDishonest' },
};

/**
 * Market regulation's findings as violations naming the rule and the department, worded for the
 * errand; `name` is the name proposed (for NAME_TAKEN).
 */
export function registrationViolations(
  findings: readonly RegistrationFinding[],
  name: string | null,
  wording: RegistrationWording,
): RuleViolation[] {
  const department = 'market-regulation';
  return findings.map((finding) => {
    switch (finding.rule) {
      case 'NAME_TAKEN':
        return { rule: 'NAME_TAKEN', department, ...worded(text('rule.nameTaken', { name: name ?? '' })) };
      case 'ADDRESS_OUTSIDE_MUNICIPALITY':
        return {
          rule: wording.address.rule,
          department,
          ...worded(text(wording.address.key, { municipality: MUNICIPALITY_NAME })),
        };
      case 'REPRESENTATIVE_RESTRICTED':
        return {
          rule: wording.representative.rule,
          department,
          ...worded(
            text(wording.representative.key, {
              enterprise: finding.enterpriseName ?? finding.creditCode ?? '',
            }),
          ),
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
