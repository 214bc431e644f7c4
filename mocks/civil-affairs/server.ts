/**
 * The civil-affairs department system (民政业务系统, mocked): marriage registrations and social-assistance
 * cases (低保, 特困), and adding a member to a case. Built, not started: the caller listens.
 */
import { todayInChina } from '../../lib/clock.ts';
import { civilAffairsContract } from '../../schema/civil-affairs/contract.ts';
import { HOUSEHOLD_ADDRESS_CHANGED } from '../../schema/public-security/events.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite } from '../kit/endpoints.ts';
import { serveEventReceiver } from '../kit/eventReceiver.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { createCaseTransfers, transferAssistanceCase } from './addressChange.ts';
import { civilAffairsSeed } from './records.ts';
import { CIVIL_AFFAIRS_SCHEMA, CivilAffairsStore, loadCivilAffairsSeed } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = civilAffairsContract.department;

/** Options of {@link buildDepartmentSystem}. */
export type CivilAffairsSystemOptions = SeededDepartmentSystemOptions;

/** Builds the civil-affairs department system over its store, serving `schema/civil-affairs/contract.ts`. */
export function buildDepartmentSystem(options: CivilAffairsSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(civilAffairsContract, options, {
    schemaSql: CIVIL_AFFAIRS_SCHEMA,
    seed: civilAffairsSeed,
    loadSeed: loadCivilAffairsSeed,
  });
  const store = new CivilAffairsStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = civilAffairsContract;
  serveBatchGet(system, endpoints.peopleBatchGet, (ids) => store.peopleByIds(ids));
  serveBatchGet(system, endpoints.householdsBatchGet, (ids) => store.householdsByIds(ids));
  serveBatchGet(system, endpoints.marriagesBatchGet, (ids) => store.marriagesByIds(ids));
  serveBatchGet(system, endpoints.assistanceCasesBatchGet, (ids) => store.casesByIds(ids));
  serveIdempotentWrite(
    system,
    endpoints.addAssistanceCaseMember,
    (input, { caseId }) => store.addCaseMember(caseId, input, today()),
    // Adding a citizen who already is a member changes nothing: 200 instead of 201. No await lies
    // between this check and the write: the store is synchronous, so the status cannot go stale.
    { statusOf: (input, { caseId }) => (store.isCaseMember(caseId, input.citizenId) ? 200 : 201) },
  );
  createCaseTransfers(system.db);
  serveEventReceiver(system, endpoints.receiveEvent, {
    [HOUSEHOLD_ADDRESS_CHANGED]: (event) => transferAssistanceCase(store, event),
  });
  return system;
}
