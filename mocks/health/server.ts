/**
 * The health department API (卫健妇幼与免疫规划信息系统, mocked): hospitals' delivery reports, birth
 * medical certificates and children's vaccination records, and the newborn errand's writes. Built,
 * not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { healthContract } from '../../schema/health/contract.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../../schema/public-security/events.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentApi } from '../kit/server.ts';
import { reassignVaccinationClinics } from './addressChange.ts';
import { bindNewbornIdentity, issueBirthCertificate, openVaccinationRecord } from './newborn.ts';
import { healthSeed } from './records.ts';
import { HEALTH_SCHEMA, HealthStore, loadHealthSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = healthContract.department;

/** Options of {@link buildDepartmentApi}. */
export type HealthApiOptions = SeededDepartmentApiOptions;

/** Builds the health department API over its store, serving `schema/health/contract.ts`. */
export function buildDepartmentApi(options: HealthApiOptions): DepartmentApi {
  const api = createSeededDepartmentApi(healthContract, options, {
    schemaSql: HEALTH_SCHEMA,
    seed: healthSeed,
    loadSeed: loadHealthSeed,
  });
  const store = new HealthStore(api.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = healthContract;
  serveBatchGet(api, endpoints.peopleBatchGet, (ids) => store.peopleByIds(ids));
  serveBatchGet(api, endpoints.birthRecordsBatchGet, (ids) => store.birthRecordsByIds(ids));
  serveIdempotentWrite(api, endpoints.issueBirthCertificate, (input) =>
    issueBirthCertificate(store, input, today()),
  );
  serveIdempotentWrite(api, endpoints.openVaccinationRecord, (input) =>
    openVaccinationRecord(store, input, today()),
  );
  serveIdempotentWrite(api, endpoints.bindNewbornIdentity, (input) => bindNewbornIdentity(store, input));
  serveEventReceiver(api, endpoints.receiveEvent, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => reassignVaccinationClinics(store, event),
  });
  return api;
}
