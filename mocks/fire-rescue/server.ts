/**
 * The fire-rescue department system (消防监督管理系统, mocked): the public gathering places fire rescue
 * supervises, their fire safety checks before opening, the acts of the enterprise errands, and market
 * regulation's registration changes, followed as they arrive (`registrationChanges.ts`).
 * Built, not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { fireRescueContract } from '../../schema/fire-rescue/contract.ts';
import { ENTERPRISE_REGISTRATION_CHANGED } from '../../schema/market-regulation/events.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite, serveRead } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { bookInspection, fileCommitment, inspectionRequirement, recordResult } from './inspection.ts';
import { fireRescueSeed } from './records.ts';
import { followRegistrationChange } from './registrationChanges.ts';
import { FIRE_RESCUE_SCHEMA, FireRescueStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = fireRescueContract.department;

/** Builds the fire-rescue department system over its store, serving `schema/fire-rescue/contract.ts`. */
export function buildDepartmentSystem(options: SeededDepartmentSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(fireRescueContract, options, {
    schemaSql: FIRE_RESCUE_SCHEMA,
    seed: fireRescueSeed,
    loadSeed: FireRescueStore.loadSeed,
  });
  const store = new FireRescueStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = fireRescueContract;
  serveBatchGet(system, endpoints.fireRecordsBatchGet, (ids) => store.recordsOf(ids));
  serveRead(system, endpoints.inspectionRequirement, (input) => inspectionRequirement(input.floorArea));
  serveIdempotentWrite(system, endpoints.fileFireSafetyCommitment, (input) =>
    fileCommitment(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.bookFireInspection, (input) =>
    bookInspection(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.recordInspectionResult, (input, { checkId }) =>
    recordResult(store, checkId, input, today()),
  );
  // Market regulation's registration changes, once each, in order per enterprise.
  serveEventReceiver(system, endpoints.receiveEvent, {
    [ENTERPRISE_REGISTRATION_CHANGED]: (event) => followRegistrationChange(store, event, today()),
  });
  return system;
}
