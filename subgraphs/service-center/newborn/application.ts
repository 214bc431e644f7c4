/**
 * What a newborn application holds: the family's input and the facts read from the birth record when
 * it was submitted. Stored with the application, so a restarted process has everything it needs.
 */
import { NEWBORN_REGISTRATION } from '../consents/ConsentRegister.ts';
import type { ConsentRequest } from '../errands/definition.ts';
import type { ApplicationRow } from '../store.ts';

/** Which parent's household the child joins. */
export type HouseholdChoice = 'MOTHER' | 'FATHER';

/** A mailing address for the certificates. */
export interface MailingAddress {
  recipient: string;
  phone: string;
  address: string;
}

/** The hospital's facts about the birth, read when the application was submitted. */
export interface BirthFacts {
  birthRecordId: string;
  bornAt: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  motherCitizenId: string;
  fatherCitizenId: string | null;
  hospitalName: string;
  hospitalDivisionCode: string;
  maternityUnit: boolean;
  /** REPORTED, or CERTIFIED when a certificate was already issued. */
  status: string;
  certificateNumber: string | null;
  childCitizenId: string | null;
}

/** The stored input of a newborn application. */
export interface NewbornApplicationInput {
  childName: string;
  household: HouseholdChoice;
  mailingAddress: MailingAddress | null;
  birth: BirthFacts;
}

/** The kind name of the newborn errand. */
export const NEWBORN = 'NEWBORN';

/** The parents the birth record names: the mother, and the father when one is named. */
export function parentsOnBirthRecord(birth: BirthFacts): string[] {
  return birth.fatherCitizenId ? [birth.motherCitizenId, birth.fatherCitizenId] : [birth.motherCitizenId];
}

/**
 * The consent a newborn application needs: the other parent's — the one the birth record names who
 * did not apply — to the applicant, for their records to be read for this birth record. None when the report names no
 * father.
 */
export function newbornConsentNeeded(application: ApplicationRow): ConsentRequest | undefined {
  const { birth } = application.input as NewbornApplicationInput;
  const otherParent = parentsOnBirthRecord(birth).find((parent) => parent !== application.applicantCitizenId);
  return otherParent
    ? {
        grantorCitizenId: otherParent,
        granteeCitizenId: application.applicantCitizenId,
        purpose: NEWBORN_REGISTRATION,
        objectId: birth.birthRecordId,
      }
    : undefined;
}
