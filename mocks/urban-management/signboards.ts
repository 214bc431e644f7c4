/**
 * Outdoor signboards (户外招牌设置), by urban management's rules for shop signboards (店招):
 *
 * - no wider than the frontage (门面) it hangs on: a signboard reaching over a neighbour's façade is
 *   that neighbour's frontage taken;
 * - at most {@link SIGNBOARD_MAX_HEIGHT} m tall: it stays in the band between the ground-floor
 *   windows and the floor above;
 * - at most {@link SIGNBOARD_MAX_AREA} m²: a larger board is a large outdoor advertising structure
 *   (大型户外广告设施), which needs a structural safety review this errand does not do;
 * - one signboard per premises (一店一招).
 */
import { isInMunicipality } from '../../lib/divisions.ts';
import type {
  SignboardAssessment,
  SignboardRequest,
  SignboardSize,
  SignboardView,
  SignboardViolation,
} from '../../schema/urban-management/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { UrbanManagementStore } from './store.ts';

/** The tallest a shop signboard may be, in metres. */
export const SIGNBOARD_MAX_HEIGHT = 1.5;

/** The largest a shop signboard may be, in square metres. */
export const SIGNBOARD_MAX_AREA = 20;

/** A signboard's area in square metres, rounded to 0.01 m² as the register keeps it. */
export function signboardArea(size: Pick<SignboardSize, 'width' | 'height'>): number {
  return Math.round(size.width * size.height * 100) / 100;
}

/** Every size rule a signboard of this size breaks; none when it may be set up. */
export function assessSignboard(size: SignboardSize): SignboardAssessment {
  const violations: SignboardViolation[] = [];
  if (size.width > size.frontageWidth) {
    violations.push({
      rule: 'WIDER_THAN_FRONTAGE',
      limit: size.frontageWidth,
      actual: size.width,
      message: `a signboard is no wider than its frontage (${size.frontageWidth} m); this one is ${size.width} m wide`,
    });
  }
  if (size.height > SIGNBOARD_MAX_HEIGHT) {
    violations.push({
      rule: 'TALLER_THAN_LIMIT',
      limit: SIGNBOARD_MAX_HEIGHT,
      actual: size.height,
      message: `a signboard is at most ${SIGNBOARD_MAX_HEIGHT} m tall; this one is ${size.height} m`,
    });
  }
  const area = signboardArea(size);
  if (area > SIGNBOARD_MAX_AREA) {
    violations.push({
      rule: 'AREA_OVER_LIMIT',
      limit: SIGNBOARD_MAX_AREA,
      actual: area,
      message: `a signboard is at most ${SIGNBOARD_MAX_AREA} m²; this one is ${area} m²`,
    });
  }
  return { allowed: violations.length === 0, violations };
}

/** Refuses premises outside the municipality with 422 `PREMISES_OUTSIDE_MUNICIPALITY`. */
export function requirePremisesInMunicipality(divisionCode: string): void {
  if (!isInMunicipality(divisionCode)) {
    throw new ApiError(
      422,
      'PREMISES_OUTSIDE_MUNICIPALITY',
      `division ${divisionCode} is outside Chongqing: its own city's urban management decides there`,
    );
  }
}

/** Registers a signboard for an enterprise's premises. */
export function registerSignboard(
  store: UrbanManagementStore,
  request: SignboardRequest,
  today: string,
): SignboardView {
  const { violations } = assessSignboard(request.size);
  if (violations.length > 0) {
    throw new ApiError(
      422,
      'SIGNBOARD_OVERSIZE',
      `the signboard breaks the size rules: ${violations.map((v) => v.message).join('; ')}`,
      { violations },
    );
  }
  requirePremisesInMunicipality(request.address.divisionCode);
  const existing = store.signboardAt(request.address);
  if (existing) {
    throw new ApiError(
      409,
      'SIGNBOARD_EXISTS',
      `signboard ${existing.id} hangs on these premises already: one shop, one signboard`,
      { signboardId: existing.id },
    );
  }
  const prefix = `ZP${request.address.divisionCode}-`;
  const signboard: SignboardView = {
    id: `${prefix}${String(store.countIn('signboards', prefix) + 1).padStart(6, '0')}`,
    creditCode: request.creditCode,
    address: { ...request.address },
    text: request.text,
    width: request.size.width,
    height: request.size.height,
    area: signboardArea(request.size),
    frontageWidth: request.size.frontageWidth,
    applicantCitizenId: request.applicantCitizenId,
    registeredOn: today,
    status: 'REGISTERED',
    removalRequiredAt: null,
  };
  store.insertSignboard(signboard);
  return signboard;
}
