/**
 * Checking unified social credit codes that arrive as GraphQL arguments, for every department that
 * knows enterprises: a code that is not valid by GB 32100-2015 is the client's mistake and gets
 * `BAD_USER_INPUT` naming the problem before the department is asked; a valid but unknown code is not
 * an error (the enterprise's records are empty or null).
 */
import { parseCreditCode } from '../../lib/creditCode.ts';
import { text } from '../../lib/i18n/messages.ts';
import { badUserInput } from './errors.ts';

/**
 * Returns the code in capitals, or throws `BAD_USER_INPUT` with `extensions.argument` and
 * `extensions.reason` one of `LENGTH`, `FORMAT`, `DIVISION`, `CHECKSUM` (from `lib/creditCode.ts`).
 */
export function requireCreditCode(department: string, argument: string, value: string): string {
  const result = parseCreditCode(value);
  if (!result.ok) {
    throw badUserInput(
      department,
      argument,
      result.problem,
      text('input.creditCode', { argument, problem: result.text }),
    );
  }
  return result.value;
}
