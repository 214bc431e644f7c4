/**
 * The public-security department system (公安人口信息系统, mocked): households and the people registered
 * in them, birth registration that issues citizen IDs, and household address changes, which the
 * built-in event relay announces to every subscribing department. Built, not started:
 * `system/startSystem.ts` listens; the relay starts with the build and stops when the app closes.
 */
import type { Identity } from '../../lib/auth/identity.ts';
import { todayInChina } from '../../lib/clock.ts';
import { routeOf } from '../../lib/contract/endpoint.ts';
import { publicSecurityContract } from '../../schema/public-security/contract.ts';
import { createSeededDepartmentSystem, type SeededDepartmentSystemOptions } from '../kit/department.ts';
import { serveBatchGet, serveIdempotentWrite } from '../kit/endpoints.ts';
import { ApiError } from '../kit/errors.ts';
import { type EventPublishingOptions, startEventPublishing } from '../kit/events/publisher.ts';
import type { EventRelay } from '../kit/events/relay.ts';
import type { DepartmentSystem } from '../kit/server.ts';
import { AddressChanges, requesterOf } from './addressChanges.ts';
import { RecordShares } from './recordShares.ts';
import { publicSecuritySeed } from './records.ts';
import { loadPublicSecuritySeed, PUBLIC_SECURITY_SCHEMA, PublicSecurityStore } from './store.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = publicSecurityContract.department;

/** Options of {@link buildDepartmentSystem}. */
export interface PublicSecuritySystemOptions extends SeededDepartmentSystemOptions, EventPublishingOptions {}

/** The built public-security API, with its event relay. */
export interface PublicSecurityDepartmentSystem extends DepartmentSystem {
  /** Delivers address changes to the subscribing departments; stopped when the app closes. */
  relay: EventRelay;
  addressChanges: AddressChanges;
}

/** The citizen a write of their own records comes from; the contract's writers let no one else in. */
function citizenOf(caller: Identity): string {
  if (caller.kind !== 'citizen')
    throw new ApiError(403, 'FORBIDDEN', 'only a citizen shares their own records');
  return caller.citizenId;
}

/** Builds the public-security department system over its store and starts its event relay. */
export function buildDepartmentSystem(options: PublicSecuritySystemOptions): PublicSecurityDepartmentSystem {
  const system = createSeededDepartmentSystem(publicSecurityContract, options, {
    schemaSql: PUBLIC_SECURITY_SCHEMA,
    seed: publicSecuritySeed,
    loadSeed: loadPublicSecuritySeed,
  });
  const { db } = system;
  const today = options.today ?? todayInChina;
  const store = new PublicSecurityStore(db, today);
  const { events, relay } = startEventPublishing(system, { ...options, signer: options.trust?.signer });
  const addressChanges = new AddressChanges(db, store, events);
  const recordShares = new RecordShares(db);
  const { endpoints } = publicSecurityContract;
  serveBatchGet(system, endpoints.peopleBatchGet, (ids) => store.personsByIds(ids));
  serveBatchGet(system, endpoints.householdsBatchGet, (ids) => store.householdsByIds(ids));
  serveIdempotentWrite(system, endpoints.registerBirth, (input) => store.registerBirth(input, today()));
  // The writers are citizens only: the caller is the owner of the records shared.
  serveIdempotentWrite(system, endpoints.shareRecords, (input, _params, caller) =>
    recordShares.share(citizenOf(caller), input, today()),
  );
  serveIdempotentWrite(system, endpoints.stopSharingRecords, (input, _params, caller) =>
    recordShares.stop(citizenOf(caller), input, today()),
  );

  serveBatchGet(system, endpoints.addressChangesBatchGet, (ids) => addressChanges.byIds(ids));
  serveBatchGet(system, endpoints.addressChangesByHousehold, (ids) => addressChanges.byHouseholds(ids));
  // A move concerns every member of the household: each is a subject of its audit entry, so each sees
  // it among their data uses (the answer names only the requester).
  const moveRoute = routeOf(endpoints.changeHouseholdAddress);
  system.app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url !== moveRoute) return;
    const { householdId } = request.params as { householdId?: string };
    const [household] = householdId ? store.householdsByIds([householdId]) : [];
    if (household) request.auditSubjects = household.memberCitizenIds;
  });
  serveIdempotentWrite(
    system,
    endpoints.changeHouseholdAddress,
    (input, { householdId }, caller) =>
      addressChanges.change(householdId, input, requesterOf(caller), new Date()),
    {
      afterWrite: () => relay.wake(),
      // A repeat answers the change as it stands now, not as it stood when first made.
      replay: (first) => addressChanges.byIds([first.id])[0] ?? first,
      // The requester is part of the request, as when the body named it: keys stored then still replay.
      keyedRequest: (input, { householdId }, caller) => ({
        householdId,
        ...input,
        requestedBy: requesterOf(caller),
      }),
    },
  );

  return { ...system, relay, addressChanges };
}
