/**
 * The medical-insurance department API (医疗保障信息平台, mocked): enrolments in basic medical
 * insurance with their yearly contributions, and the newborn errand's enrolment. Built, not started:
 * `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { type DepartmentApi, registerBatchGet, registerIdempotentWrite } from '../kit/server.ts';
import { newbornEnrolmentRequest } from './api.ts';
import { enrolNewborn } from './newborn.ts';
import { medicalInsuranceSeed } from './records.ts';
import { MEDICAL_INSURANCE_SCHEMA, MedicalInsuranceStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'medical-insurance';

/** Builds the medical-insurance department API over its store. */
export function buildDepartmentApi(options: SeededDepartmentApiOptions): DepartmentApi {
  const api = createSeededDepartmentApi(DEPARTMENT, options, {
    schemaSql: MEDICAL_INSURANCE_SCHEMA,
    seed: medicalInsuranceSeed,
    loadSeed: MedicalInsuranceStore.loadSeed,
  });
  const store = new MedicalInsuranceStore(api.db);
  const today = options.today ?? todayInChina;
  registerBatchGet(api.app, '/v1/enrolments/batch-get', (ids) => store.enrolmentsOf(ids));
  registerIdempotentWrite(api, '/v1/newborn-enrolments', newbornEnrolmentRequest, (input) =>
    enrolNewborn(store, input, today()),
  );
  return api;
}
