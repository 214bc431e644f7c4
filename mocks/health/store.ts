/**
 * The health department's embedded store: hospitals and their delivery reports, birth certificates,
 * vaccination clinics and vaccination records with their doses. Reads are here; the writes of the
 * newborn errand are in `newborn.ts`.
 */
import type Database from 'better-sqlite3';
import { chinaDate } from '../../lib/clock.ts';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  BirthCertificateView,
  BirthRecordView,
  ClinicView,
  HospitalView,
  PersonHealthView,
  VaccinationRecordView,
} from '../../schema/health/contract.ts';
import type { SeedData } from '../kit/seed.ts';
import type {
  BirthCertificateRecord,
  BirthRecordRecord,
  healthSeed,
  VaccinationRecordRecord,
} from './records.ts';

/** Tables of the store; every value is a column so that look-ups stay indexed. */
export const HEALTH_SCHEMA = `
CREATE TABLE hospitals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  maternity_unit INTEGER NOT NULL
);
CREATE TABLE birth_records (
  id TEXT PRIMARY KEY,
  hospital_id TEXT NOT NULL REFERENCES hospitals(id),
  mother_citizen_id TEXT NOT NULL,
  father_citizen_id TEXT,
  born_at TEXT NOT NULL,
  sex TEXT NOT NULL,
  weight_grams INTEGER NOT NULL,
  length_cm REAL NOT NULL,
  gestation_weeks INTEGER NOT NULL,
  plurality INTEGER NOT NULL,
  birth_order INTEGER NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX birth_records_by_mother ON birth_records(mother_citizen_id);
CREATE INDEX birth_records_by_father ON birth_records(father_citizen_id);
CREATE TABLE birth_certificates (
  number TEXT PRIMARY KEY,
  birth_record_id TEXT UNIQUE REFERENCES birth_records(id),
  child_citizen_id TEXT UNIQUE,
  child_name TEXT NOT NULL,
  hospital_id TEXT NOT NULL REFERENCES hospitals(id),
  issued_on TEXT NOT NULL
);
CREATE TABLE clinics (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL
);
CREATE TABLE clinic_streets (
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  street TEXT NOT NULL,
  PRIMARY KEY (clinic_id, street)
);
CREATE INDEX clinic_streets_by_street ON clinic_streets(street);
CREATE TABLE vaccination_records (
  id TEXT PRIMARY KEY,
  citizen_id TEXT UNIQUE,
  birth_record_id TEXT UNIQUE REFERENCES birth_records(id),
  birth_date TEXT NOT NULL,
  clinic_id TEXT NOT NULL REFERENCES clinics(id),
  opened_on TEXT NOT NULL
);
CREATE TABLE doses (
  record_id TEXT NOT NULL REFERENCES vaccination_records(id),
  position INTEGER NOT NULL,
  vaccine TEXT NOT NULL,
  dose_number INTEGER NOT NULL,
  given_on TEXT NOT NULL,
  PRIMARY KEY (record_id, position)
);
`;

// Columns selected under the record schemas' names, so rows are records (records.ts) as they come.
const REPORT_COLUMNS = `id, hospital_id AS hospitalId, mother_citizen_id AS motherCitizenId,
  father_citizen_id AS fatherCitizenId, born_at AS bornAt, sex, weight_grams AS weightGrams, length_cm AS lengthCm,
  gestation_weeks AS gestationWeeks, plurality, birth_order AS birthOrder, status`;
const CERTIFICATE_COLUMNS = `number, birth_record_id AS birthRecordId, child_citizen_id AS childCitizenId,
  child_name AS childName, hospital_id AS hospitalId, issued_on AS issuedOn`;
const RECORD_COLUMNS = `id, citizen_id AS citizenId, birth_record_id AS birthRecordId, birth_date AS birthDate,
  clinic_id AS clinicId, opened_on AS openedOn`;

