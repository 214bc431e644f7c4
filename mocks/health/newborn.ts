/**
 * The health department's writes for the newborn errand (新生儿出生一件事): issuing the birth medical
 * certificate, opening the vaccination record and, after hukou registration, binding the child's new
 * citizen ID to both. Each runs inside the caller's idempotent-write transaction, so a refusal
 * (an `ApiError`) leaves nothing half-written.
 */

import { parseCitizenId } from '../../lib/citizenId.ts';
import { prepared } from '../../lib/sqlite.ts';
import type {
  BirthCertificateRequest,
  BirthCertificateView,
  BirthRecordView,
  NewbornIdentity,
  NewbornIdentityRequest,
  VaccinationRecordRequest,
  VaccinationRecordView,
} from '../../schema/health/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { HealthStore } from './store.ts';

/**
 * The series letter of certificates issued in a year: A for 2001 … Z for 2026, then round again.
 * Numbers are the letter, 50 (Chongqing's province code) and seven digits, e.g. `Z500000123`.
 */
export function certificateSeries(issuedOn: string): string {
  return String.fromCharCode(65 + ((((Number(issuedOn.slice(0, 4)) - 2001) % 26) + 26) % 26));
}

/** The doses every newborn is given on the day of birth: hepatitis B dose 1 and BCG. */
export const BIRTH_DOSES = [
  { vaccine: 'HepB', doseNumber: 1 },
  { vaccine: 'BCG', doseNumber: 1 },
] as const;

function existingReport(store: HealthStore, birthRecordId: string): BirthRecordView {
  const [report] = store.birthRecordsByIds([birthRecordId]);
  if (!report) {
    throw new ApiError(
      404,
      'BIRTH_RECORD_NOT_FOUND',
      `no hospital has reported a birth with number ${birthRecordId}`,
    );
  }
  return report;
}

/**
 * The next free number of the form `prefix` + `width` digits in `column` of `table`: one above the
 * highest in use, or the lowest free one once the highest is taken.
 */
function nextFreeNumber(
  store: HealthStore,
  table: string,
  column: string,
  prefix: string,
  width: number,
): string {
  const taken = new Set(
    prepared<[string], { value: string }>(
      store.db,
      `SELECT ${column} AS value FROM ${table} WHERE ${column} GLOB ?`,
    )
      .all(`${prefix}${'[0-9]'.repeat(width)}`)
      .map((row) => Number(row.value.slice(prefix.length))),
  );
  const last = 10 ** width - 1;
  let next = Math.max(0, ...taken) + 1;
  if (next > last) {
    next = 1;
    while (taken.has(next) && next <= last) next += 1;
  }
  if (next > last)
    throw new ApiError(503, 'NUMBERS_EXHAUSTED', `no free number left in ${table} for ${prefix}`);
  return `${prefix}${String(next).padStart(width, '0')}`;
}

/**
 * Issues the birth medical certificate (出生医学证明) for a reported birth, in the name of the
 * delivering hospital, and marks the report `CERTIFIED`. One certificate per birth.
 */
export function issueBirthCertificate(
  store: HealthStore,
  request: BirthCertificateRequest,
  today: string,
): BirthCertificateView {
  const report = existingReport(store, request.birthRecordId);
  if (report.certificate || report.status === 'CERTIFIED') {
    throw new ApiError(
      409,
      'BIRTH_ALREADY_CERTIFIED',
      `birth ${report.id} already has a birth medical certificate; one birth gets one certificate`,
      { certificateNumber: report.certificate?.number ?? null },
    );
  }
  const number = nextFreeNumber(store, 'birth_certificates', 'number', `${certificateSeries(today)}50`, 7);
  prepared(store.db, 'INSERT INTO birth_certificates VALUES (?, ?, ?, ?, ?, ?)').run(
    number,
    report.id,
    report.childCitizenId,
    request.childName,
    report.hospital.id,
    today,
  );
  prepared(store.db, "UPDATE birth_records SET status = 'CERTIFIED' WHERE id = ?").run(report.id);
  return store.certificateByNumber(number) as BirthCertificateView;
}

/**
 * Opens a newborn's vaccination record (预防接种证) at the clinic serving the family's street, with the
 * birth doses given on the birth date. One record per birth.
 */
