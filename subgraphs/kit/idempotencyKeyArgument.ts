/**
 * The `idempotencyKey` argument every department act takes: the caller's key under which the
 * department performs the act once, however often it is asked.
 */
import { text } from '../../lib/i18n/messages.ts';
import { badUserInput } from './errors.ts';

/** The longest key a department system accepts. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Returns the key, or throws `BAD_USER_INPUT` (reason `LENGTH`) when it is empty or too long. */
export function requireIdempotencyKey(department: string, value: string): string {
  if (value.length < 1 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw badUserInput(
      department,
      'idempotencyKey',
      'LENGTH',
      text('input.length', {
        argument: 'idempotencyKey',
        max: MAX_IDEMPOTENCY_KEY_LENGTH,
        length: value.length,
      }),
    );
  }
  return value;
}
