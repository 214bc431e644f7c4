/**
 * The market-regulation department system (市场监管一体化平台, mocked): the enterprise register, the
 * dishonesty list, authorisations and food business licences, and the acts of the enterprise errands.
 * Built, not started: `system/startSystem.ts` and the tests listen.
 */
import { todayInChina } from '../../lib/clock.ts';
import { marketRegulationContract } from '../../schema/market-regulation/contract.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite, serveRead } from '../kit/endpoints.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { checkRegistration } from './checks.ts';
import { issueFoodLicence, representationOf } from './licensing.ts';
import { marketRegulationSeed } from './records.ts';
import { declareName, registerEnterprise } from './registration.ts';
import { MARKET_REGULATION_SCHEMA, MarketRegulationStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = marketRegulationContract.department;

/** Builds the market-regulation department system over its store, serving `schema/market-regulation/contract.ts`. */
export function buildDepartmentSystem(options: SeededDepartmentSystemOptions): DepartmentSystem {
  const system = createSeededDepartmentSystem(marketRegulationContract, options, {
    schemaSql: MARKET_REGULATION_SCHEMA,
    seed: marketRegulationSeed,
    loadSeed: MarketRegulationStore.loadSeed,
  });
  const store = new MarketRegulationStore(system.db);
  const today = options.today ?? todayInChina;
  const { endpoints } = marketRegulationContract;
  serveBatchGet(system, endpoints.enterprisesBatchGet, (ids) => store.enterprisesOf(ids));
  serveBatchGet(system, endpoints.representedEnterprisesBatchGet, (ids) => {
    const byCitizen = store.enterprisesRepresentedBy(ids);
    return ids.flatMap((citizenId) => {
      const enterprises = byCitizen.get(citizenId);
      return enterprises ? [{ citizenId, enterprises }] : [];
    });
  });
  serveBatchGet(system, endpoints.authorisationsBatchGet, (ids) => {
    const byEnterprise = store.authorisationsOf(ids);
    return ids.flatMap((creditCode) => {
      const authorisations = byEnterprise.get(creditCode);
      return authorisations ? [{ creditCode, authorisations }] : [];
    });
  });
  serveRead(system, endpoints.representationOf, (input) => representationOf(store, input, today()));
  serveRead(system, endpoints.registrationCheck, (input) => checkRegistration(store, input, today()));
  serveIdempotentWrite(system, endpoints.declareEnterpriseName, (input) =>
    declareName(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.registerEnterprise, (input) =>
    registerEnterprise(store, input, today()),
  );
  serveIdempotentWrite(system, endpoints.issueFoodBusinessLicence, (input) =>
    issueFoodLicence(store, input, today()),
  );
  return system;
}
