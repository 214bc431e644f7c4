/**
 * Enrolling a newborn in resident medical insurance (新生儿参保登记), the department's act in the newborn
 * errand, by Chongqing's rules:
 *
 * - a newborn enrolled within {@link NEWBORN_COVERAGE_WINDOW_DAYS} days of birth is covered from the
 *   day of birth (出生90日内参保的，自出生之日起享受待遇); enrolled later, from the day of enrolment;
 * - the first year's individual contribution is waived (资助参保) for a family on social assistance
 *   (低保, 特困), and otherwise due;
 * - the insured area is the division of the household the child's hukou was registered in, which
 *   must lie in the municipality.
 *
 * Runs inside the caller's idempotent-write transaction, so a refusal leaves nothing behind.
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import type { EnrolmentView, NewbornEnrolmentRequest } from '../../schema/medical-insurance/contract.ts';
import { requireBirthDateOfCitizenId } from '../kit/birthDate.ts';
import { ApiError } from '../kit/errors.ts';
import type { ContributionRecord } from './records.ts';
import type { MedicalInsuranceStore } from './store.ts';

/** Days after birth within which an enrolled newborn is covered from the day of birth. */
export const NEWBORN_COVERAGE_WINDOW_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from one ISO date to a later one. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The day a newborn's coverage starts: the birth date when enrolled within the coverage window,
 * else the day of enrolment.
 */
export function newbornCoverageStart(birthDate: string, enrolledOn: string): string {
  return daysBetween(birthDate, enrolledOn) <= NEWBORN_COVERAGE_WINDOW_DAYS ? birthDate : enrolledOn;
}

/** The first year's contribution of a newborn: waived for a family on social assistance, else due. */
export function firstYearContribution(coveredFrom: string, assistance: boolean): ContributionRecord {
  return { year: Number(coveredFrom.slice(0, 4)), status: assistance ? 'WAIVED' : 'UNPAID' };
}

/** Refuses a request whose child is not a newborn of the municipality, or is already insured. */
function checkNewborn(store: MedicalInsuranceStore, request: NewbornEnrolmentRequest, today: string): void {
  requireBirthDateOfCitizenId(request.citizenId, request.birthDate);
  const firstBirthday = `${Number(request.birthDate.slice(0, 4)) + 1}${request.birthDate.slice(4)}`;
  if (request.birthDate > today || firstBirthday <= today) {
    throw new ApiError(
      422,
      'NOT_A_NEWBORN',
      `newborn enrolment is for children under one year old on ${today}; a child born on ${request.birthDate} enrols in the yearly collection period`,
    );
  }
  const divisionCode = request.householdId.slice(0, 6);
  if (!isInMunicipality(divisionCode)) {
    throw new ApiError(
      422,
      'INSURED_AREA_OUTSIDE_MUNICIPALITY',
      `household ${request.householdId} is registered outside Chongqing; the child is insured where its hukou is`,
    );
  }
  const [existing] = store.enrolmentsOf([request.citizenId]);
  if (existing) {
    throw new ApiError(
      409,
      'ALREADY_ENROLLED',
      `the child is already enrolled in medical insurance as ${existing.id}`,
      { enrolmentNumber: existing.id },
    );
  }
}

/** Enrols a newborn in resident medical insurance on `today` and answers the enrolment. */
export function enrolNewborn(
  store: MedicalInsuranceStore,
  request: NewbornEnrolmentRequest,
  today: string,
): EnrolmentView {
  checkNewborn(store, request, today);
  const insuredDivisionCode = request.householdId.slice(0, 6);
  const coveredFrom = newbornCoverageStart(request.birthDate, today);
  const enrolment: EnrolmentView = {
    id: store.nextEnrolmentNumber(insuredDivisionCode),
    citizenId: request.citizenId,
    insuredDivisionCode,
    scheme: 'RESIDENT',
    // Covered while the first contribution is due: the window to pay is the coverage window itself.
    status: 'ACTIVE',
    coveredFrom,
    enrolledOn: today,
    contributions: [firstYearContribution(coveredFrom, request.assistance)],
  };
  store.insert(enrolment);
  return enrolment;
}
