/**
 * The urban-management department system (城市管理综合执法平台, mocked): the signboards and drainage
 * permits of enterprises' premises, the signboard size rules, the acts of the restaurant errand, and
 * market regulation's registration changes, followed as they arrive (`registrationChanges.ts`).
 * Built, not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { ENTERPRISE_REGISTRATION_CHANGED } from '../../schema/market-regulation/events.ts';
import { urbanManagementContract } from '../../schema/urban-management/contract.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite, serveRead } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { issueDrainagePermit } from './drainage.ts';
import { urbanManagementSeed } from './records.ts';
import { followRegistrationChange } from './registrationChanges.ts';
import { assessSignboard, registerSignboard } from './signboards.ts';
import { URBAN_MANAGEMENT_SCHEMA, UrbanManagementStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = urbanManagementContract.department;

/** Builds the urban-management department system over its store, serving `schema/urban-management/contract.ts`. */
export function buildDepartmentSystem(options: SeededDepartmentSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(urbanManagementContract, options, {
    schemaSql: URBAN_MANAGEMENT_SCHEMA,
    seed: urbanManagementSeed,
    loadSeed: UrbanManagementStore.loadSeed,
  });
  const store = new UrbanManagementStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = urbanManagementContract;
  serveBatchGet(system, endpoints.enterpriseRecordsBatchGet, (ids) => store.recordsOf(ids));
  serveRead(system, endpoints.assessSignboard, (input) => assessSignboard(input));
  serveIdempotentWrite(system, endpoints.registerSignboard, (input) =>
    registerSignboard(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.issueDrainagePermit, (input) =>
    issueDrainagePermit(store, input, today()),
  );
  // Market regulation's registration changes, once each, in order per enterprise.
  serveEventReceiver(system, endpoints.receiveEvent, {
    [ENTERPRISE_REGISTRATION_CHANGED]: (event) => followRegistrationChange(store, event),
  });
  return system;
}
