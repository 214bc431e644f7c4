/**
 * The education department's embedded store: school districts and the streets they cover, schools,
 * enrolments, and the school-age registrations made through the API.
 */
import type Database from 'better-sqlite3';
import { groupBy, IN_LIST, listParameter, prepared } from '../../lib/sqlite.ts';
import type {
  DistrictAddress,
  EnrolmentView,
  PersonEducationView,
  SchoolAgeRegistration,
  SchoolAgeRegistrationRequest,
  SchoolDistrictView,
  SchoolSearchRequest,
  SchoolView,
} from '../../schema/education/contract.ts';
import { ApiError } from '../kit/errors.ts';
import type { SeedData } from '../kit/seed.ts';
import type { educationSeed } from './records.ts';
import { entryYearOfRegistrableChild } from './schoolAge.ts';

/**
 * Tables of the store. A street belongs to at most one district (the primary key of
 * `school_district_streets`), so every address resolves to one district or none.
 */
export const EDUCATION_SCHEMA = `
CREATE TABLE school_districts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL
);
CREATE TABLE school_district_streets (
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  district_id TEXT NOT NULL REFERENCES school_districts(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (division_code, street)
);
CREATE INDEX streets_by_district ON school_district_streets(district_id);
CREATE TABLE schools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  stage TEXT NOT NULL,
  division_code TEXT NOT NULL,
  district_id TEXT NOT NULL REFERENCES school_districts(id),
  address TEXT NOT NULL,
  capacity INTEGER NOT NULL
);
CREATE INDEX schools_by_district ON schools(district_id);
CREATE TABLE enrolments (
  id TEXT PRIMARY KEY,
  citizen_id TEXT NOT NULL,
  school_id TEXT NOT NULL REFERENCES schools(id),
  entry_year INTEGER NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX enrolments_by_citizen ON enrolments(citizen_id);
CREATE INDEX enrolments_by_school ON enrolments(school_id, entry_year);
CREATE TABLE school_age_registrations (
  citizen_id TEXT PRIMARY KEY,
  birth_date TEXT NOT NULL,
  division_code TEXT NOT NULL,
  street TEXT NOT NULL,
  district_id TEXT NOT NULL REFERENCES school_districts(id),
  expected_entry_year INTEGER NOT NULL,
  registered_on TEXT NOT NULL
);
`;

interface SchoolRow {
  id: string;
  name: string;
  stage: SchoolView['stage'];
  division_code: string;
  district_id: string;
  address: string;
  capacity: number;
}

interface EnrolmentRow {
  id: string;
  citizen_id: string;
  school_id: string;
  entry_year: number;
  status: EnrolmentView['status'];
}

interface RegistrationRow {
  citizen_id: string;
  district_id: string;
  expected_entry_year: number;
  registered_on: string;
}

/** Inserts the seed into a fresh store. */
export function loadEducationSeed(db: Database.Database, seed: SeedData<typeof educationSeed>): void {
  const insertDistrict = prepared(db, 'INSERT INTO school_districts VALUES (@id, @name, @divisionCode)');
  const insertStreet = prepared(db, 'INSERT INTO school_district_streets VALUES (?, ?, ?, ?)');
  for (const district of seed['school-districts']) {
    insertDistrict.run(district);
    district.streets.forEach((street, position) => {
      insertStreet.run(district.divisionCode, street, district.id, position);
    });
  }
  const insertSchool = prepared(
    db,
    'INSERT INTO schools VALUES (@id, @name, @stage, @divisionCode, @districtId, @address, @capacity)',
  );
  for (const school of seed.schools) insertSchool.run(school);
  const insertEnrolment = prepared(
    db,
    'INSERT INTO enrolments VALUES (@id, @citizenId, @schoolId, @entryYear, @status)',
  );
  for (const enrolment of seed.enrolments) insertEnrolment.run(enrolment);
}

function toRegistration(row: RegistrationRow): SchoolAgeRegistration {
  return {
    citizenId: row.citizen_id,
    districtId: row.district_id,
    expectedEntryYear: row.expected_entry_year,
    registeredOn: row.registered_on,
  };
}

/** Queries and writes of the education store. */
export class EducationStore {
  constructor(readonly db: Database.Database) {}

  /**
   * What the department knows about each of these people (enrolments and school-age registration),
   * in the order asked; people with neither are left out.
   */
  peopleByIds(ids: readonly string[]): PersonEducationView[] {
    const enrolments = prepared<[string], EnrolmentRow>(
      this.db,
      `SELECT * FROM enrolments WHERE citizen_id ${IN_LIST}
         ORDER BY entry_year DESC, id`,
    ).all(listParameter(ids));
    const registrations = new Map(
      prepared<[string], RegistrationRow>(
        this.db,
        `SELECT * FROM school_age_registrations WHERE citizen_id ${IN_LIST}`,
      )
        .all(listParameter(ids))
        .map((row) => [row.citizen_id, toRegistration(row)]),
    );
    const enrolmentsOf = groupBy(enrolments, (row) => row.citizen_id);
    return ids.flatMap((citizenId) => {
      const own = enrolmentsOf.get(citizenId) ?? [];
      const registration = registrations.get(citizenId) ?? null;
      if (own.length === 0 && !registration) return [];
      return [
        {
          citizenId,
          enrolments: own.map((row) => ({
            id: row.id,
            schoolId: row.school_id,
            entryYear: row.entry_year,
            status: row.status,
          })),
          schoolAgeRegistration: registration,
        },
      ];
    });
  }

