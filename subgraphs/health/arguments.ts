/**
 * Checks of the health subgraph's arguments. A malformed argument is the client's mistake and gets
 * `BAD_USER_INPUT` naming the argument and what was expected, before the department is called.
 */
import { text as messageText } from '../../lib/i18n/messages.ts';
import { BIRTH_RECORD_ID } from '../../schema/health/contract.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './client.ts';

/** Returns a birth record number, or throws `BAD_USER_INPUT` (`FORMAT`) when it is not BR + 12 digits. */
export function requireBirthRecordId(argument: string, value: string): string {
  if (!BIRTH_RECORD_ID.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      messageText('input.format', {
        argument,
        expected: messageText('expected.birthRecordId'),
        got: JSON.stringify(value),
      }),
    );
  }
  return value;
}

/** Returns the trimmed text, or throws `BAD_USER_INPUT` (`LENGTH`) when it is empty or too long. */
export function requireText(argument: string, value: string, maxLength: number): string {
  const text = value.trim();
  if (text.length < 1 || text.length > maxLength) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'LENGTH',
      messageText('input.length', { argument, max: maxLength, length: text.length }),
    );
  }
  return text;
}

/** Returns a 6-digit division code, or throws `BAD_USER_INPUT` (`FORMAT`). */
export function requireDivisionCode(argument: string, value: string): string {
  if (!/^[1-9]\d{5}$/.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      messageText('input.format', {
        argument,
        expected: messageText('expected.divisionCode'),
        got: JSON.stringify(value),
      }),
    );
  }
  return value;
}
