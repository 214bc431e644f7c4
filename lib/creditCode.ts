/**
 * Unified social credit codes (统一社会信用代码) as defined by GB 32100-2015: the one number every
 * department knows an enterprise by.
 *
 * 18 characters from the code's alphabet (digits and the capital letters but I, O, Z, S and V):
 * the registration authority (1, e.g. `9` market regulation), the organisation's category (1, e.g. `1`
 * enterprise), the 6-digit administrative division of the registering authority, the 9-character
 * organisation code (GB 11714), and a check character over the first 17 with the standard's weights
 * modulo 31. Market regulation, fire rescue, urban management, the mocks and the seed generator share
 * this module, so a code one accepts is accepted by all.
 */
import { type Text, text, worded } from './i18n/messages.ts';

/** Why a string is not a valid credit code; carried in `extensions.reason` of a `BAD_USER_INPUT` error. */
export type CreditCodeProblem = 'FORMAT' | 'LENGTH' | 'DIVISION' | 'CHECKSUM';

/** The parts of a valid credit code. */
export interface CreditCodeParts {
  /** The registration authority's code, e.g. `9` (market regulation). */
  authority: string;
  /** The organisation's category under that authority, e.g. `1` (an enterprise). */
  category: string;
  /** The 6-digit administrative division code of the registering authority. */
  divisionCode: string;
  /** The 9-character organisation code. */
  organisationCode: string;
}

/** The result of {@link parseCreditCode}. */
export type CreditCodeParseResult =
  | { ok: true; value: string; parts: CreditCodeParts }
  | { ok: false; problem: CreditCodeProblem; message: string; text: Text };

/** The code's 31 characters, each worth its position. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character of the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17 || [...first17].some((character) => !CREDIT_CODE_ALPHABET.includes(character))) {
    throw new TypeError(
      `creditCodeCheckCharacter expects 17 characters of the code, got ${JSON.stringify(first17)}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++)
    sum += CREDIT_CODE_ALPHABET.indexOf(first17[i] as string) * (WEIGHTS[i] as number);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/**
 * Parses a credit code (surrounding spaces ignored, letters taken in capitals), saying what is wrong
 * with one that is not valid: its length, a character outside the code's alphabet, a division that is
 * not six digits, or a check character that does not match.
 */
export function parseCreditCode(input: string): CreditCodeParseResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) {
    return {
      ok: false,
      problem: 'LENGTH',
      ...worded(text('creditCode.length', { length: value.length })),
    };
  }
  const stray = [...value].find((character) => !CREDIT_CODE_ALPHABET.includes(character));
  if (stray !== undefined) {
    return {
      ok: false,
      problem: 'FORMAT',
      ...worded(text('creditCode.format', { stray: JSON.stringify(stray) })),
    };
  }
  const divisionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return {
      ok: false,
      problem: 'DIVISION',
      ...worded(text('creditCode.division', { divisionCode })),
    };
  }
  const expected = creditCodeCheckCharacter(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      ok: false,
      problem: 'CHECKSUM',
      ...worded(text('creditCode.checksum', { expected, got: value[17] ?? '' })),
    };
  }
  return {
    ok: true,
    value,
    parts: {
      authority: value.slice(0, 1),
      category: value.slice(1, 2),
      divisionCode,
      organisationCode: value.slice(8, 17),
    },
  };
}

/** True when `input` is a valid credit code as written (no trimming or case change). */
export function isCreditCode(input: string): boolean {
  const parsed = parseCreditCode(input);
  return parsed.ok && parsed.value === input;
}

/**
 * A valid credit code from its first 17 characters (tests and the seed generator): the check
 * character appended.
 */
export function creditCodeOf(first17: string): string {
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}
