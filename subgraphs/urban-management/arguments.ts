/**
 * Checking the arguments of the urban-management subgraph before its department is asked: a credit
 * code valid by GB 32100-2015, a division code, an address with every part, a positive size or
 * volume. Each refusal is `BAD_USER_INPUT` naming the argument and the problem.
 */

import { type Text, text } from '../../lib/i18n/messages.ts';
import type { PremisesAddress } from '../../schema/urban-management/contract.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './client.ts';

/** Returns a positive finite number, or throws `BAD_USER_INPUT` (`NOT_POSITIVE`) naming the unit. */
export function requirePositive(argument: string, value: number, unit: Text): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw badUserInput(
      DEPARTMENT,
      argument,
      'NOT_POSITIVE',
      text('input.positive', { argument, unit, got: value }),
    );
  }
  return value;
}

/** Returns an address with a 6-digit division code and every part given, or throws `BAD_USER_INPUT`. */
export function requireAddress(argument: string, address: PremisesAddress): PremisesAddress {
  if (!/^[1-9]\d{5}$/.test(address.divisionCode)) {
    throw badUserInput(
      DEPARTMENT,
      `${argument}.divisionCode`,
      'FORMAT',
      text('input.format', {
        argument: `${argument}.divisionCode`,
        expected: text('expected.divisionCode'),
        got: JSON.stringify(address.divisionCode),
      }),
    );
  }
  for (const part of ['street', 'community', 'detail'] as const) {
    if (address[part].trim() === '') {
      throw badUserInput(
        DEPARTMENT,
        `${argument}.${part}`,
        'EMPTY',
        text('input.empty', { argument: `${argument}.${part}` }),
      );
    }
  }
  return address;
}
