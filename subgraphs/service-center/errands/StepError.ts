/**
 * The error a step throws when its department could not do what was asked: whether it is worth
 * retrying, which department, and why — the reason the citizen and the clerk see on the item, kept
 * as a message of the catalogue when the department gave one ({@link StepError.text}), so it is read
 * in each reader's language.
 */
import { render, type Text, text } from '../../../lib/i18n/messages.ts';
export class StepError extends Error {
  override name = 'StepError';
  /** Why, as a message of the catalogue; undefined when the department said it in plain text. */
  readonly text: Text | undefined;

  constructor(
    /** The department that failed or refused. */
    readonly department: string,
    /** The GraphQL error code, e.g. `DOWNSTREAM_SERVICE_ERROR` or `DEPARTMENT_REJECTED`. */
    readonly code: string,
    message: string | Text,
    /**
     * True when the same request may succeed later (timeouts, unreachable or failing systems); false
     * when the department refused it on its rules, which retrying cannot change.
     */
    readonly transient: boolean,
  ) {
    super(typeof message === 'string' ? message : render('en', message));
    this.text = typeof message === 'string' ? undefined : message;
  }

  /** Why, as a message of the catalogue: its text, or its plain words as the department said them. */
  get reason(): Text {
    return this.text ?? text('reason.said', { words: this.message });
  }
}
