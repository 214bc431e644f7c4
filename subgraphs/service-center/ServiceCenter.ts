/**
 * The service-center (政务服务中心): its store, its consent register, its errand engine with every
 * errand registered, the departments it works with, and the audit log of its own processing. One
 * instance per process; it resumes what a previous process left unfinished when it starts, and wakes
 * an application waiting for a consent when the consent is given.
 */
import type { ServiceSigner } from '../../lib/auth/delegation.ts';
import { todayInChina } from '../../lib/clock.ts';
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
import { ErrandEngine, type RetryPolicy } from './errands/ErrandEngine.ts';
import { DeliveryDesk } from './newborn/DeliveryDesk.ts';
import { ProcessingLog } from './ProcessingLog.ts';
import { type ApplicationRow, ServiceCenterStore } from './store.ts';

/** Options of {@link ServiceCenter}. */
export interface ServiceCenterOptions {
  /** Finds a department's subgraph URL by name. */
  subgraphUrl: SubgraphUrlLookup;
  /** Signs the service-center's delegations for its calls to departments, with its own key. */
  signer?: ServiceSigner;
  inMemory?: boolean;
  dataDir?: string;
  /** Today's date in China Standard Time; tests move it. */
  today?: () => string;
  /**
   * The key the service-center's audit log is chained with (`AUDIT_KEY_FILE`, required in production);
   * default a development key beside the store.
   */
  auditKey?: Uint8Array;
  /** The time consents are given, used and expire by; tests move it. */
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
}

/** The service-center of one process. */
export class ServiceCenter {
  readonly store: ServiceCenterStore;
  readonly consents: ConsentRegister;
  readonly engine: ErrandEngine;
  readonly departments: Departments;
  /** The audit log of the service-center's own processing of personal data. */
  readonly processing: ProcessingLog;
  readonly clock: () => Date;
  /** Today's date in China Standard Time, `YYYY-MM-DD`: the day rules are judged on. */
  readonly today: () => string;
  readonly #settleTimeoutMs: number;

  constructor(options: ServiceCenterOptions) {
    this.store = new ServiceCenterStore(options);
    this.clock = options.clock ?? (() => new Date());
    this.processing = new ProcessingLog({
      db: this.store.db,
      key: options.auditKey,
      signer: options.signer,
      witness: options.inMemory ? 'memory' : { dataDir: options.dataDir ?? '.data' },
      clock: this.clock,
    });
    this.consents = new ConsentRegister(
      this.store.db,
      this.clock,
      options.consentTtlDays ?? consentTtlDaysFrom(),
    );
    this.departments = new Departments(options.subgraphUrl, {
      timeoutMs: options.departmentTimeoutMs,
      signer: options.signer,
    });
    this.engine = new ErrandEngine({ store: this.store, retry: options.retry, consents: this.consents });
    this.today = options.today ?? todayInChina;
    const errands = serviceCenterErrands({
      departments: this.departments,
      today: this.today,
      deliveries: new DeliveryDesk(this.store.db),
      consents: { use: (request, applicationId) => this.#useConsent(request, applicationId) },
    });
    for (const errand of errands) this.engine.register(errand);
    this.#settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
  }

  /** Carries on with every application a previous process left unfinished (in the background). */
  resumeUnfinished(): void {
    void this.engine.resumeUnfinished();
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
    const consent = this.consents.give(grantorCitizenId, granteeCitizenId, purpose, objectId);
    for (const application of this.store.applicationsAwaitingConsent(granteeCitizenId)) {
      void this.engine.run(application.id);
    }
    return consent;
  }

  /**
   * Uses a consent for an application's step, recording it in the audit log: the grantor's records
   * read for the grantee's application — or the attempt refused (403) when no consent lets it.
   */
  #useConsent(request: ConsentRequest, applicationId: string): ConsentRow | undefined {
    const used = this.consents.use(request, applicationId);
    this.processing.record({
      by: null,
      actingFor: request.granteeCitizenId,
      purpose: `application ${applicationId}`,
      action: used ? `use consent ${used.id}` : 'use consent',
      subjects: [request.grantorCitizenId, request.granteeCitizenId],
      outcome: used ? 200 : 403,
    });
    return used;
  }

  /** Runs an application and answers it once settled, or as it stands when that takes too long. */
  async settle(applicationId: string): Promise<ApplicationRow> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.#settleTimeoutMs);
    });
    const settled = await Promise.race([this.engine.run(applicationId), timeout]);
    clearTimeout(timer);
    return settled ?? (this.store.application(applicationId) as ApplicationRow);
  }

  /** Retries what failed in an application and answers it once settled. */
  async resume(applicationId: string): Promise<ApplicationRow> {
    await this.engine.resume(applicationId);
    return this.settle(applicationId);
  }

  /** Waits for running errands to settle, signs the audit log's final head, then closes the store. */
  async close(): Promise<void> {
    await this.engine.drain();
    await this.processing.close();
    this.store.close();
  }
}
