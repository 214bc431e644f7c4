/**
 * The market-regulation department system (市场监管一体化平台, mocked): the enterprise register, the
 * dishonesty list, authorisations and food business licences, the acts of the enterprise errands, and
 * registration changes, which the kit's event relay announces to every subscribing department
 * (`subscriptions.json`). Built, not started: `system/startSystem.ts` and the tests listen; the relay
 * starts with the build and stops when the app closes.
 */
import { todayInChina } from '../../lib/clock.ts';
import { marketRegulationContract } from '../../schema/market-regulation/contract.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite, serveRead } from '../kit/endpoints.ts';
import { type EventPublishingOptions, startEventPublishing } from '../kit/events/publisher.ts';
import type { EventRelay } from '../kit/events/relay.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { RegistrationChanges } from './changes.ts';
import { checkRegistration } from './checks.ts';
import { issueFoodLicence, representationOf } from './licensing.ts';
import { marketRegulationSeed } from './records.ts';
import { declareName, registerEnterprise } from './registration.ts';
import { MARKET_REGULATION_SCHEMA, MarketRegulationStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = marketRegulationContract.department;

/** Options of {@link buildDepartmentSystem}. */
export interface MarketRegulationSystemOptions
  extends SeededDepartmentSystemOptions,
    EventPublishingOptions {}

/** The built market-regulation system, with its event relay. */
export interface MarketRegulationDepartmentSystem extends DepartmentSystem {
  /** Delivers registration changes to the subscribing departments; stopped when the app closes. */
  relay: EventRelay;
  registrationChanges: RegistrationChanges;
}

/**
 * Builds the market-regulation department system over its store, serving
 * `schema/market-regulation/contract.ts`, and starts its event relay.
 */
export function buildDepartmentSystem(
  options: MarketRegulationSystemOptions,
): MarketRegulationDepartmentSystem {
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

  const { events, relay } = startEventPublishing(system, { ...options, signer: options.trust?.signer });
  const registrationChanges = new RegistrationChanges(system.db, store, events);
  serveBatchGet(system, endpoints.registrationChangesBatchGet, (ids) =>
    registrationChanges.byEnterprises(ids),
  );
  serveIdempotentWrite(
    system,
    endpoints.changeEnterpriseRegistration,
    (input, { creditCode }) => registrationChanges.change(creditCode, input, new Date(), today()),
    {
      afterWrite: () => relay.wake(),
      // A repeat answers the change as it stands now, not as it stood when first made.
      replay: (first) => registrationChanges.byIds([first.id])[0] ?? first,
    },
  );
  return { ...system, relay, registrationChanges };
}
