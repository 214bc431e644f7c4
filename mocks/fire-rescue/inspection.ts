/**
 * Fire rescue's rules for a public gathering place before it opens (公众聚集场所投入使用、营业前消防安全检查):
 *
 * - premises up to {@link LARGE_PREMISES_FLOOR_AREA} m² open on the operator's commitment (告知承诺),
 *   accepted at once; larger premises are inspected on site, booked with a due time
 *   {@link INSPECTION_DUE_DAYS} days ahead, and pass or fail with findings;
 * - one open or passed check per premises: a second is refused while one is accepted, booked or passed;
 *   after a failure the premises may be checked again;
 * - fire rescue supervises premises in the municipality only.
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import { addDays } from '../../lib/isoDate.ts';
import type {
  CheckKind,
  FireSafetyCheckRequest,
  FireSafetyCheckView,
  InspectionRequirementView,
  InspectionResultRequest,
} from '../../schema/fire-rescue/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { FireRescueStore } from './store.ts';

/**
 * Floor area (m²) above which a public gathering place is inspected on site before it opens; at or
 * below it fire rescue takes the operator's commitment. Fire rescue's line: market regulation's seed
 * draws restaurants on both sides of it.
 */
export const LARGE_PREMISES_FLOOR_AREA = 300;

/** Days within which fire rescue inspects booked premises (ten working days, two calendar weeks). */
export const INSPECTION_DUE_DAYS = 14;

/** The local time of day an inspection is due by on its last day. */
const DUE_HOUR = 18;

/** The kind of check premises of this floor area get. */
export function checkKindFor(floorArea: number): CheckKind {
  return floorArea > LARGE_PREMISES_FLOOR_AREA ? 'ON_SITE_INSPECTION' : 'COMMITMENT';
}

/** Whether premises of this floor area need an on-site inspection, and the line that decides it. */
export function inspectionRequirement(floorArea: number): InspectionRequirementView {
  return { floorArea, kind: checkKindFor(floorArea), thresholdFloorArea: LARGE_PREMISES_FLOOR_AREA };
}

/** The time an inspection booked on `day` is due by: {@link INSPECTION_DUE_DAYS} days later, 18:00 China time. */
export function inspectionDueAt(day: string): string {
  return `${addDays(day, INSPECTION_DUE_DAYS)}T${DUE_HOUR}:00:00+08:00`;
}

/** An instant on `today` at the current time of day in China Standard Time (tests move the date, not the clock). */
export function instantOn(today: string, now: Date = new Date()): string {
  const clock = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(11, 19);
  return `${today}T${clock}+08:00`;
}

/** Files the operator's commitment for small premises: accepted at once. */
export function fileCommitment(
  store: FireRescueStore,
  request: FireSafetyCheckRequest,
  today: string,
): FireSafetyCheckView {
  if (checkKindFor(request.premises.floorArea) !== 'COMMITMENT') {
    throw new ApiError(
      422,
      'INSPECTION_REQUIRED',
      `premises over ${LARGE_PREMISES_FLOOR_AREA} m² are inspected on site before opening: book an inspection`,
      { thresholdFloorArea: LARGE_PREMISES_FLOOR_AREA },
    );
  }
  const at = instantOn(today);
  return openCheck(store, request, 'COMMITMENT', { status: 'ACCEPTED', dueAt: null, decidedAt: at }, at);
}

/** Books an on-site inspection, due {@link INSPECTION_DUE_DAYS} days later. */
export function bookInspection(
  store: FireRescueStore,
  request: FireSafetyCheckRequest,
  today: string,
): FireSafetyCheckView {
  const at = instantOn(today);
  return openCheck(
    store,
    request,
    'ON_SITE_INSPECTION',
    { status: 'BOOKED', dueAt: inspectionDueAt(today), decidedAt: null },
    at,
  );
}

/** Records a booked inspection's result: passed, or failed with what was found. */
export function recordResult(
  store: FireRescueStore,
  checkId: string,
  request: InspectionResultRequest,
  today: string,
): FireSafetyCheckView {
  // Judged before the check is looked up, so the refusal holds whatever state the check is in.
  if (request.outcome === 'FAILED' && request.findings.length === 0) {
    throw new ApiError(422, 'FINDINGS_REQUIRED', 'a failed inspection names at least one finding');
  }
  const check = store.check(checkId);
  if (!check) throw new ApiError(404, 'FIRE_SAFETY_CHECK_NOT_FOUND', `no fire safety check ${checkId}`);
  if (check.status !== 'BOOKED') {
    throw new ApiError(
      409,
      'INSPECTION_NOT_BOOKED',
      `check ${checkId} is ${check.kind === 'COMMITMENT' ? 'a commitment' : `an inspection already ${check.status.toLowerCase()}`}: only a booked inspection takes a result`,
      { status: check.status },
    );
  }
  const decided: FireSafetyCheckView = {
    ...check,
    status: request.outcome,
    decidedAt: instantOn(today),
    findings: request.outcome === 'FAILED' ? [...request.findings] : [],
  };
  store.updateCheck(decided);
  return decided;
}

/** Opens a check of the premises at the request's address, registering the premises when new. */
function openCheck(
  store: FireRescueStore,
  request: FireSafetyCheckRequest,
  kind: CheckKind,
  state: Pick<FireSafetyCheckView, 'status' | 'dueAt' | 'decidedAt'>,
  requestedAt: string,
): FireSafetyCheckView {
  const { address } = request.premises;
  if (!isInMunicipality(address.divisionCode)) {
    throw new ApiError(
      422,
      'PREMISES_OUTSIDE_MUNICIPALITY',
      `division ${address.divisionCode} is outside Chongqing: its own fire rescue checks premises there`,
    );
  }
  const known = store.premisesAt(request.creditCode, address);
  const standing = known && store.checksOfPremises(known.id).find((check) => check.status !== 'FAILED');
  if (standing) {
    throw new ApiError(
      409,
      'FIRE_SAFETY_CHECK_EXISTS',
      `check ${standing.id} (${standing.status.toLowerCase()}) already covers these premises`,
      { checkId: standing.id },
    );
  }
  const premises = known
    ? { ...known, floorArea: request.premises.floorArea, seats: request.premises.seats }
    : {
        id: store.nextNumber('premises', 'CS', address.divisionCode),
        creditCode: request.creditCode,
        address,
        floorArea: request.premises.floorArea,
        seats: request.premises.seats,
      };
  store.savePremises(premises);
  const check: FireSafetyCheckView = {
    id: store.nextNumber('fire_safety_checks', 'XF', address.divisionCode),
    premisesId: premises.id,
    creditCode: request.creditCode,
    kind,
    applicantCitizenId: request.applicantCitizenId,
    requestedAt,
    findings: [],
    supersededAt: null,
    supersededBy: null,
    ...state,
  };
  store.insertCheck(check);
  return check;
}
