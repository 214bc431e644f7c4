/**
 * How the load process judges an answer it parsed in full: a plain success (`data`, no `errors`), or
 * one that also holds what its slot expects (e.g. an errand's application status).
 */
import type { LoadSlot } from './protocol.ts';

/** Whether a fully parsed answer is a success: `data` present and no `errors`. */
export function isCleanAnswer(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
    return parsed.data !== undefined && parsed.data !== null && !parsed.errors?.length;
  } catch {
    return false;
  }
}

/**
 * Whether a fully parsed answer holds one of `expect.oneOf` at `expect.path` under `data`; an answer
 * that is not JSON or has `errors` does not.
 */
export function meetsExpectation(body: string, expect: NonNullable<LoadSlot['expect']>): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
    if (parsed.errors?.length) return false;
    let value: unknown = parsed.data;
    for (const key of expect.path) value = (value as Record<string, unknown> | null | undefined)?.[key];
    return typeof value === 'string' && expect.oneOf.includes(value);
  } catch {
    return false;
  }
}
