/**
 * Checks of the market-regulation subgraph's address arguments, before the department is asked: each
 * refusal is `BAD_USER_INPUT` naming the argument and the problem.
 */
import { text } from '../../lib/i18n/messages.ts';
import type { RegisteredAddress } from '../../schema/market-regulation/contract.ts';
import { badUserInput } from '../kit/errors.ts';
import { DEPARTMENT } from './client.ts';

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

/** Returns an address whose parts are all given, or throws `BAD_USER_INPUT` naming the empty part. */
export function requireAddress(argument: string, address: RegisteredAddress): RegisteredAddress {
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
  return { ...address, divisionCode: requireDivisionCode(`${argument}.divisionCode`, address.divisionCode) };
}
