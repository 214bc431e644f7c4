/**
 * The records the fire-rescue department (消防救援) keeps: the public gathering places it supervises
 * and the fire safety checks before one opens. These are the shapes of the seed files in
 * `mocks/fire-rescue/data/`; a premises is stored without what the system works out from its size
 * (whether it needs an on-site inspection).
 */
import type { z } from 'zod';
import { fireSafetyCheckView, supervisedPremisesView } from '../../schema/fire-rescue/contract.ts';

/** A supervised premises, without what its size decides. */
export const premisesRecord = supervisedPremisesView.omit({ inspectionRequired: true });
export type PremisesRecord = z.infer<typeof premisesRecord>;

/** A fire safety check, without what a registration change records of it (whether it was superseded). */
export const fireSafetyCheckRecord = fireSafetyCheckView.omit({ supersededAt: true, supersededBy: true });
export type FireSafetyCheckRecord = z.infer<typeof fireSafetyCheckRecord>;

/** The seed collections of the fire-rescue department system, file name → record schema. */
export const fireRescueSeed = {
  premises: premisesRecord,
  'fire-safety-checks': fireSafetyCheckRecord,
} as const;
