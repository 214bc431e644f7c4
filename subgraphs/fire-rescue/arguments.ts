/**
 * Checking the fire-rescue subgraph's arguments before the department is asked: a credit code valid by
 * GB 32100-2015, a check number, a division code, a positive floor area. Each refusal is
 * `BAD_USER_INPUT` naming the argument and the problem.
 */
import { text } from '../../lib/i18n/messages.ts';
import { CHECK_ID } from '../../schema/fire-rescue/contract.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './client.ts';

/** Returns a check number such as XF500105-000001, or throws `BAD_USER_INPUT` (`FORMAT`). */
export function requireCheckId(argument: string, value: string): string {
  if (!CHECK_ID.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected: text('expected.checkId'), got: JSON.stringify(value) }),
    );
  }
  return value;
}

/** Returns a 6-digit division code, or throws `BAD_USER_INPUT` (`FORMAT`). */
export function requireDivisionCode(argument: string, value: string): string {
  if (!/^[1-9]\d{5}$/.test(value)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'FORMAT',
      text('input.format', { argument, expected: text('expected.divisionCode'), got: JSON.stringify(value) }),
    );
  }
  return value;
}

/** Returns a positive floor area, or throws `BAD_USER_INPUT` (`NOT_POSITIVE`). */
export function requireFloorArea(argument: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'NOT_POSITIVE',
      text('input.positive', { argument, unit: text('unit.squareMetres'), got: value }),
    );
  }
  return value;
}

/** Returns a text that is not blank, or throws `BAD_USER_INPUT` (`EMPTY`). */
export function requireText(argument: string, value: string): string {
  if (value.trim() === '')
    throw badUserInput(DEPARTMENT, argument, 'EMPTY', text('input.empty', { argument }));
  return value;
}
