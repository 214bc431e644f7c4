/**
 * The enterprise an enterprise errand's application is about, as the graph shows it: a reference the
 * departments' subgraphs resolve (registration data, licences, checks, signboards, permits).
 */
import { ENTERPRISE_CHANGE, type EnterpriseChangeInput } from './enterpriseChange/application.ts';
import type { StepOutcome } from './errands/definition.ts';
import { OPEN_RESTAURANT } from './restaurant/application.ts';
import type { ApplicationRow, ItemRow } from './store.ts';

/**
 * The enterprise an application is about, as an entity reference: the one an OPEN_RESTAURANT
 * application registered (null before the registration is done), the one an ENTERPRISE_CHANGE
 * application changes; null for other kinds.
 */
export function enterpriseOf(
  application: ApplicationRow,
  items: readonly ItemRow[],
): { creditCode: string } | null {
  if (application.kind === ENTERPRISE_CHANGE) {
    return { creditCode: (application.input as EnterpriseChangeInput).creditCode };
  }
  if (application.kind !== OPEN_RESTAURANT) return null;
  const registration = items.find((item) => item.step === 'registerEnterprise' && item.status === 'DONE');
  const creditCode = (registration?.result as StepOutcome<{ creditCode?: unknown }> | null)?.result
    .creditCode;
  return typeof creditCode === 'string' ? { creditCode } : null;
}
