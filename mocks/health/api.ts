/**
 * The HTTP contract of the health department API: what its endpoints accept and answer. The health
 * subgraph parses every response with these schemas, so a department system that answers something
 * else is reported as a malformed response, not passed on.
 *
 * | endpoint | body | answer |
 * | --- | --- | --- |
 * | `POST /v1/people/batch-get` | `{ ids: citizenId[] }` | `{ items: PersonHealthView[] }` |
 * | `POST /v1/birth-reports/batch-get` | `{ ids: birthReportId[] }` | `{ items: BirthReportView[] }` |
 * | `POST /v1/birth-certificates` (idempotent) | `BirthCertificateRequest` | `BirthCertificateView` |
 * | `POST /v1/vaccination-records` (idempotent) | `VaccinationRecordRequest` | `VaccinationRecordView` |
 * | `POST /v1/newborn-identities` (idempotent) | `NewbornIdentityRequest` | `NewbornIdentity` |
 *
 * Refusals (`{ error: { code, message, details } }`): 404 `BIRTH_REPORT_NOT_FOUND`;
 * 409 `BIRTH_ALREADY_CERTIFIED` (details: `certificateNumber`); 422 `NO_CLINIC_FOR_ADDRESS`;
 * 409 `VACCINATION_RECORD_EXISTS` (details: `vaccinationRecordId`); 409 `BIRTH_NOT_CERTIFIED`;
 * 409 `NEWBORN_ALREADY_BOUND` (details: `citizenId`); 409 `CITIZEN_ID_ALREADY_BOUND`
 * (details: `birthReportId`); 422 `CITIZEN_ID_MISMATCH` (details: `expected`, `actual`).
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate } from '../kit/fields.ts';
import {
  birthCertificateRecord,
  birthReportRecord,
  clinicRecord,
  hospitalRecord,
  vaccinationRecordRecord,
} from './records.ts';

/** The form of a birth report number: `BR` and twelve digits, e.g. `BR202610030001`. */
export const BIRTH_REPORT_ID = /^BR\d{12}$/;

/** A birth report number, checked at the boundary. */
export const birthReportId = z.string().regex(BIRTH_REPORT_ID, 'a birth report number: BR and 12 digits');

/** A hospital as the API answers it: the register entry. */
export const hospitalView = hospitalRecord;
export type HospitalView = z.infer<typeof hospitalView>;

/** A vaccination clinic as the API answers it, with the streets it serves. */
export const clinicView = clinicRecord;
export type ClinicView = z.infer<typeof clinicView>;

/** A birth medical certificate (出生医学证明) with the issuing hospital embedded. */
export const birthCertificateView = birthCertificateRecord.omit({ hospitalId: true }).extend({
  hospital: hospitalView,
});
export type BirthCertificateView = z.infer<typeof birthCertificateView>;

/** A vaccination record (预防接种证) with its clinic embedded and its doses in the order given. */
export const vaccinationRecordView = vaccinationRecordRecord.omit({ clinicId: true }).extend({
  clinic: clinicView,
});
export type VaccinationRecordView = z.infer<typeof vaccinationRecordView>;

/**
 * A hospital's delivery report with the hospital embedded, the birth date in China Standard Time,
 * the certificate once issued and the child's citizen ID once bound.
 */
export const birthReportView = birthReportRecord.omit({ hospitalId: true }).extend({
  hospital: hospitalView,
  /** The date of birth in China Standard Time: the date the citizen ID and the hukou record. */
  birthDate: isoDate,
  /** The certificate issued from this report, or null while the report is `REPORTED`. */
  certificate: birthCertificateView.nullable(),
  /** The child's citizen ID, once hukou registration has issued it and it has been bound here. */
  childCitizenId: citizenId.nullable(),
});
export type BirthReportView = z.infer<typeof birthReportView>;

/**
 * Everything the department shows about one citizen, in one answer: their own birth certificate and
 * vaccination record, and the births they are reported as a parent of. A citizen the department has
 * no record of is absent from the answer.
 */
export const personHealthView = z.object({
  citizenId,
  birthCertificate: birthCertificateView.nullable(),
  vaccinationRecord: vaccinationRecordView.nullable(),
  /** Reports (REPORTED or CERTIFIED) naming the citizen as mother or father, oldest birth first. */
  reportedBirthIds: z.array(z.string()),
});
export type PersonHealthView = z.infer<typeof personHealthView>;

/** A request to issue the birth medical certificate for a reported birth. */
export const birthCertificateRequest = z.object({
  birthReportId,
  /** The name the parents give the child, as it will be printed and registered. */
  childName: z.string().trim().min(1).max(40),
});
export type BirthCertificateRequest = z.input<typeof birthCertificateRequest>;

/** A request to open a newborn's vaccination record at the clinic serving the family's address. */
export const vaccinationRecordRequest = z.object({
  birthReportId,
  /** Division of the address the child will live at, usually the household's. */
  divisionCode,
  /** Sub-district street (街道) of that address; it decides the clinic. */
  street: z.string().trim().min(1).max(40),
});
export type VaccinationRecordRequest = z.input<typeof vaccinationRecordRequest>;

/** A request to bind the citizen ID issued at hukou registration to a newborn's health records. */
export const newbornIdentityRequest = z.object({
  birthReportId,
  /** The ID public security issued; a lowercase `x` check character is stored as `X`. */
  citizenId: citizenId.transform((value) => value.trim().toUpperCase()),
});
export type NewbornIdentityRequest = z.input<typeof newbornIdentityRequest>;

/** A completed binding: which records now answer to the child's citizen ID. */
export const newbornIdentity = z.object({
  birthReportId: z.string(),
  citizenId,
  certificateNumber: z.string(),
  /** Null when no vaccination record is open yet; one opened later is bound on opening. */
  vaccinationRecordId: z.string().nullable(),
});
export type NewbornIdentity = z.infer<typeof newbornIdentity>;

/** The answer of every batch look-up. */
export function batchAnswer<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