/** Inserts the seed into a fresh store. */
export function loadHealthSeed(db: Database.Database, seed: SeedData<typeof healthSeed>): void {
  const insertHospital = prepared(
    db,
    'INSERT INTO hospitals VALUES (@id, @name, @divisionCode, @maternityUnit)',
  );
  for (const hospital of seed.hospitals)
    insertHospital.run({ ...hospital, maternityUnit: hospital.maternityUnit ? 1 : 0 });
  const insertReport = prepared(
    db,
    `INSERT INTO birth_records VALUES (@id, @hospitalId, @motherCitizenId, @fatherCitizenId, @bornAt, @sex,
       @weightGrams, @lengthCm, @gestationWeeks, @plurality, @birthOrder, @status)`,
  );
  for (const report of seed['birth-records']) insertReport.run(report);
  const insertCertificate = prepared(
    db,
    'INSERT INTO birth_certificates VALUES (@number, @birthRecordId, @childCitizenId, @childName, @hospitalId, @issuedOn)',
  );
  for (const certificate of seed['birth-certificates']) insertCertificate.run(certificate);
  const insertClinic = prepared(db, 'INSERT INTO clinics VALUES (@id, @name, @divisionCode)');
  const insertStreet = prepared(db, 'INSERT INTO clinic_streets VALUES (?, ?)');
  for (const clinic of seed.clinics) {
    insertClinic.run(clinic);
    for (const street of new Set(clinic.streets)) insertStreet.run(clinic.id, street);
  }
  const insertRecord = prepared(
    db,
    'INSERT INTO vaccination_records VALUES (@id, @citizenId, @birthRecordId, @birthDate, @clinicId, @openedOn)',
  );
  const insertDose = prepared(db, 'INSERT INTO doses VALUES (?, ?, ?, ?, ?)');
  for (const record of seed['vaccination-records']) {
    insertRecord.run(record);
    record.doses.forEach((dose, position) => {
      insertDose.run(record.id, position, dose.vaccine, dose.doseNumber, dose.givenOn);
    });
  }
}

/** Queries of the health store. */
export class HealthStore {
  constructor(readonly db: Database.Database) {}

  /** What the department knows about each citizen; citizens it has no record of are left out. */
  peopleByIds(ids: readonly string[]): PersonHealthView[] {
    const certificates = this.#certificates(`child_citizen_id ${IN_LIST}`, [listParameter(ids)]);
    const records = this.#vaccinationRecords(`citizen_id ${IN_LIST}`, [listParameter(ids)]);
    const reports = prepared<
      [string, string],
      { id: string; mother_citizen_id: string; father_citizen_id: string | null }
    >(
      this.db,
      `SELECT id, mother_citizen_id, father_citizen_id FROM birth_records
         WHERE status IN ('REPORTED', 'CERTIFIED')
           AND (mother_citizen_id ${IN_LIST} OR father_citizen_id ${IN_LIST})
         ORDER BY julianday(born_at), id`,
    ).all(listParameter(ids), listParameter(ids));
    const certificateOf = groupBy(certificates, (certificate) => certificate.childCitizenId);
    const recordOf = groupBy(records, (record) => record.citizenId);
    const reportedBirthIdsOf = new Map<string, string[]>();
    for (const report of reports) {
      for (const parent of new Set([report.mother_citizen_id, report.father_citizen_id])) {
        if (parent) reportedBirthIdsOf.set(parent, [...(reportedBirthIdsOf.get(parent) ?? []), report.id]);
      }
    }
    const people: PersonHealthView[] = [];
    for (const id of ids) {
      const birthCertificate = certificateOf.get(id)?.[0] ?? null;
      const vaccinationRecord = recordOf.get(id)?.[0] ?? null;
      const reportedBirthIds = reportedBirthIdsOf.get(id) ?? [];
      if (birthCertificate || vaccinationRecord || reportedBirthIds.length > 0) {
        people.push({ citizenId: id, birthCertificate, vaccinationRecord, reportedBirthIds });
      }
    }
    return people;
  }

  /** The birth records with the given numbers, in that order; unknown numbers are left out. */
  birthRecordsByIds(ids: readonly string[]): BirthRecordView[] {
    const records = prepared<[string], BirthRecordRecord>(
      this.db,
      `SELECT ${REPORT_COLUMNS} FROM birth_records WHERE id ${IN_LIST}`,
    ).all(listParameter(ids));
    const hospitals = this.#hospitals(records.map((record) => record.hospitalId));
    const certificates = this.#certificates(`birth_record_id ${IN_LIST}`, [listParameter(ids)]);
    const recordHolders = prepared<[string], { birth_record_id: string; citizen_id: string | null }>(
      this.db,
      `SELECT birth_record_id, citizen_id FROM vaccination_records WHERE birth_record_id ${IN_LIST}`,
    ).all(listParameter(ids));
    const byId = new Map(records.map((record) => [record.id, record]));
    return ids.flatMap((id) => {
      const record = byId.get(id);
      if (!record) return [];
      const { hospitalId, ...report } = record;
      const certificate = certificates.find((c) => c.birthRecordId === id) ?? null;
      const holder = recordHolders.find((r) => r.birth_record_id === id);
      return [
        {
          ...report,
          hospital: hospitals.get(hospitalId) as HospitalView,
          birthDate: chinaDate(new Date(report.bornAt)),
          certificate,
          childCitizenId: certificate?.childCitizenId ?? holder?.citizen_id ?? null,
        },
      ];
    });
  }

