/**
 * The records the urban-management department (城市管理) keeps of enterprises' premises: outdoor
 * signboards (户外招牌) and permits to discharge sewage into the municipal network (排水许可). These
 * are the shapes of the seed files in `mocks/urban-management/data/`, the contract's views without what
 * market regulation's registration changes add.
 */
import type { z } from 'zod';
import { drainagePermitView, signboardView } from '../../schema/urban-management/contract.ts';

/** A registered signboard, without what a registration change records of it (whether it must come down). */
export const signboardRecord = signboardView.omit({ status: true, removalRequiredAt: true });
export type SignboardRecord = z.infer<typeof signboardRecord>;

/** An issued drainage permit. */
export const drainagePermitRecord = drainagePermitView;
export type DrainagePermitRecord = z.infer<typeof drainagePermitRecord>;

/** The seed collections of the urban-management department system, file name → record schema. */
export const urbanManagementSeed = {
  signboards: signboardRecord,
  'drainage-permits': drainagePermitRecord,
} as const;
