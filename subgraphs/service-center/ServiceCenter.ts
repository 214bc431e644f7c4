/**
 * The service-center (政务服务中心): its store, its consent register, its errand engine with every
 * errand registered, the departments it works with, and the audit log of its own processing. One
 * instance per process; on PostgreSQL (`DATABASE_URL`) any number of replicas share the store, each
 * running the applications it holds the lease of and taking over those of a replica that died. It
 * carries on what was left unfinished when it starts, and wakes an application waiting for a consent
 * when the consent is given.
 */

import { GraphQLError } from 'graphql';
import type { ServiceSigner } from '../../lib/auth/delegation.ts';
import { todayInChina } from '../../lib/clock.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import {
  type ConsentPurpose,
  ConsentRegister,
  type ConsentRow,
  consentTtlDaysFrom,
} from './consents/ConsentRegister.ts';
import { requireConsentObject } from './consents/consentObject.ts';
import { Departments, type SubgraphUrlLookup } from './departments.ts';
import { serviceCenterErrands } from './errandCatalogue.ts';
import type { ConsentRequest } from './errands/definition.ts';
import { ErrandEngine, type RetryPolicy, type SettledRun } from './errands/ErrandEngine.ts';
import { DeliveryDesk } from './newborn/DeliveryDesk.ts';
import { ProcessingLog } from './ProcessingLog.ts';
import { ApplicationChanges } from './progress/ApplicationChanges.ts';
import type { ChangeNoticeListener } from './storage/changeNotices.ts';
import {
  type DatabaseLocation,
  openServiceCenterDatabase,
  type ServiceCenterDatabase,
} from './storage/database.ts';
import { type ApplicationRow, ServiceCenterStore } from './store.ts';
import { TicketDesk } from './tickets/TicketDesk.ts';

/** Options of {@link ServiceCenter}. */
export interface ServiceCenterOptions {
  /** Finds a department's subgraph URL by name. */
  subgraphUrl: SubgraphUrlLookup;
  /** Signs the service-center's delegations for its calls to departments, with its own key. */
  signer?: ServiceSigner;
  /** The embedded store and the processing log in memory (tests). */
  inMemory?: boolean;
  /**
   * The folder of the embedded store (`service-center.sqlite`), the processing log's witness and its
   * development key; default `.data`.
   */
  dataDir?: string;
  /** PostgreSQL for the applications, items, tickets, consents and deliveries (`DATABASE_URL`). */
  databaseUrl?: string;
  /** The PostgreSQL schema of the tables; default `public`. */
  databaseSchema?: string;
  /** This replica's name in its errand leases; default unique to the process. */
  replica?: string;
  /** How long an errand lease holds unless renewed (`ERRAND_LEASE_SECONDS`); default 5 000 ms. */
  leaseMs?: number;
  /** How often the store is swept for errands whose replica died; default 2 000 ms. */
  sweepMs?: number;
  /** Today's date in China Standard Time; tests move it. */
  today?: () => string;
  /**
   * The key the service-center's audit log is chained with (`AUDIT_KEY_FILE`, required in production);
   * default a development key beside the store.
   */
  auditKey?: Uint8Array;
  /**
   * The service-center's time: consents are given, used and expire by it, errands and their tickets
   * are stamped and fall due by it; tests move it.
   */
  clock?: () => Date;
  /** How many days a consent lasts unused; default `CONSENT_TTL_DAYS` from the environment, else 30. */
  consentTtlDays?: number;
  retry?: Partial<RetryPolicy>;
  /** How long a department subgraph may take per call; default 10 000 ms. */
  departmentTimeoutMs?: number;
  /**
   * How long a mutation waits for its errand to settle before answering it as it stands (IN_PROGRESS);
   * default 30 000 ms. The errand carries on either way.
   */
  settleTimeoutMs?: number;
  /** Told about each errand run that settled its application (`metrics.ts`); default no one. */
  onErrandSettled?: (run: SettledRun) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The store did not answer while an application ran (PostgreSQL restarting, failing over): the
 * application is as it was stored, and a replica's sweep carries it on once the store is back.
 */
export function storeUnavailable(applicationId: string, cause: unknown): GraphQLError {
  return localizedError(
    'serviceCenter.storeUnavailable',
    { id: applicationId },
    {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: {
        code: 'DOWNSTREAM_SERVICE_ERROR',
        department: 'service-center',
        reason: 'STORE_UNAVAILABLE',
      },
    },
  );
}

/** The service-center of one process. */
export class ServiceCenter {
  readonly store: ServiceCenterStore;
  readonly database: ServiceCenterDatabase;
  readonly consents: ConsentRegister;
  /** The 办不成事 window's queue and the clerks' acts on tickets. */
  readonly tickets: TicketDesk;
  readonly engine: ErrandEngine;
  readonly departments: Departments;
  /** The audit log of the service-center's own processing of personal data. */
  readonly processing: ProcessingLog;
  readonly clock: () => Date;
  /** Today's date in China Standard Time, `YYYY-MM-DD`: the day rules are judged on. */
  readonly today: () => string;
  /**
   * The changes of applications this replica hears of — every replica's on PostgreSQL — for the
   * progress subscriptions (`progress/`).
   */
  readonly changes = new ApplicationChanges();
  readonly #settleTimeoutMs: number;
  #changeNotices: ChangeNoticeListener | undefined;

