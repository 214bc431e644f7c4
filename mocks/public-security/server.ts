/**
 * The public-security department API (公安人口信息系统, mocked): households and the people registered
 * in them, birth registration that issues citizen IDs, and household address changes, which the
 * built-in event relay announces to every subscribing department. Built, not started:
 * `system/startSystem.ts` listens; the relay starts with the build and stops when the app closes.
 */
import { todayInChina } from '../../lib/clock.ts';
import { serveMetrics } from '../../lib/metrics.ts';
import { createSeededDepartmentApi, type SeededDepartmentApiOptions } from '../kit/department.ts';
import { ApiError, parseRequest } from '../kit/errors.ts';
import { performIdempotentWrite } from '../kit/idempotency.ts';
import { type DepartmentApi, registerBatchGet, registerIdempotentWrite } from '../kit/server.ts';
import { AddressChanges } from './addressChanges.ts';
import {
  type AddressChangeView,
  addressChangeRequest,
  birthRegistrationRequest,
  HOUSEHOLD_ID,
} from './api.ts';
import { Outbox } from './outbox.ts';
import { ReceiverUrls } from './receiverUrls.ts';
import { publicSecuritySeed } from './records.ts';
import { EventRelay, type RelayOptions, readRelayOptions } from './relay.ts';
import { loadPublicSecuritySeed, PUBLIC_SECURITY_SCHEMA, PublicSecurityStore } from './store.ts';
import { readSubscriptions, type Subscriptions } from './subscriptions.ts';

/** The department's folder and subgraph name. */
export const DEPARTMENT = 'public-security';

/** The route of the address-change write; also the operation its idempotency keys belong to. */
const ADDRESS_CHANGES_ROUTE = '/v1/households/:householdId/address-changes';

/** Options of {@link buildDepartmentApi}. */
export interface PublicSecurityApiOptions extends SeededDepartmentApiOptions {
  /**
   * Every department API's base URL by name, filled in as they start; the relay reads it when it
   * delivers. Departments missing here are found as `receiverUrls.ts` says.
   */
  departmentApiUrls?: Record<string, string>;
  /** The relay's pace; what is not given comes from `EVENT_RELAY_*` variables, then the defaults. */
  relay?: Partial<RelayOptions>;
  /** Who takes which events; default `subscriptions.json`. */
  subscriptions?: Subscriptions;
}

/** The built public-security API, with its event relay. */
export interface PublicSecurityDepartmentApi extends DepartmentApi {
  /** Delivers address changes to the subscribing departments; stopped when the app closes. */
  relay: EventRelay;
  addressChanges: AddressChanges;
}

/** Builds the public-security department API over its store and starts its event relay. */
export function buildDepartmentApi(options: PublicSecurityApiOptions): PublicSecurityDepartmentApi {
  const subscriptions = options.subscriptions ?? readSubscriptions();
  const relayOptions = { ...readRelayOptions(), ...options.relay };
  const api = createSeededDepartmentApi(DEPARTMENT, options, {
    schemaSql: PUBLIC_SECURITY_SCHEMA,
    seed: publicSecuritySeed,
    loadSeed: loadPublicSecuritySeed,
  });
  const { db } = api;
  const store = new PublicSecurityStore(db);
  const outbox = new Outbox(db);
  const addressChanges = new AddressChanges(db, store, outbox, subscriptions);
  const today = options.today ?? todayInChina;
  registerBatchGet(api.app, '/v1/persons/batch-get', (ids) => store.personsByIds(ids));
  registerBatchGet(api.app, '/v1/households/batch-get', (ids) => store.householdsByIds(ids));
  registerIdempotentWrite(api, '/v1/birth-registrations', birthRegistrationRequest, (input) =>
    store.registerBirth(input, today()),
  );

  const relay = new EventRelay(
    { outbox, receivers: new ReceiverUrls(options.departmentApiUrls), log: api.app.log },
    relayOptions,
  );
  serveMetrics(api.app, `${DEPARTMENT}-api`, [
    {
      name: 'onething_outbox_backlog',
      help: 'Event deliveries not yet delivered, by subscribing department.',
      labelNames: ['subscriber'],
      read: () =>
        (
          db
            .prepare(
              "SELECT subscriber, COUNT(*) AS n FROM event_deliveries WHERE status = 'PENDING' GROUP BY subscriber",
            )
            .all() as Array<{ subscriber: string; n: number }>
        ).map((row) => ({ labels: { subscriber: row.subscriber }, value: row.n })),
    },
  ]);
  registerBatchGet(api.app, '/v1/address-changes/batch-get', (ids) => addressChanges.byIds(ids));
  registerBatchGet(api.app, '/v1/address-changes/by-household', (ids) => addressChanges.byHouseholds(ids));
  // registerIdempotentWrite takes a fixed path; this write has the household in its path, which is
  // therefore part of the request its idempotency key is checked against.
  api.app.post<{ Params: { householdId: string } }>(ADDRESS_CHANGES_ROUTE, async (request, reply) => {
    const { householdId } = request.params;
    if (!HOUSEHOLD_ID.test(householdId)) {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        `householdId must be a household number such as 500103-000123, got ${JSON.stringify(householdId)}`,
        [{ path: 'householdId', message: 'a household number such as 500103-000123' }],
      );
    }
    const input = parseRequest(addressChangeRequest, request.body);
    const key = request.headers['idempotency-key'];
    const outcome = performIdempotentWrite<AddressChangeView>(
      db,
      ADDRESS_CHANGES_ROUTE,
      typeof key === 'string' ? key : undefined,
      { householdId, ...input },
      () => addressChanges.change(householdId, input, new Date()),
    );
    if (!outcome.replayed) {
      relay.wake();
      return reply.status(outcome.statusCode).send(outcome.body);
    }
    // A repeat answers the change as it stands now, not as it stood when first made.
    reply.header('idempotent-replayed', 'true');
    const [current] = addressChanges.byIds([outcome.body.id]);
    return reply.status(outcome.statusCode).send(current ?? outcome.body);
  });

  // Registered after the kit's hook that closes the store, so it runs first (onClose runs last-in,
  // first-out): the relay must stop before the store it records into is closed.
  api.app.addHook('onClose', async () => {
    await relay.stop();
  });
  relay.start();
  return { ...api, relay, addressChanges };
}