  /** The certificate with this number, with its hospital. */
  certificateByNumber(number: string): BirthCertificateView | undefined {
    return this.#certificates('number = ?', [number])[0];
  }

  /** The vaccination record with this id, with its clinic and doses. */
  vaccinationRecordById(id: string): VaccinationRecordView | undefined {
    return this.#vaccinationRecords('id = ?', [id])[0];
  }

  /** The clinics serving `street` in the division, first by id; none when the address is not covered. */
  clinicFor(divisionCode: string, street: string): ClinicView | undefined {
    const row = prepared<[string, string], { id: string }>(
      this.db,
      `SELECT c.id FROM clinics c JOIN clinic_streets s ON s.clinic_id = c.id
         WHERE c.division_code = ? AND s.street = ? ORDER BY c.id LIMIT 1`,
    ).get(divisionCode, street);
    return row ? this.#clinics([row.id]).get(row.id) : undefined;
  }

  #hospitals(ids: readonly string[]): Map<string, HospitalView> {
    const unique = [...new Set(ids)];
    const rows = prepared<[string], Omit<HospitalView, 'maternityUnit'> & { maternityUnit: number }>(
      this.db,
      `SELECT id, name, division_code AS divisionCode, maternity_unit AS maternityUnit FROM hospitals
         WHERE id ${IN_LIST}`,
    ).all(listParameter(unique));
    return new Map(rows.map((row) => [row.id, { ...row, maternityUnit: row.maternityUnit === 1 }]));
  }

  #clinics(ids: readonly string[]): Map<string, ClinicView> {
    const unique = [...new Set(ids)];
    const rows = prepared<[string], { id: string; name: string; division_code: string }>(
      this.db,
      `SELECT * FROM clinics WHERE id ${IN_LIST}`,
    ).all(listParameter(unique));
    const streets = prepared<[string], { clinic_id: string; street: string }>(
      this.db,
      `SELECT clinic_id, street FROM clinic_streets WHERE clinic_id ${IN_LIST} ORDER BY rowid`,
    ).all(listParameter(unique));
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          name: row.name,
          divisionCode: row.division_code,
          streets: streets.filter((s) => s.clinic_id === row.id).map((s) => s.street),
        },
      ]),
    );
  }

  /** The certificates matching `where` (SQL of this file's own, never built from data) and its parameters. */
  #certificates(where: string, params: readonly string[]): BirthCertificateView[] {
    const records = prepared<string[], BirthCertificateRecord>(
      this.db,
      `SELECT ${CERTIFICATE_COLUMNS} FROM birth_certificates WHERE ${where}`,
    ).all(...params);
    const hospitals = this.#hospitals(records.map((record) => record.hospitalId));
    return records.map(({ hospitalId, ...certificate }) => ({
      ...certificate,
      hospital: hospitals.get(hospitalId) as HospitalView,
    }));
  }

  /** The vaccination records matching `where` (as for {@link #certificates}), with clinics and doses. */
  #vaccinationRecords(where: string, params: readonly string[]): VaccinationRecordView[] {
    const records = prepared<string[], Omit<VaccinationRecordRecord, 'doses'>>(
      this.db,
      `SELECT ${RECORD_COLUMNS} FROM vaccination_records WHERE ${where}`,
    ).all(...params);
    const recordIds = records.map((record) => record.id);
    const doses = prepared<
      [string],
      { recordId: string; vaccine: string; doseNumber: number; givenOn: string }
    >(
      this.db,
      `SELECT record_id AS recordId, vaccine, dose_number AS doseNumber, given_on AS givenOn FROM doses
         WHERE record_id ${IN_LIST} ORDER BY record_id, position`,
    ).all(listParameter(recordIds));
    const dosesOf = groupBy(doses, (dose) => dose.recordId);
    const clinics = this.#clinics(records.map((record) => record.clinicId));
    return records.map(({ clinicId, ...record }) => ({
      ...record,
      clinic: clinics.get(clinicId) as ClinicView,
      doses: (dosesOf.get(record.id) ?? []).map(({ vaccine, doseNumber, givenOn }) => ({
        vaccine,
        doseNumber,
        givenOn,
      })),
    }));
  }
}
