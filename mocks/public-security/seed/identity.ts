/**
 * Issues the identifiers a resident carries: citizen IDs (built with lib/citizenId.ts, unique
 * across the data set) and mobile phone numbers.
 */
import { composeCitizenId } from '../../../lib/citizenId.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';

type Sex = 'MALE' | 'FEMALE';

/** Issues GB 11643 citizen IDs, never the same one twice. */
export class CitizenIdIssuer {
  readonly #issued = new Set<string>();

  constructor(private readonly rng: Random) {}

  /** A new ID for someone first registered in `divisionCode`; the sequence's parity encodes `sex`. */
  issue(divisionCode: string, birthDate: string, sex: Sex): string {
    return uniqueValue(
      this.#issued,
      () => {
        const sequence = this.rng.int(1, 499) * 2 - (sex === 'MALE' ? 1 : 0);
        return composeCitizenId({ divisionCode, birthDate, sequence, sex });
      },
      `citizen ID for ${divisionCode} ${birthDate}`,
    );
  }
}

/** Mobile prefixes of the three carriers (13x, 15x, 17x, 18x, 19x). */
const MOBILE_PREFIXES = (
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 ' +
  '173 176 177 178 180 181 182 183 185 186 187 188 189 191 199'
).split(' ');

/** Issues unique 11-digit mobile numbers. */
export class PhoneIssuer {
  readonly #issued = new Set<string>();

  constructor(private readonly rng: Random) {}

  issue(): string {
    return uniqueValue(
      this.#issued,
      () => this.rng.pick(MOBILE_PREFIXES) + this.rng.digits(8),
      'phone number',
    );
  }
}