  /**
   * Opens the service-center's store (migrated to this code's version) and builds the service-center.
   *
   * @throws Error naming the host when `databaseUrl` does not answer or refuses the credentials
   */
  static async open(options: ServiceCenterOptions): Promise<ServiceCenter> {
    const location: DatabaseLocation = {
      databaseUrl: options.databaseUrl,
      schema: options.databaseSchema,
      inMemory: options.inMemory,
      dataDir: options.dataDir,
    };
    const center = new ServiceCenter(await openServiceCenterDatabase(location), options);
    try {
      center.#changeNotices = await center.database.listen?.({
        changed: (applicationId) => center.changes.publish(applicationId),
        resumed: () => center.changes.publishAll(),
      });
    } catch (error) {
      await center.database.close();
      throw error;
    }
    return center;
  }

  private constructor(database: ServiceCenterDatabase, options: ServiceCenterOptions) {
    this.database = database;
    this.store = new ServiceCenterStore(database.db, database.engine, (applicationId) =>
      this.changes.publish(applicationId),
    );
    this.tickets = new TicketDesk(database.db, (applicationId) => {
      if (database.engine === 'sqlite') this.changes.publish(applicationId);
    });
    this.clock = options.clock ?? (() => new Date());
    this.processing = new ProcessingLog({
      database,
      key: options.auditKey,
      dataDir: options.inMemory ? undefined : (options.dataDir ?? '.data'),
      signer: options.signer,
      witness: options.inMemory ? 'memory' : { dataDir: options.dataDir ?? '.data' },
      clock: this.clock,
    });
    this.consents = new ConsentRegister(
      database.db,
      this.clock,
      options.consentTtlDays ?? consentTtlDaysFrom(),
    );
    this.departments = new Departments(options.subgraphUrl, {
      timeoutMs: options.departmentTimeoutMs,
      signer: options.signer,
    });
    this.engine = new ErrandEngine({
      store: this.store,
      // One time for the whole service-center: tickets open and fall due by the same clock they are listed by.
      clock: this.clock,
      retry: options.retry,
      consents: this.consents,
      replica: options.replica,
      leaseMs: options.leaseMs,
      sweepMs: options.sweepMs,
      onSettled: options.onErrandSettled,
    });
    this.today = options.today ?? todayInChina;
    const errands = serviceCenterErrands({
      departments: this.departments,
      today: this.today,
      deliveries: new DeliveryDesk(database.db),
      consents: { use: (request, applicationId) => this.#useConsent(request, applicationId) },
    });
    for (const errand of errands) this.engine.register(errand);
    this.#settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
  }

  /**
   * Starts the errand engine in the background: it carries on every application left unfinished that
   * no live replica holds, and from then on takes over those of replicas that die. The embedded store
   * is this process's alone, so the leases a previous process left in it are let go first.
   */
  async start(): Promise<void> {
    if (this.database.engine === 'sqlite') await this.store.releaseAll();
    void this.engine.start().catch(() => {});
  }

  /**
   * Records a consent (or answers the same one already given) once its object is shown to concern
   * both people (`consentObject.ts`), and sets off, in the background, every application of the
   * grantee waiting for a consent: the engine carries on with those this consent unblocks, and the
   * others go on waiting.
   *
   * @throws GraphQLError `BAD_USER_INPUT` naming why the object cannot be consented for
   */
  async giveConsent(
    grantorCitizenId: string,
    granteeCitizenId: string,
    purpose: ConsentPurpose,
    objectId: string,
  ): Promise<ConsentRow> {
    await requireConsentObject(this.departments, { grantorCitizenId, granteeCitizenId, purpose, objectId });
    const consent = await this.consents.give(grantorCitizenId, granteeCitizenId, purpose, objectId);
    // Woken in the store first: should this replica die now, another finds them runnable.
    for (const applicationId of await this.store.wakeAwaitingConsent(granteeCitizenId)) {
      void this.engine.run(applicationId).catch(() => {});
    }
    return consent;
  }

  /**
   * Uses a consent for an application's step, recording it in the audit log: the grantor's records
   * read for the grantee's application — or the attempt refused (403) when no consent lets it.
   */
  async #useConsent(request: ConsentRequest, applicationId: string): Promise<ConsentRow | undefined> {
    const take = await this.consents.take(request, applicationId);
    const used = take?.consent;
    // Recorded when taken, or refused: another step of the application reading under the consent it
    // already took is the same use.
    if (take && !take.taken) return used;
    await this.processing.record({
      by: null,
      actingFor: request.granteeCitizenId,
      purpose: `application ${applicationId}`,
      action: used ? `use consent ${used.id}` : 'use consent',
      subjects: [request.grantorCitizenId, request.granteeCitizenId],
      outcome: used ? 200 : 403,
    });
    return used;
  }

  /**
   * Runs an application and answers it once settled, or as it stands when that takes too long. When
   * another replica holds it, waits for that one to settle it — or takes it over, should it die.
   */
  async settle(applicationId: string): Promise<ApplicationRow> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve(undefined);
      }, this.#settleTimeoutMs);
    });
    try {
      for (;;) {
        const row = await Promise.race([
          this.engine.run(applicationId).catch((error: unknown) => {
            throw error instanceof GraphQLError ? error : storeUnavailable(applicationId, error);
          }),
          timeout,
        ]);
        if (!row) break;
        // Settled, or waiting for a consent; else still under way on another replica.
        if (row.status !== 'SUBMITTED' && row.status !== 'IN_PROGRESS') return row;
        await sleep(100);
        if (timedOut) break;
      }
    } finally {
      clearTimeout(timer);
    }
    return (await this.store.application(applicationId)) as ApplicationRow;
  }

  /** Retries what failed in an application and answers it once settled. */
  async resume(applicationId: string): Promise<ApplicationRow> {
    await this.engine.resume(applicationId);
    return this.settle(applicationId);
  }

  /** Waits for running errands to settle, signs the audit log's final head, then closes the store. */
  async close(): Promise<void> {
    await this.engine.drain();
    this.changes.closeAll();
    await this.#changeNotices?.close();
    try {
      // A store that is away leaves the final head unsigned; the last signed one still stands.
      await this.processing.close().catch(() => {});
    } finally {
      await this.database.close();
    }
  }
}
