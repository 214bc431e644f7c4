/**
 * The shareable `Division` type of the subgraph schemas: an administrative division by its code,
 * named where the project knows it (`lib/divisions.ts`).
 */
import { divisionOf } from '../../lib/divisions.ts';

/** A `Division` as the schemas answer it. */
export interface DivisionView {
  code: string;
  /** The division's name, e.g. `渝中区`; null for a code the project does not know. */
  name: string | null;
  /** The province-level division, e.g. `重庆市`; null for a code the project does not know. */
  province: string | null;
}

/** The `Division` of a 6-digit division code. */
export function divisionView(code: string): DivisionView {
  const division = divisionOf(code);
  return { code, name: division?.name ?? null, province: division?.province ?? null };
}
