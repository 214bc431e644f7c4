/**
 * The education department API (教育管理信息系统, mocked): school districts, schools and their
 * entry classes, pupils' enrolments, and school-age registration (学龄登记) of young children.
 * Built, not started: the caller listens.
 */
import { todayInChina } from '../../lib/clock.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { parseRequest } from '../kit/errors.ts';
import { type DepartmentApi, registerBatchGet, registerIdempotentWrite } from '../kit/server.ts';
import { registerEventReceiver } from '../public-security/eventReceiver.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../public-security/events.ts';
import { AdmissionOffice } from './AdmissionOffice.ts';
import { createEnrolmentRechecks, recomputeSchoolDistricts } from './addressChange.ts';
import {
  districtResolutionRequest,
  enrolmentRequest,
  schoolAgeRegistrationRequest,
  schoolSearchRequest,
} from './api.ts';
import { educationSeed } from './records.ts';
import { EDUCATION_SCHEMA, EducationStore, loadEducationSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'education';

/** Options of {@link buildDepartmentApi}. */
export type EducationApiOptions = SeededDepartmentApiOptions;

/** Builds the education department API over its store. */
export function buildDepartmentApi(options: EducationApiOptions): DepartmentApi {
  const api = createSeededDepartmentApi(DEPARTMENT, options, {
    schemaSql: EDUCATION_SCHEMA,
    seed: educationSeed,
    loadSeed: loadEducationSeed,
  });
  const { db } = api;
  const store = new EducationStore(db);
  const today = options.today ?? todayInChina;
  registerBatchGet(api.app, '/v1/people/batch-get', (ids) => store.peopleByIds(ids));
  registerBatchGet(api.app, '/v1/schools/batch-get', (ids) => store.schoolsByIds(ids));
  registerBatchGet(api.app, '/v1/school-districts/batch-get', (ids) => store.districtsByIds(ids));
  api.app.post('/v1/school-districts/resolve', async (request) => {
    const { addresses } = parseRequest(districtResolutionRequest, request.body);
    return { districts: store.resolveDistricts(addresses) };
  });
  api.app.post('/v1/schools/search', async (request) => ({
    items: store.searchSchools(parseRequest(schoolSearchRequest, request.body ?? {})),
  }));
  registerIdempotentWrite(api, '/v1/school-age-registrations', schoolAgeRegistrationRequest, (input) =>
    store.registerSchoolAge(input, today()),
  );
  const admissions = new AdmissionOffice(db);
  registerIdempotentWrite(api, '/v1/enrolments', enrolmentRequest, (input) => admissions.enrol(input));
  createEnrolmentRechecks(db);
  registerEventReceiver(api, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => recomputeSchoolDistricts(store, event),
  });
  return api;
}
