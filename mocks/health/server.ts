/**
 * The health department system (卫健妇幼与免疫规划信息系统, mocked): hospitals' delivery reports, birth
 * medical certificates and children's vaccination records, and the newborn errand's writes. Built,
 * not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { healthContract } from '../../schema/health/contract.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../../schema/public-security/events.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { reassignVaccinationClinics } from './addressChange.ts';
import { bindNewbornIdentity, issueBirthCertificate, openVaccinationRecord } from './newborn.ts';
import { healthSeed } from './records.ts';
import { HEALTH_SCHEMA, HealthStore, loadHealthSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = healthContract.department;

/** Options of {@link buildDepartmentSystem}. */
export type HealthSystemOptions = SeededDepartmentSystemOptions;

/** Builds the health department system over its store, serving `schema/health/contract.ts`. */
export function buildDepartmentSystem(options: HealthSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(healthContract, options, {
    schemaSql: HEALTH_SCHEMA,
    seed: healthSeed,
    loadSeed: loadHealthSeed,
  });
  const store = new HealthStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = healthContract;
  serveBatchGet(system, endpoints.peopleBatchGet, (ids) => store.peopleByIds(ids));
  serveBatchGet(system, endpoints.birthRecordsBatchGet, (ids) => store.birthRecordsByIds(ids));
  serveIdempotentWrite(system, endpoints.issueBirthCertificate, (input) =>
    issueBirthCertificate(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.openVaccinationRecord, (input) =>
    openVaccinationRecord(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.bindNewbornIdentity, (input) => bindNewbornIdentity(store, input));
  serveEventReceiver(system, endpoints.receiveEvent, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => reassignVaccinationClinics(store, event),
  });
  return system;
}
