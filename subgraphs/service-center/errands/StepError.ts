/**
 * The error a step throws when its department could not do what was asked: whether it is worth
 * retrying, which department, and why — the reason the citizen and the clerk see on the item.
 */
export class StepError extends Error {
  override name = 'StepError';

  constructor(
    /** The department that failed or refused. */
    readonly department: string,
    /** The GraphQL error code, e.g. `DOWNSTREAM_SERVICE_ERROR` or `DEPARTMENT_REJECTED`. */
    readonly code: string,
    message: string,
    /**
     * True when the same request may succeed later (timeouts, unreachable or failing systems); false
     * when the department refused it on its rules, which retrying cannot change.
     */
    readonly transient: boolean,
  ) {
    super(message);
  }
}