export function openVaccinationRecord(
  store: HealthStore,
  request: VaccinationRecordRequest,
  today: string,
): VaccinationRecordView {
  const report = existingReport(store, request.birthRecordId);
  const existing = prepared<[string], { id: string }>(
    store.db,
    'SELECT id FROM vaccination_records WHERE birth_record_id = ?',
  ).get(report.id);
  if (existing) {
    throw new ApiError(
      409,
      'VACCINATION_RECORD_EXISTS',
      `birth ${report.id} already has vaccination record ${existing.id}; a child has one record`,
      { vaccinationRecordId: existing.id },
    );
  }
  const clinic = store.clinicFor(request.divisionCode, request.street);
  if (!clinic) {
    throw new ApiError(
      422,
      'NO_CLINIC_FOR_ADDRESS',
      `no vaccination clinic serves ${request.street} in division ${request.divisionCode}; expected a street of a municipal district the department covers`,
      { divisionCode: request.divisionCode, street: request.street },
    );
  }
  const id = nextFreeNumber(store, 'vaccination_records', 'id', `VR${clinic.divisionCode}-`, 6);
  prepared(store.db, 'INSERT INTO vaccination_records VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    report.childCitizenId,
    report.id,
    report.birthDate,
    clinic.id,
    today,
  );
  const insertDose = prepared(store.db, 'INSERT INTO doses VALUES (?, ?, ?, ?, ?)');
  BIRTH_DOSES.forEach((dose, position) => {
    insertDose.run(id, position, dose.vaccine, dose.doseNumber, report.birthDate);
  });
  return store.vaccinationRecordById(id) as VaccinationRecordView;
}

/**
 * Binds the citizen ID issued at hukou registration to a newborn's birth certificate and vaccination
 * record, so both answer to it. Binding the same ID again changes nothing; the certificate must exist,
 * because the hukou was registered on it.
 */
export function bindNewbornIdentity(store: HealthStore, request: NewbornIdentityRequest): NewbornIdentity {
  const report = existingReport(store, request.birthRecordId);
  const certificate = report.certificate;
  if (!certificate) {
    throw new ApiError(
      409,
      'BIRTH_NOT_CERTIFIED',
      `birth ${report.id} has no birth medical certificate yet; a citizen ID is bound to an issued certificate`,
    );
  }
  if (report.childCitizenId && report.childCitizenId !== request.citizenId) {
    throw new ApiError(
      409,
      'NEWBORN_ALREADY_BOUND',
      `birth ${report.id} is already bound to another citizen ID; a child has one citizen ID`,
      { citizenId: report.childCitizenId },
    );
  }
  const parsed = parseCitizenId(request.citizenId);
  const actual = parsed.ok ? { birthDate: parsed.parts.birthDate, sex: parsed.parts.sex } : null;
  if (!actual || actual.birthDate !== report.birthDate || actual.sex !== report.sex) {
    throw new ApiError(
      422,
      'CITIZEN_ID_MISMATCH',
      `citizen ID ${request.citizenId} does not encode the reported birth date ${report.birthDate} and sex ${report.sex}`,
      { expected: { birthDate: report.birthDate, sex: report.sex }, actual },
    );
  }
  const elsewhere = prepared<[string, string, string, string], { birth_record_id: string | null }>(
    store.db,
    `SELECT birth_record_id FROM birth_certificates WHERE child_citizen_id = ? AND birth_record_id IS NOT ?
       UNION ALL
       SELECT birth_record_id FROM vaccination_records WHERE citizen_id = ? AND birth_record_id IS NOT ?`,
  ).get(request.citizenId, report.id, request.citizenId, report.id);
  if (elsewhere) {
    throw new ApiError(
      409,
      'CITIZEN_ID_ALREADY_BOUND',
      `citizen ID ${request.citizenId} already belongs to another child's health records`,
      { birthRecordId: elsewhere.birth_record_id },
    );
  }
  prepared(store.db, 'UPDATE birth_certificates SET child_citizen_id = ? WHERE number = ?').run(
    request.citizenId,
    certificate.number,
  );
  const record = prepared<[string, string], { id: string }>(
    store.db,
    'UPDATE vaccination_records SET citizen_id = ? WHERE birth_record_id = ? RETURNING id',
  ).get(request.citizenId, report.id);
  return {
    birthRecordId: report.id,
    citizenId: request.citizenId,
    certificateNumber: certificate.number,
    vaccinationRecordId: record?.id ?? null,
  };
}
