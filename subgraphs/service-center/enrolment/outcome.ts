/**
 * The outcome of a school enrolment application as the family reads it (`Application.enrolment`):
 * the decision, the school, the place on the waiting list, what the family must still do and why —
 * gathered from the items the errand stored.
 */
import type { Language } from '../../../lib/i18n/languages.ts';
import type { ReviewRequest, RuleViolation, StepOutcome } from '../errands/definition.ts';
import { type FactsReader, findingFor } from '../messages.ts';
import type { ApplicationRow, ItemRow } from '../store.ts';
import { SCHOOL_ENROLMENT, type SchoolEnrolmentInput } from './application.ts';
import {
  type DecisionNote,
  type EnrolmentPriority,
  type FollowUp,
  type VaccinationFacts,
  vaccinationFollowUps,
} from './rules.ts';

/** How a school enrolment application was decided. */
export type EnrolmentDecision = 'PLACED' | 'WAITLISTED' | 'MANUAL_REVIEW' | 'REJECTED';

/** The outcome of a school enrolment application. */
export interface EnrolmentOutcome {
  decision: EnrolmentDecision;
  entryYear: number;
  /** The school of the place or of the waiting list, as an education entity reference. */
  school: { id: string } | null;
  schoolDistrict: { id: string } | null;
  waitlistPosition: number | null;
  priorities: EnrolmentPriority[];
  followUps: FollowUp[];
  reasons: Array<RuleViolation | ReviewRequest | DecisionNote>;
}

const stored = (item: ItemRow | undefined) => (item?.result as StepOutcome | null) ?? null;

/**
 * The outcome of an application, or null for another kind of errand and while no decision is reached
 * (the checks are running, or the education act failed and waits on a ticket).
 */
export function enrolmentOutcome(application: ApplicationRow, items: ItemRow[]): EnrolmentOutcome | null {
  if (application.kind !== SCHOOL_ENROLMENT) return null;
  const { entryYear } = application.input as SchoolEnrolmentInput;
  const byStep = new Map(items.map((item) => [item.step, item]));
  const done = (step: string) => (byStep.get(step)?.status === 'DONE' ? stored(byStep.get(step)) : null);
  const places = stored(byStep.get('checkSchoolPlaces'))?.result ?? {};
  const vaccination = done('checkVaccination');
  const followUps = vaccination
    ? vaccinationFollowUps((vaccination.result.vaccination as VaccinationFacts | null) ?? null)
    : [];
  const schoolDistrict = typeof places.districtId === 'string' ? { id: places.districtId } : null;
  const base = { entryYear, schoolDistrict, waitlistPosition: null, followUps };

  if (application.status === 'REJECTED') {
    const reasons = items.flatMap((item) => stored(item)?.violations ?? []);
    return { ...base, decision: 'REJECTED', school: null, priorities: [], reasons };
  }
  const reviews = items
    .filter((item) => item.status === 'NEEDS_REVIEW')
    .flatMap((item) => stored(item)?.reviews ?? []);
  if (reviews.length > 0) {
    const priorities = (done('checkPriority')?.result.priorities as EnrolmentPriority[] | undefined) ?? [];
    return { ...base, decision: 'MANUAL_REVIEW', school: null, priorities, reasons: reviews };
  }
  const enrolment = done('enrol')?.result;
  if (!enrolment) return null;
  return {
    ...base,
    decision: enrolment.status === 'ENROLLED' ? 'PLACED' : 'WAITLISTED',
    school: { id: enrolment.schoolId as string },
    waitlistPosition: (enrolment.waitlistPosition as number | null) ?? null,
    priorities: (enrolment.priorities as EnrolmentPriority[]) ?? [],
    reasons: (places.notes as DecisionNote[] | undefined) ?? [],
  };
}

/** Priorities civil affairs' assistance register decided (the others, education's sibling register). */
const ASSISTANCE_PRIORITIES = new Set<EnrolmentPriority>([
  'MINIMUM_LIVING_ASSISTANCE',
  'EXTREME_POVERTY_SUPPORT',
]);

/**
 * The outcome as `reader` may read it (see `messages.ts`): each reason and follow-up stating records
 * the reader may not read replaced by a neutral one naming the department, and a priority left out
 * for a reader who may not read education's records (which hold every priority with the place), nor,
 * for an assistance priority, civil affairs'.
 */
export function enrolmentOutcomeFor(
  reader: FactsReader,
  language: Language,
  outcome: EnrolmentOutcome | null,
): EnrolmentOutcome | null {
  if (!outcome) return null;
  return {
    ...outcome,
    priorities: outcome.priorities.filter(
      (priority) => reader('education') || (ASSISTANCE_PRIORITIES.has(priority) && reader('civil-affairs')),
    ),
    followUps: outcome.followUps.map((followUp) => findingFor(reader, language, followUp)),
    reasons: outcome.reasons.map((reason) => findingFor(reader, language, reason)),
  };
}