  /** The schools with these ids, each with its entry classes; unknown ids are left out. */
  schoolsByIds(ids: readonly string[]): SchoolView[] {
    const schools = prepared<[string], SchoolRow>(
      this.db,
      `SELECT * FROM schools WHERE id ${IN_LIST} ORDER BY id`,
    ).all(listParameter(ids));
    const classes = prepared<
      [string],
      { school_id: string; entry_year: number; enrolled: number; waitlisted: number }
    >(
      this.db,
      `SELECT school_id, entry_year,
           SUM(status IN ('ENROLLED', 'GRADUATED')) AS enrolled, SUM(status = 'WAITLISTED') AS waitlisted
         FROM enrolments WHERE school_id ${IN_LIST}
         GROUP BY school_id, entry_year ORDER BY entry_year`,
    ).all(listParameter(ids));
    const classesOf = groupBy(classes, (c) => c.school_id);
    return schools.map((row) => ({
      id: row.id,
      name: row.name,
      stage: row.stage,
      divisionCode: row.division_code,
      districtId: row.district_id,
      address: row.address,
      capacity: row.capacity,
      entryClasses: (classesOf.get(row.id) ?? []).map((c) => ({
        entryYear: c.entry_year,
        enrolled: c.enrolled,
        waitlisted: c.waitlisted,
      })),
    }));
  }

  /** The districts with these ids, each with its streets and schools; unknown ids are left out. */
  districtsByIds(ids: readonly string[]): SchoolDistrictView[] {
    const districts = prepared<[string], { id: string; name: string; division_code: string }>(
      this.db,
      `SELECT * FROM school_districts WHERE id ${IN_LIST} ORDER BY id`,
    ).all(listParameter(ids));
    const streets = prepared<[string], { district_id: string; street: string }>(
      this.db,
      `SELECT district_id, street FROM school_district_streets WHERE district_id ${IN_LIST}
         ORDER BY position`,
    ).all(listParameter(ids));
    const schools = prepared<[string], { id: string; district_id: string }>(
      this.db,
      `SELECT id, district_id FROM schools WHERE district_id ${IN_LIST} ORDER BY id`,
    ).all(listParameter(ids));
    const streetsOf = groupBy(streets, (s) => s.district_id);
    const schoolsOf = groupBy(schools, (s) => s.district_id);
    return districts.map((row) => ({
      id: row.id,
      name: row.name,
      divisionCode: row.division_code,
      streets: (streetsOf.get(row.id) ?? []).map((s) => s.street),
      schoolIds: (schoolsOf.get(row.id) ?? []).map((s) => s.id),
    }));
  }

  /** The district covering each address, in the order given; null where no district does. */
  resolveDistricts(addresses: readonly DistrictAddress[]): (SchoolDistrictView | null)[] {
    const find = prepared<[string, string], { district_id: string }>(
      this.db,
      'SELECT district_id FROM school_district_streets WHERE division_code = ? AND street = ?',
    );
    const districtIds = addresses.map(
      (address) => find.get(address.divisionCode, address.street)?.district_id,
    );
    const wanted = [...new Set(districtIds.filter((id): id is string => id !== undefined))];
    const byId = new Map(wanted.length > 0 ? this.districtsByIds(wanted).map((d) => [d.id, d]) : []);
    return districtIds.map((id) => (id === undefined ? null : (byId.get(id) ?? null)));
  }

  /** Schools matching every filter given, by id; no filter lists every school. */
  searchSchools(filter: SchoolSearchRequest): SchoolView[] {
    const ids = prepared<[{ divisionCode: string | null; stage: string | null }], { id: string }>(
      this.db,
      `SELECT id FROM schools WHERE (@divisionCode IS NULL OR division_code = @divisionCode)
           AND (@stage IS NULL OR stage = @stage) ORDER BY id`,
    )
      .all({ divisionCode: filter.divisionCode ?? null, stage: filter.stage ?? null })
      .map((row) => row.id);
    return ids.length > 0 ? this.schoolsByIds(ids) : [];
  }

  /**
   * Records a child for a future primary-school place in the district covering their address.
   * One registration per child: repeating it for the same district answers the registration
   * already made; a different district is refused, since a move is a change of address, not a new
   * registration.
   */
  registerSchoolAge(request: SchoolAgeRegistrationRequest, today: string): SchoolAgeRegistration {
    const entryYear = entryYearOfRegistrableChild(request, today);
    const [district] = this.resolveDistricts([
      { divisionCode: request.divisionCode, street: request.street },
    ]);
    if (!district) {
      throw new ApiError(
        422,
        'NO_SCHOOL_DISTRICT_FOR_ADDRESS',
        `no school district covers ${request.street} in division ${request.divisionCode}; the address must be in a street a district lists`,
        { divisionCode: request.divisionCode, street: request.street },
      );
    }
    const existing = prepared<[string], RegistrationRow>(
      this.db,
      'SELECT * FROM school_age_registrations WHERE citizen_id = ?',
    ).get(request.citizenId);
    if (existing) {
      if (existing.district_id === district.id) return toRegistration(existing);
      throw new ApiError(
        409,
        'SCHOOL_AGE_REGISTRATION_EXISTS',
        `child ${request.citizenId} is already registered in school district ${existing.district_id}; one registration per child`,
        { districtId: existing.district_id },
      );
    }
    const registration: SchoolAgeRegistration = {
      citizenId: request.citizenId,
      districtId: district.id,
      expectedEntryYear: entryYear,
      registeredOn: today,
    };
    prepared(this.db, 'INSERT INTO school_age_registrations VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      registration.citizenId,
      request.birthDate,
      request.divisionCode,
      request.street,
      district.id,
      entryYear,
      today,
    );
    return registration;
  }
}
