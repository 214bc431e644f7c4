/**
 * Checking citizen IDs that arrive as GraphQL arguments. A malformed ID is the client's mistake and
 * gets `BAD_USER_INPUT` naming the problem; a valid but unknown ID is not an error (the field is null).
 */
import { parseCitizenId } from '../../lib/citizenId.ts';
import { text } from '../../lib/i18n/messages.ts';
import { badUserInput } from './errors.ts';

/**
 * Returns the normalised ID (uppercase `X`) or throws `BAD_USER_INPUT` with `extensions.reason` one of
 * `LENGTH`, `FORMAT`, `MASKED`, `DIVISION`, `BIRTH_DATE`, `CHECKSUM`.
 */
export function requireCitizenId(department: string, argument: string, value: string): string {
  const result = parseCitizenId(value);
  if (!result.ok) {
    throw badUserInput(
      department,
      argument,
      result.problem,
      text('input.citizenId', { argument, problem: result.text }),
    );
  }
  return result.value;
}
