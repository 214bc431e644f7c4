/**
 * The registerNewborn operations the newborn benchmark sends. The selection decides how much work the
 * gateway does after the errand: the service-center answers the application and the newborn's key,
 * and every other newborn field is a follow-up fetch from the department subgraph that owns it.
 */

/** A registerNewborn operation as the benchmark sends it. */
export interface NewbornSelection {
  /** A short name for reports: `realistic` or `full`. */
  name: 'realistic' | 'full';
  /** What the selection holds, for the report. */
  description: string;
  query: string;
}

/**
 * What a client shows right after submitting: the application's status and items, and the newborn's
 * citizen ID. Everything is answered by the service-center, so the gateway makes no follow-up fetch.
 */
export const REALISTIC_SELECTION: NewbornSelection = {
  name: 'realistic',
  description: 'application status and items, newborn citizenId',
  query: `mutation BenchRegisterNewborn($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) {
    application { id status items { step department status attempts reference } }
    newborn { citizenId }
  }
}`,
};

/**
 * The newborn with fields from every department, as the end-to-end test selects it
 * (`test/support/newborn.ts`): the gateway fetches them from each department after the errand.
 */
export const FULL_SELECTION: NewbornSelection = {
  name: 'full',
  description: 'application as above, newborn with fields from all five departments',
  query: `mutation BenchRegisterNewbornFull($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) {
    application {
      id kind status submittedAt dueAt completedAt
      applicant { citizenId }
      items { step department status reason reference attempts }
      tickets { id step department reason status dueAt }
      rejections { rule department message }
    }
    newborn {
      citizenId name sex birthDate
      household { id address { divisionCode } schoolDistrict { id } }
      birthCertificate { number childName }
      vaccinationRecord { clinic { name } schedule { vaccine doseNumber status } }
      schoolAgeRegistration { expectedEntryYear district { id name } }
      assistanceCase { id }
      medicalInsurance { scheme status coveredFrom }
    }
  }
}`,
};

/** An application item as the benchmark reads it. */
export interface BenchItem {
  step: string;
  department: string;
  status: string;
  attempts: number;
}

/** The part of the registerNewborn answer the benchmark checks. */
export interface BenchPayload {
  application: { id: string; status: string; items: BenchItem[] };
  newborn: { citizenId: string } | null;
}
