/**
 * The records the health department (卫健) keeps: maternity hospitals, their delivery reports
 * (出生医学记录), birth medical certificates (出生医学证明), vaccination clinics and records
 * (预防接种证). These are the shapes of the seed files in `mocks/health/data/`: the contract's answers
 * with the hospital or clinic by id instead of embedded, and without what the system works out.
 */
import { z } from 'zod';
import {
  birthCertificateView,
  birthRecordView,
  clinicView,
  hospitalView,
  vaccinationRecordView,
} from '../../schema/health/contract.ts';

/** A hospital; `maternityUnit` marks the licensed midwifery institutions (助产机构). */
export const hospitalRecord = hospitalView;
export type HospitalRecord = z.infer<typeof hospitalRecord>;

/** A hospital's delivery report (出生医学记录): its birth date and certificate are worked out from the rest. */
export const birthRecordRecord = birthRecordView
  .omit({ hospital: true, birthDate: true, certificate: true, childCitizenId: true })
  .extend({ hospitalId: z.string().min(1) });
export type BirthRecordRecord = z.infer<typeof birthRecordRecord>;

/** A birth medical certificate (出生医学证明), issued by a hospital. */
export const birthCertificateRecord = birthCertificateView
  .omit({ hospital: true })
  .extend({ hospitalId: z.string().min(1) });
export type BirthCertificateRecord = z.infer<typeof birthCertificateRecord>;

/** A vaccination clinic and the streets whose children it serves. */
export const clinicRecord = clinicView;
export type ClinicRecord = z.infer<typeof clinicRecord>;

/** A child's vaccination record (预防接种证) at a clinic. */
export const vaccinationRecordRecord = vaccinationRecordView
  .omit({ clinic: true })
  .extend({ clinicId: z.string().min(1) });
export type VaccinationRecordRecord = z.infer<typeof vaccinationRecordRecord>;

/** The seed collections of the health department system, file name → record schema. */
export const healthSeed = {
  hospitals: hospitalRecord,
  'birth-records': birthRecordRecord,
  'birth-certificates': birthCertificateRecord,
  clinics: clinicRecord,
  'vaccination-records': vaccinationRecordRecord,
} as const;
