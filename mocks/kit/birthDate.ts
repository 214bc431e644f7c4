/**
 * A rule every department that registers a child applies: the birth date a request gives must be the
 * one the child's citizen ID encodes (GB 11643), or the two records would disagree about the child.
 */
import { parseCitizenId } from '../../lib/citizenId.ts';
import { ApiError } from './errors.ts';

/** Refuses (422 `BIRTH_DATE_MISMATCH`) a birth date other than the one `citizenId` encodes. */
export function requireBirthDateOfCitizenId(citizenId: string, birthDate: string): void {
  const encoded = parseCitizenId(citizenId);
  if (encoded.ok && encoded.parts.birthDate !== birthDate) {
    throw new ApiError(
      422,
      'BIRTH_DATE_MISMATCH',
      `birthDate must be the birth date the citizen ID encodes, ${encoded.parts.birthDate}; got ${birthDate}`,
    );
  }
}
