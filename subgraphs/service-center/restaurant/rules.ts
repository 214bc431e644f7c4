/**
 * The restaurant errand's rules as the departments decide them, turned into the rule violations and
 * review requests an application shows — each named with its department, in the reader's language.
 * The departments answer with rule codes; the words are the service-center's catalogue's.
 */
import { text, worded } from '../../../lib/i18n/messages.ts';
import type { ReviewRequest, RuleViolation } from '../errands/definition.ts';

/** A size rule of urban management's a signboard breaks (`signboardAssessment`). */
export interface SignboardFinding {
  rule: string;
  limit: number;
  actual: number;
}

/** Urban management's signboard size rules broken, one violation each, with the limit and the size. */
export function signboardViolations(findings: readonly SignboardFinding[]): RuleViolation[] {
  return findings.map((finding) => ({
    rule: `SIGNBOARD_${finding.rule}`,
    department: 'urban-management',
    ...worded(
      text('rule.signboardSize', {
        rule: finding.rule,
        limit: String(finding.limit),
        actual: String(finding.actual),
      }),
    ),
  }));
}

/** The applicant has no population record: no one the register knows can be the legal representative. */
export function applicantViolations(found: boolean): RuleViolation[] {
  if (found) return [];
  return [
    {
      rule: 'APPLICANT_REGISTERED',
      department: 'public-security',
      ...worded(text('rule.applicantRegistered')),
    },
  ];
}

/** A fire safety check as it stands at fire rescue. */
export interface FireCheckState {
  id: string;
  status: string;
  dueAt?: string | null;
  findings: readonly string[];
}

/**
 * What an on-site inspection still waits for, as a question for fire rescue's inspector: booked and
 * not yet done, or failed with findings to put right. None once passed (or a commitment accepted).
 */
export function inspectionReviews(check: FireCheckState): ReviewRequest[] {
  if (check.status === 'PASSED' || check.status === 'ACCEPTED') return [];
  const department = 'fire-rescue';
  const rule = 'FIRE_SAFETY_INSPECTION';
  if (check.status === 'FAILED') {
    return [
      {
        rule,
        department,
        ...worded(text('review.inspectionFailed', { id: check.id, findings: check.findings.join('；') })),
      },
    ];
  }
  return [
    {
      rule,
      department,
      ...worded(text('review.inspectionBooked', { id: check.id, due: check.dueAt?.slice(0, 10) ?? '' })),
    },
  ];
}
