/**
 * The medical-insurance department system (医疗保障信息平台, mocked): enrolments in basic medical
 * insurance with their yearly contributions, and the newborn errand's enrolment. Built, not started:
 * `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { medicalInsuranceContract } from '../../schema/medical-insurance/contract.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite } from '../kit/endpoints.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { enrolNewborn } from './newborn.ts';
import { medicalInsuranceSeed } from './records.ts';
import { MEDICAL_INSURANCE_SCHEMA, MedicalInsuranceStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = medicalInsuranceContract.department;

/** Builds the medical-insurance department system over its store, serving `schema/medical-insurance/contract.ts`. */
export function buildDepartmentSystem(options: SeededDepartmentSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(medicalInsuranceContract, options, {
    schemaSql: MEDICAL_INSURANCE_SCHEMA,
    seed: medicalInsuranceSeed,
    loadSeed: MedicalInsuranceStore.loadSeed,
  });
  const store = new MedicalInsuranceStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = medicalInsuranceContract;
  serveBatchGet(system, endpoints.enrolmentsBatchGet, (ids) => store.enrolmentsOf(ids));
  serveIdempotentWrite(system, endpoints.enrolNewborn, (input) => enrolNewborn(store, input, today()));
  return system;
}
