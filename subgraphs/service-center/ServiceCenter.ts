/**
 * The service-center (政务服务中心): its store, its consent register, its errand engine with every
 * errand registered, and the departments it works with. One instance per process; it resumes what a
 * previous process left unfinished when it starts, and wakes an application waiting for a consent
 * when the consent is given.
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
import { ErrandEngine, type RetryPolicy } from './errands/ErrandEngine.ts';
import { DeliveryDesk } from './newborn/DeliveryDesk.ts';
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
  readonly clock: () => Date;
  /** Today's date in China Standard Time, `YYYY-MM-DD`: the day rules are judged on. */
  readonly today: () => string;
  readonly #settleTimeoutMs: number;

  constructor(options: ServiceCenterOptions) {
    this.store = new ServiceCenterStore(options);
    this.clock = options.clock ?? (() => new Date());
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
      consents: this.consents,
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

  /** Waits for running errands to settle, then closes the store. */
  async close(): Promise<void> {
    await this.engine.drain();
    this.store.close();
  }
}
