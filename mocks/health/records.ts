/**
 * The records the health department (卫健) keeps: maternity hospitals, their delivery reports
 * (出生医学记录), birth medical certificates (出生医学证明), vaccination clinics and records
 * (预防接种证). These are the shapes of the seed files in `mocks/data/health/`.
 */
import { z } from 'zod';
import { citizenId, divisionCode, isoDate, isoDateTime, sex } from '../../lib/contract/fields.ts';

/** A hospital; `maternityUnit` marks the licensed midwifery institutions (助产机构). */
export const hospitalRecord = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  divisionCode,
  maternityUnit: z.boolean(),
});
export type HospitalRecord = z.infer<typeof hospitalRecord>;

/** A hospital's report of a delivery: the facts the birth certificate and the hukou are built on. */
export const birthReportRecord = z.object({
  /** Report number, e.g. `BR202610030001`. */
  id: z.string().regex(/^BR\d{12}$/),
  hospitalId: z.string().min(1),
  motherCitizenId: citizenId,
  /** Null when the mother registered no father (e.g. an unmarried mother). */
  fatherCitizenId: citizenId.nullable(),
  bornAt: isoDateTime,
  sex,
  weightGrams: z.number().int().min(300).max(7000),
  lengthCm: z.number().min(20).max(65),
  gestationWeeks: z.number().int().min(20).max(45),
  /** Number of children of this delivery (1, or 2 for twins) and this child's place among them. */
  plurality: z.number().int().min(1).max(4),
  birthOrder: z.number().int().min(1).max(4),
  /** `REPORTED` until a birth certificate is issued, then `CERTIFIED`. */
  status: z.enum(['REPORTED', 'CERTIFIED']),
});
export type BirthReportRecord = z.infer<typeof birthReportRecord>;

/** A birth medical certificate (出生医学证明) already issued. */
export const birthCertificateRecord = z.object({
  /** Certificate number: a letter and nine digits, e.g. `Q500012345`. */
  number: z.string().regex(/^[A-Z]\d{9}$/),
  /** The delivery report it was issued from, when the report is on file. */
  birthReportId: z.string().nullable(),
  /** The child's citizen ID once the hukou registration has issued one. */
  childCitizenId: citizenId.nullable(),
  childName: z.string().min(1),
  hospitalId: z.string().min(1),
  issuedOn: isoDate,
});
export type BirthCertificateRecord = z.infer<typeof birthCertificateRecord>;

/** A community vaccination clinic (预防接种门诊) and the streets it serves. */
export const clinicRecord = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  divisionCode,
  streets: z.array(z.string().min(1)).min(1),
});
export type ClinicRecord = z.infer<typeof clinicRecord>;

/** A dose given, identified by vaccine code and dose number in the national schedule. */
export const doseRecord = z.object({
  vaccine: z.string().min(1),
  doseNumber: z.number().int().min(1),
  givenOn: isoDate,
});

/** A child's vaccination record (预防接种证) with the doses given so far. */
export const vaccinationRecordRecord = z.object({
  id: z.string().min(1),
  /** The child's citizen ID; null for a newborn whose hukou is not yet registered. */
  citizenId: citizenId.nullable(),
  birthReportId: z.string().nullable(),
  birthDate: isoDate,
  clinicId: z.string().min(1),
  openedOn: isoDate,
  doses: z.array(doseRecord),
});
export type VaccinationRecordRecord = z.infer<typeof vaccinationRecordRecord>;

/** The seed collections of the health department API, file name → record schema. */
export const healthSeed = {
  hospitals: hospitalRecord,
  'birth-reports': birthReportRecord,
  'birth-certificates': birthCertificateRecord,
  clinics: clinicRecord,
  'vaccination-records': vaccinationRecordRecord,
} as const;
