/**
 * The education department system (教育管理信息系统, mocked): school districts, schools and their
 * entry classes, pupils' enrolments, and school-age registration (学龄登记) of young children.
 * Built, not started: the caller listens.
 */
import { todayInChina } from '../../lib/clock.ts';
import { educationContract } from '../../schema/education/contract.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../../schema/public-security/events.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite, serveRead } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { AdmissionOffice } from './AdmissionOffice.ts';
import { createEnrolmentRechecks, recomputeSchoolDistricts } from './addressChange.ts';
import { educationSeed } from './records.ts';
import { EDUCATION_SCHEMA, EducationStore, loadEducationSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = educationContract.department;

/** Options of {@link buildDepartmentSystem}. */
export type EducationSystemOptions = SeededDepartmentSystemOptions;

/** Builds the education department system over its store, serving `schema/education/contract.ts`. */
export function buildDepartmentSystem(options: EducationSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(educationContract, options, {
    schemaSql: EDUCATION_SCHEMA,
    seed: educationSeed,
    loadSeed: loadEducationSeed,
  });
  const { db } = system;
  const store = new EducationStore(db);
  const today = options.today ?? todayInChina;
  const { endpoints } = educationContract;
  serveBatchGet(system, endpoints.peopleBatchGet, (ids) => store.peopleByIds(ids));
  serveBatchGet(system, endpoints.schoolsBatchGet, (ids) => store.schoolsByIds(ids));
  serveBatchGet(system, endpoints.schoolDistrictsBatchGet, (ids) => store.districtsByIds(ids));
  serveRead(system, endpoints.resolveSchoolDistricts, ({ addresses }) => ({
    districts: store.resolveDistricts(addresses),
  }));
  serveRead(system, endpoints.searchSchools, (search) => ({ items: store.searchSchools(search) }));
  serveIdempotentWrite(system, endpoints.registerSchoolAge, (input) =>
    store.registerSchoolAge(input, today()),
  );
  const admissions = new AdmissionOffice(db);
  serveIdempotentWrite(system, endpoints.enrolPupil, (input) => admissions.enrol(input));
  createEnrolmentRechecks(db);
  serveEventReceiver(system, endpoints.receiveEvent, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => recomputeSchoolDistricts(store, event),
  });
  return system;
}
