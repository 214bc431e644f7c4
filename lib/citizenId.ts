/**
 * Citizen identity numbers (公民身份号码) as defined by GB 11643-1999.
 *
 * An 18-character number: a 6-digit administrative division code, the birth date as YYYYMMDD,
 * a 3-digit sequence (odd for men, even for women) and a check character computed with the
 * ISO 7064 MOD 11-2 weights. Every department, the mocks and the seed generator share this module,
 * so an ID that one of them accepts is accepted by all.
 */
import { render, type Text, text } from './i18n/messages.ts';

/** Why a string is not a valid citizen ID; carried in `extensions.reason` of a `BAD_USER_INPUT` error. */
export type CitizenIdProblem = 'FORMAT' | 'LENGTH' | 'MASKED' | 'DIVISION' | 'BIRTH_DATE' | 'CHECKSUM';

/** The parts of a valid citizen ID. */
export interface CitizenIdParts {
  /** The 6-digit administrative division code of the place of first registration. */
  divisionCode: string;
  /** The birth date as an ISO date, `YYYY-MM-DD`. */
  birthDate: string;
  /** The 3-digit sequence number within the division and birth date. */
  sequence: number;
  /** The sex encoded by the sequence's parity. */
  sex: 'MALE' | 'FEMALE';
}

/** The result of {@link parseCitizenId}: the parts, or the problem and a sentence explaining it. */
export type CitizenIdParseResult =
  | { ok: true; value: string; parts: CitizenIdParts }
  | { ok: false; problem: CitizenIdProblem; message: string; text: Text };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** Computes the check character for the first 17 digits of a citizen ID. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new TypeError(`checkCharacter expects 17 digits, got ${JSON.stringify(first17)}`);
  }
  return checkCharacterOfDigits(first17);
}

/** {@link checkCharacter} for a string already known to start with 17 digits. */
function checkCharacterOfDigits(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (digits.charCodeAt(i) - ZERO) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

const ZERO = '0'.charCodeAt(0);

/** Days in each month of a common year; February gains one in a leap year. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * True when the 8 digits at `start` of `digits` (YYYYMMDD) name a real calendar day from 1900 on and
 * not after `today` (compared as UTC calendar days). Pure arithmetic: every citizen ID that passes
 * through a department system is checked, so this stays free of `Date` parsing.
 */
function isRealPastDate(digits: string, start: number, today: Date): boolean {
  const year = Number(digits.slice(start, start + 4));
  const month = Number(digits.slice(start + 4, start + 6));
  const day = Number(digits.slice(start + 6, start + 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > monthDays) return false;
  const todayKey = today.getUTCFullYear() * 10_000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  return year * 10_000 + month * 100 + day <= todayKey;
}

/**
 * Parses and validates a citizen ID. A lowercase `x` check character is accepted and normalised.
 *
 * @param input - the candidate number, as typed by a person or sent by a system
 * @param today - the date birth dates may not be after; defaults to now
 */
/** A problem's message: the text in the reader's language, and its English for logs and scripts. */
function said(problem: Text): { message: string; text: Text } {
  return { message: render('en', problem), text: problem };
}

export function parseCitizenId(input: string, today: Date = new Date()): CitizenIdParseResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) {
    return {
      ok: false,
      problem: 'LENGTH',
      ...said(text('citizenId.length', { length: value.length })),
    };
  }
  if (isMaskedCitizenId(value)) {
    return {
      ok: false,
      problem: 'MASKED',
      ...said(text('citizenId.masked')),
    };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return {
      ok: false,
      problem: 'FORMAT',
      ...said(text('citizenId.format')),
    };
  }
  const divisionCode = value.slice(0, 6);
  if (!/^[1-9]\d{5}$/.test(divisionCode)) {
    return {
      ok: false,
      problem: 'DIVISION',
      ...said(text('citizenId.division', { divisionCode })),
    };
  }
  if (!isRealPastDate(value, 6, today)) {
    return {
      ok: false,
      problem: 'BIRTH_DATE',
      ...said(text('citizenId.birthDate', { birthDate: value.slice(6, 14) })),
    };
  }
  const expected = checkCharacterOfDigits(value);
  if (value[17] !== expected) {
    return {
      ok: false,
      problem: 'CHECKSUM',
      ...said(text('citizenId.checksum', { expected, got: value[17] ?? '' })),
    };
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const sequence = Number(value.slice(14, 17));
  return {
    ok: true,
    value,
    parts: { divisionCode, birthDate, sequence, sex: sequence % 2 === 1 ? 'MALE' : 'FEMALE' },
  };
}

/** True when `input` is a valid citizen ID. */
export function isCitizenId(input: string, today?: Date): boolean {
  return parseCitizenId(input, today).ok;
}

/**
 * Builds a citizen ID from its parts: the inverse of {@link parseCitizenId}.
 *
 * @param sequence - 0–999; its parity must match `sex`, or a `RangeError` is thrown
 */
export function composeCitizenId(parts: CitizenIdParts): string {
  const { divisionCode, birthDate, sequence, sex } = parts;
  if (!/^[1-9]\d{5}$/.test(divisionCode)) {
    throw new RangeError(`divisionCode must be 6 digits, got ${JSON.stringify(divisionCode)}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    throw new RangeError(`birthDate must be YYYY-MM-DD, got ${JSON.stringify(birthDate)}`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer 0–999, got ${sequence}`);
  }
  if ((sequence % 2 === 1) !== (sex === 'MALE')) {
    throw new RangeError(`sequence ${sequence} has the wrong parity for ${sex}`);
  }
  const first17 = `${divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Masks a citizen ID for readers not entitled to it: `500105********1234`. */
export function maskCitizenId(value: string): string {
  return value.length === 18 ? `${value.slice(0, 6)}********${value.slice(14)}` : '*'.repeat(value.length);
}

const MASKED_CITIZEN_ID = /^\d{6}\*{8}\d{3}[\dX]$/;

/**
 * True for a citizen ID as {@link maskCitizenId} masks it (`500105********1234`): the reference to a
 * person the reader may not read. It resolves nothing: every department refuses it as a key and as
 * an argument.
 */
export function isMaskedCitizenId(value: string): boolean {
  return MASKED_CITIZEN_ID.test(value);
}

/**
 * Masks a name to its first character, one `*` for each other character: `张**` for 张小明, `阿*` for a
 * two-character name. A name of one character is masked whole (`*`).
 */
export function maskName(name: string): string {
  const characters = [...name];
  if (characters.length <= 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}
