/**
 * The health department API (卫健妇幼与免疫规划信息系统, mocked): hospitals' delivery reports, birth
 * medical certificates and children's vaccination records, and the newborn errand's writes. Built,
 * not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { type DepartmentApi, registerBatchGet, registerIdempotentWrite } from '../kit/server.ts';
import { registerEventReceiver } from '../public-security/eventReceiver.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../public-security/events.ts';
import { reassignVaccinationClinics } from './addressChange.ts';
import { birthCertificateRequest, newbornIdentityRequest, vaccinationRecordRequest } from './api.ts';
import { bindNewbornIdentity, issueBirthCertificate, openVaccinationRecord } from './newborn.ts';
import { healthSeed } from './records.ts';
import { HEALTH_SCHEMA, HealthStore, loadHealthSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'health';

/** Options of {@link buildDepartmentApi}. */
export type HealthApiOptions = SeededDepartmentApiOptions;

/** Builds the health department API over its store. */
export function buildDepartmentApi(options: HealthApiOptions): DepartmentApi {
  const api = createSeededDepartmentApi(DEPARTMENT, options, {
    schemaSql: HEALTH_SCHEMA,
    seed: healthSeed,
    loadSeed: loadHealthSeed,
  });
  const { db } = api;
  const store = new HealthStore(db);
  const today = options.today ?? todayInChina;
  registerBatchGet(api.app, '/v1/people/batch-get', (ids) => store.peopleByIds(ids));
  registerBatchGet(api.app, '/v1/birth-reports/batch-get', (ids) => store.birthReportsByIds(ids));
  registerIdempotentWrite(api, '/v1/birth-certificates', birthCertificateRequest, (input) =>
    issueBirthCertificate(store, input, today()),
  );
  registerIdempotentWrite(api, '/v1/vaccination-records', vaccinationRecordRequest, (input) =>
    openVaccinationRecord(store, input, today()),
  );
  registerIdempotentWrite(api, '/v1/newborn-identities', newbornIdentityRequest, (input) =>
    bindNewbornIdentity(store, input),
  );
  registerEventReceiver(api, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => reassignVaccinationClinics(store, event),
  });
  return api;
}
