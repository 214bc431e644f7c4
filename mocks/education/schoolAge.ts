/**
 * The rules of school-age registration (学龄登记) that depend on the child alone, not on the store:
 * when a child enters primary school, and who may still be registered.
 */
import { parseCitizenId } from '../../lib/citizenId.ts';
import type { SchoolAgeRegistrationRequest } from '../../schema/education/contract.ts';
import { ApiError } from '../kit/errors.ts';

/**
 * The school year a child born on `birthDate` enters primary school: the year they turn six by
 * 31 August, so a birth on or before 31 August of Y − 6 enters in Y and a later one a year after.
 */
export function expectedEntryYear(birthDate: string): number {
  const year = Number(birthDate.slice(0, 4));
  const month = Number(birthDate.slice(5, 7));
  return year + (month >= 9 ? 7 : 6);
}

/**
 * Checks that the child of a registration request can be registered on `today` and returns their
 * expected entry year. Refuses (422) a birth date other than the one the citizen ID encodes
 * (`BIRTH_DATE_MISMATCH`) and a child whose school entry has already come (`PAST_SCHOOL_ENTRY`).
 */
export function entryYearOfRegistrableChild(request: SchoolAgeRegistrationRequest, today: string): number {
  const encoded = parseCitizenId(request.citizenId);
  if (encoded.ok && encoded.parts.birthDate !== request.birthDate) {
    throw new ApiError(
      422,
      'BIRTH_DATE_MISMATCH',
      `birthDate must be the birth date the citizen ID encodes, ${encoded.parts.birthDate}; got ${request.birthDate}`,
    );
  }
  const entryYear = expectedEntryYear(request.birthDate);
  if (`${entryYear}-09-01` <= today) {
    throw new ApiError(
      422,
      'PAST_SCHOOL_ENTRY',
      `school-age registration is for children who have not yet started school; a child born on ${request.birthDate} started primary school in September ${entryYear}`,
    );
  }
  return entryYear;
}
