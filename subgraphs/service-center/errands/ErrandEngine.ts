/**
 * Runs errands: the steps of each application as a dependency graph, durably. Every step starts as
 * soon as the steps it depends on are done, so independent steps run concurrently and an errand takes
 * about as long as its longest chain. Each state change is stored before the engine moves on; a
 * restarted engine carries on from the store, re-running only steps that had not finished — safe,
 * because every department act is idempotent under the step's key. An application whose errand needs
 * someone's consent waits for it (`AWAITING_CONSENT`) before any step runs, and carries on when it
 * is run again once the consent is there.
 *
 * Several replicas may share one store. An application runs on the replica holding its lease
 * (`ServiceCenterStore.claim`), which renews it every third of its length while the steps run; a replica
 * that cannot renew one (it lapsed and another took it) starts no further step of it. Every replica
 * sweeps the store for runnable applications whose lease lapsed — their replica died — and carries
 * them on: a step that was RUNNING runs again under the same idempotency key, so the department does
 * its act once in effect.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { context, type Span, trace } from '@opentelemetry/api';
import { SERVICE_CENTER } from '../../../lib/auth/services.ts';
import { render, type Text, text } from '../../../lib/i18n/messages.ts';
import {
  contextOfHeaders,
  endSpan,
  startInternalSpan,
  traceHeadersForWork,
  withSpan,
} from '../../../lib/tracing.ts';
import type { ApplicationRow, ApplicationStatus, ItemRow, Lease, ServiceCenterStore } from '../store.ts';
import { workingDaysDue } from '../workingDays.ts';
import {
  type ConsentCheck,
  ConsentMissing,
  type ConsentRequest,
  type ErrandDefinition,
  factsOf,
  neededNames,
  type ReviewRequest,
  type RuleViolation,
  type StepContext,
  type StepDefinition,
  stepSender,
  validateErrand,
} from './definition.ts';
import { StepError } from './StepError.ts';

/** How transient department failures are retried. Only idempotent work is retried. */
export interface RetryPolicy {
  /** Attempts per step per run, the first included; default 3. */
  attempts: number;
  /** Delay before the second attempt; each further one doubles it, plus up to 50 % jitter. Default 200 ms. */
  baseDelayMs: number;
}

/** Options of {@link ErrandEngine}. */
export interface ErrandEngineOptions {
  store: ServiceCenterStore;
  /** The current time; tests move it. */
  clock?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** Working days a 办不成事 ticket may stay open; default 2. */
  ticketDueWorkingDays?: number;
  /** Told about each step that fails for good. */
  onStepFailed?: (application: ApplicationRow, step: string, error: unknown) => void;
  /** Told about each run that settled its application (the errand latency `/metrics` reports). */
  onSettled?: (run: SettledRun) => void;
  /**
   * Where consents are looked up, for errands that need one (`consentNeeded`). Without it such an
   * application waits for ever.
   */
  consents?: ConsentCheck;
  /** This replica's name in the leases it holds; default host, process id and a random part. */
  replica?: string;
  /**
   * How long a lease holds unless renewed; default 5 000 ms. A dead replica's applications are taken
   * over within about this plus {@link ErrandEngineOptions.sweepMs}.
   */
  leaseMs?: number;
  /** How often the store is swept for applications whose lease lapsed; default 2 000 ms. */
  sweepMs?: number;
}

/**
 * A run of an errand that settled its application: COMPLETED, REJECTED or NEEDS_ATTENTION (a run that
 * stops to wait for a consent, or loses its lease to another replica, settles nothing).
 */
export interface SettledRun {
  /** The errand's kind, e.g. `NEWBORN`. */
  kind: string;
  /** How the run left the application. */
  status: ApplicationStatus;
  /** From taking the application's lease to storing its settled status, in seconds. */
  seconds: number;
}

/** A replica name unique to this process: its host, its process id and a random part. */
export function replicaName(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** What a check stores as its item's result. */
interface StoredOutcome {
  result: object;
  reference?: string;
  violations?: RuleViolation[];
  reviews?: ReviewRequest[];
}

const FINISHED = new Set(['DONE', 'SKIPPED']);
/** Application states a run carries on from. */
const RUNNABLE = new Set(['SUBMITTED', 'IN_PROGRESS', 'AWAITING_CONSENT']);
/** What a step's run tells the engine: done with (whatever the outcome), or waiting for a consent. */
type StepRun = 'SETTLED' | 'AWAITING_CONSENT';
/** Item states `resume` retries: failed for good, waiting on a failure, or waiting on a person. */
const RETRIABLE = new Set(['FAILED', 'BLOCKED', 'NEEDS_REVIEW']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A step that failed for good, as its span records it. */
class StepFailed extends Error {
  constructor(reason: string | null) {
    super(reason ?? 'the step failed');
    this.name = 'STEP_FAILED';
  }
}

/**
 * The span of one run of an application: a child of the active span when a request runs it (the
 * `registerNewborn` that submitted it, a consent that woke it), so the errand is part of that
 * request's trace; else — carried on after a restart, or by another replica — in the trace derived
 * from the application's id, the same in every process and every run.
 */
function startErrandSpan(application: ApplicationRow): Span {
  const active = context.active();
  const running = trace.getSpanContext(active);
  const parent =
    running && trace.isSpanContextValid(running)
      ? active
      : contextOfHeaders(traceHeadersForWork(`application ${application.id}`));
  return startInternalSpan(SERVICE_CENTER, `errand ${application.kind.toLowerCase()}`, parent, {
    'onething.errand.kind': application.kind,
    'onething.application.id': application.id,
  });
}

/** The errand engine of the service-center. */
/** A finding as a message: its text, or its English words for a finding stored before texts. */
function findingText(finding: { message: string; text?: Text }): Text {
  return finding.text ?? text('reason.said', { words: finding.message });
}

/** Several messages as one reason, in their order. */
function joined(texts: Text[]): Text {
  return texts.reduce((first, rest) => text('reason.and', { first, rest }));
}

export class ErrandEngine {
  readonly #store: ServiceCenterStore;
  readonly #clock: () => Date;
  readonly #retry: RetryPolicy;
  readonly #ticketDueWorkingDays: number;
  readonly #onStepFailed: ErrandEngineOptions['onStepFailed'];
  readonly #onSettled: ErrandEngineOptions['onSettled'];
  /** When each run here took its application's lease (`performance.now()`), by application. */
  readonly #runStarts = new Map<string, number>();
  readonly #consents: ConsentCheck | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: definitions of every input type share the registry.
  readonly #errands = new Map<string, ErrandDefinition<any>>();
  readonly #inFlight = new Map<string, Promise<ApplicationRow>>();
  /** The applications whose lease this replica holds, and those whose lease it lost while running. */
  readonly #held = new Set<string>();
  readonly #lost = new Set<string>();
  /** Applications whose run let go of the lease with its last write. */
  readonly #released = new Set<string>();
  /**
   * Applications whose last run here failed (the store, or a defect): the sweep leaves each alone a
   * while, doubling the wait with each failure up to a minute, so they cannot crowd out the others.
   */
  readonly #backoff = new Map<string, { failures: number; until: number }>();
  readonly #replica: string;
  readonly #leaseMs: number;
  readonly #sweepMs: number;
  #timers: NodeJS.Timeout[] = [];

  constructor(options: ErrandEngineOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? (() => new Date());
    this.#retry = { attempts: 3, baseDelayMs: 200, ...options.retry };
    this.#ticketDueWorkingDays = options.ticketDueWorkingDays ?? 2;
    this.#onStepFailed = options.onStepFailed;
    this.#onSettled = options.onSettled;
    this.#consents = options.consents;
    this.#replica = options.replica ?? replicaName();
    this.#leaseMs = options.leaseMs ?? 5000;
    this.#sweepMs = options.sweepMs ?? 2000;
  }

  /** This replica's name in its leases. */
  get replica(): string {
    return this.#replica;
  }

  /** A lease for this replica from now. */
  lease(): Lease {
    return { owner: this.#replica, until: new Date(this.#clock().getTime() + this.#leaseMs).toISOString() };
  }

  /** Makes an errand kind runnable; its definition is checked for unknown dependencies and cycles. */
  register<TInput>(errand: ErrandDefinition<TInput>): void {
    validateErrand(errand);
    this.#errands.set(errand.kind, errand);
  }

  /** The steps of an errand kind, for creating an application's items. */
  stepsOf(kind: string): readonly StepDefinition<unknown>[] {
    const errand = this.#errands.get(kind);
    if (!errand) throw new Error(`no errand of kind ${kind} is registered`);
    return errand.steps;
  }

  /**
   * The consent an application waits for while it is `AWAITING_CONSENT`; undefined otherwise.
   */
  awaitedConsent(application: ApplicationRow): ConsentRequest | undefined {
    if (application.status !== 'AWAITING_CONSENT') return undefined;
    return this.#errands.get(application.kind)?.consentNeeded?.(application);
  }

  /**
   * Runs an application until no step can make progress, and answers its final row. A second call
   * while it runs here joins the first rather than starting the steps again. An application another
   * replica holds is answered as it stands (still under way). An application waiting for a consent
   * carries on when the consent is there, and goes on waiting otherwise.
   */
  run(applicationId: string): Promise<ApplicationRow> {
    return this.#once(applicationId, (claimed) => this.#execute(claimed));
  }

  /**
   * Retries what failed: FAILED, BLOCKED and NEEDS_REVIEW items go back to PENDING and the application
   * runs again (a check that needed a person is asked again, e.g. once the records are corrected).
   * An application that is not NEEDS_ATTENTION is answered as it is.
   */
  async resume(applicationId: string): Promise<ApplicationRow | undefined> {
    const running = this.#inFlight.get(applicationId);
    if (running) return running;
    const application = await this.#store.application(applicationId);
    if (application?.status !== 'NEEDS_ATTENTION') return application;
    return this.#once(applicationId, async (current) => {
      // As it stood when the lease was taken: another replica may have resumed it meanwhile.
      if (current.status !== 'NEEDS_ATTENTION') return current;
      for (const item of await this.#store.items(applicationId)) {
        if (RETRIABLE.has(item.status)) {
          await this.#finishItem(applicationId, item.step, { status: 'PENDING' }, null);
        }
      }
      await this.#setStatus(applicationId, 'IN_PROGRESS');
      return this.#execute({ ...current, status: 'IN_PROGRESS' });
    });
  }

  /**
   * Starts the replica's work: every unfinished application nobody holds is carried on, the leases
   * this replica holds are renewed, and the store is swept for applications whose replica died.
   * Answers when the applications found at start have settled.
   */
  async start(): Promise<ApplicationRow[]> {
    if (this.#timers.length === 0) {
      this.#timers = [
        setInterval(() => void this.#renewLeases(), Math.max(50, Math.floor(this.#leaseMs / 3))),
        setInterval(() => void this.sweep(), this.#sweepMs),
      ];
      for (const timer of this.#timers) timer.unref();
    }
    return this.resumeUnfinished();
  }

  /** Carries on every unfinished application nobody else holds; answers when they have settled. */
  async resumeUnfinished(): Promise<ApplicationRow[]> {
    const unfinished = await this.#store.unfinishedApplications();
    return Promise.all(unfinished.map((application) => this.run(application.id)));
  }

  /**
   * Takes over the runnable applications whose lease lapsed (their replica died, or a wake-up found
   * nobody); answers how many it started. Run every {@link ErrandEngineOptions.sweepMs} by `start`.
   */
  async sweep(): Promise<number> {
    let orphans: string[];
    try {
      const waiting = [...this.#backoff].filter(([, { until }]) => until > Date.now()).map(([id]) => id);
      orphans = await this.#store.orphanedApplications(this.#clock().toISOString(), 50, waiting);
    } catch {
      return 0; // The store is away (PostgreSQL restarting): the next sweep tries again.
    }
    const now = Date.now();
    const started = orphans.filter(
      (id) => !this.#inFlight.has(id) && (this.#backoff.get(id)?.until ?? 0) <= now,
    );
    for (const id of started) void this.run(id).catch(() => {});
    return started.length;
  }

  /** Stops sweeping and waits for every application running here to settle (graceful shutdown). */
  async drain(): Promise<void> {
    const [renewal, ...others] = this.#timers;
    for (const timer of others) clearInterval(timer);
    await Promise.allSettled([...this.#inFlight.values()]);
    clearInterval(renewal);
    this.#timers = [];
  }

  /** Runs `work` on an application once at a time here, holding its lease; another's is answered as is. */
  #once(
    applicationId: string,
    work: (claimed: ApplicationRow) => Promise<ApplicationRow>,
  ): Promise<ApplicationRow> {
    const running = this.#inFlight.get(applicationId);
    if (running) return running;
    const run = this.#leased(applicationId, work)
      .then(
        (row) => {
          this.#backoff.delete(applicationId);
          return row;
        },
        (error: unknown) => {
          const failures = (this.#backoff.get(applicationId)?.failures ?? 0) + 1;
          this.#backoff.set(applicationId, {
            failures,
            until: Date.now() + Math.min(60_000, 500 * 2 ** failures),
          });
          throw error;
        },
      )
      .finally(() => this.#inFlight.delete(applicationId));
    this.#inFlight.set(applicationId, run);
    return run;
  }

  async #leased(
    applicationId: string,
    work: (claimed: ApplicationRow) => Promise<ApplicationRow>,
  ): Promise<ApplicationRow> {
    const claimed = await this.#store.claim(applicationId, this.lease(), this.#clock().toISOString());
    if (!claimed) {
      const application = await this.#store.application(applicationId);
      if (!application) throw new Error(`application ${applicationId} does not exist`);
      return application;
    }
    this.#held.add(applicationId);
    const span = startErrandSpan(claimed);
    this.#runStarts.set(applicationId, performance.now());
    try {
      const settled = await withSpan(span, () => work(claimed));
      span.setAttribute('onething.application.status', settled.status);
      endSpan(span);
      return settled;
    } catch (error) {
      endSpan(span, error);
      throw error;
    } finally {
      this.#runStarts.delete(applicationId);
      this.#held.delete(applicationId);
      this.#lost.delete(applicationId);
      // A run that ended with its final write let go of the lease in it.
      if (!this.#released.delete(applicationId))
        await this.#store.release(applicationId, this.#replica).catch(() => {});
    }
  }

  /**
   * Writes an item's outcome only while this replica holds the application's lease; marks the lease
   * lost and answers false otherwise — another replica took the application over, and its record stands.
   */
  async #finishItem(
    applicationId: string,
    step: string,
    outcome: Parameters<ServiceCenterStore['finishItem']>[2],
    at: string | null,
    items?: Map<string, ItemRow>,
  ): Promise<boolean> {
    const written = await this.#store.finishItem(applicationId, step, outcome, at, this.#replica);
    if (!written) this.#lost.add(applicationId);
    const item = items?.get(step);
    if (written && item) {
      // The run's own copy, as the store now has it (the result as its JSON reads back).
      items?.set(step, {
        ...item,
        status: outcome.status,
        reason:
          typeof outcome.reason === 'object' && outcome.reason
            ? render('en', outcome.reason)
            : (outcome.reason ?? null),
        reasonText: typeof outcome.reason === 'object' ? outcome.reason : null,
        reasonFacts: outcome.reasonFacts ?? [],
        result: outcome.result === undefined ? null : JSON.parse(JSON.stringify(outcome.result)),
        finishedAt: at,
      });
    }
    return written;
  }

  /** Sets an application's status only while this replica holds its lease (see {@link #finishItem}). */
  async #setStatus(
    applicationId: string,
    status: ApplicationStatus,
    completedAt: string | null = null,
    /** The run ends with this write: the lease is let go in it. */
    release = false,
  ): Promise<ApplicationRow | undefined> {
    const written = await this.#store.setApplicationStatus(
      applicationId,
      status,
      completedAt,
      this.#replica,
      release,
    );
    if (!written) this.#lost.add(applicationId);
    else if (release) this.#released.add(applicationId);
    return written;
  }

  /** Renews every lease held here; one this replica no longer holds is marked lost. */
  async #renewLeases(): Promise<void> {
    const held = [...this.#held];
    if (held.length === 0) return;
    let kept: Set<string>;
    try {
      kept = new Set(await this.#store.renew(held, this.lease()));
    } catch {
      return; // The store is away: the steps running here go on, and renewal tries again.
    }
    for (const id of held) if (!kept.has(id) && this.#held.has(id)) this.#lost.add(id);
  }

  /** Runs an application whose lease this replica holds, as it stood when the lease was taken. */
  async #execute(application: ApplicationRow): Promise<ApplicationRow> {
    const applicationId = application.id;
    if (!RUNNABLE.has(application.status)) return application;
    const errand = this.#errands.get(application.kind);
    if (!errand) throw new Error(`no errand of kind ${application.kind} is registered`);
    // The consent and the items are read together: neither depends on the other.
    const [lacksConsent, stored] = await Promise.all([
      this.#lacksConsent(errand, application),
      this.#store.items(applicationId),
    ]);
    if (lacksConsent) return this.#awaitConsent(errand, application);
    // Taking the lease made a submitted one IN_PROGRESS; one woken from waiting is set so here.
    if (application.status !== 'IN_PROGRESS') await this.#setStatus(applicationId, 'IN_PROGRESS');

    const running = new Map<string, Promise<void>>();
    // Set when a step found the consent gone: nothing new starts, and the application waits again.
    let awaitingConsent = false;
    // Set when the store failed under a step (PostgreSQL away): nothing new starts, and once the steps
    // under way have ended the run gives up — the application stays as stored, for a sweep to carry on.
    let storeFailure: { error: unknown } | undefined;
    // The items as stored when the run began, kept up to date by this run's own writes: while this
    // replica holds the lease (its writes are fenced on it) no one else writes them.
    const items = new Map(stored.map((item) => [item.step, item]));
    try {
      for (;;) {
        if (storeFailure) throw storeFailure.error;
        // Another replica took the application over: it carries on from the store, this one stops here.
        if (this.#lost.has(applicationId)) {
          await Promise.allSettled(running.values());
          return (await this.#store.application(applicationId)) as ApplicationRow;
        }
        const violations = this.#violationsIfChecksSettled(errand, items);
        if (violations?.length && running.size === 0) return this.#reject(application, items);

        let blockedInPass = false;
        for (const step of errand.steps) {
          const item = items.get(step.name);
          if (awaitingConsent || storeFailure || !item || running.has(step.name)) continue;
          // RUNNING without a promise here means a previous process died during the act: run it again.
          if (item.status !== 'PENDING' && item.status !== 'RUNNING') continue;
          const waitingOn = this.#unmetDependency(errand, step, items, violations);
          if (waitingOn === 'blocked') continue;
          if (waitingOn) {
            await this.#finishItem(applicationId, step.name, { status: 'BLOCKED', reason: waitingOn }, null);
            // Steps further down the list that depend on this one see it blocked in this same pass.
            items.set(step.name, {
              ...item,
              status: 'BLOCKED',
              reason: render('en', waitingOn),
              reasonText: waitingOn,
            });
            blockedInPass = true;
            continue;
          }
          const run = this.#runStep(application, step, items).then(
            (outcome) => {
              if (outcome === 'AWAITING_CONSENT') awaitingConsent = true;
            },
            (error: unknown) => {
              storeFailure ??= { error };
            },
          );
          running.set(
            step.name,
            run.finally(() => running.delete(step.name)),
          );
        }
        if (running.size === 0) {
          // A step listed before one it depends on learns of the block in another pass.
          if (blockedInPass) continue;
          break;
        }
        await Promise.race(running.values());
      }
    } catch (error) {
      // Steps still under way end first: none of them is left running unobserved.
      await Promise.allSettled(running.values());
      throw error;
    }
    if (this.#lost.has(applicationId))
      return (await this.#store.application(applicationId)) as ApplicationRow;
    return awaitingConsent ? this.#awaitConsent(errand, application) : this.#settle(application, items);
  }

  /** True when the errand needs a consent for this application and it is not there. */
  async #lacksConsent<T>(errand: ErrandDefinition<T>, application: ApplicationRow): Promise<boolean> {
    const request = errand.consentNeeded?.(application);
    return request !== undefined && !(await this.#consents?.available(request, application.id));
  }

  /**
   * Sets the application to wait for its consent — and looks once more: a consent given while it was
   * being set to wait found nothing waiting to wake, so it is woken here (SUBMITTED, runnable by any
   * replica once this run ends).
   */
  async #awaitConsent<T>(errand: ErrandDefinition<T>, application: ApplicationRow): Promise<ApplicationRow> {
    if (await this.#setStatus(application.id, 'AWAITING_CONSENT', null, true)) {
      if (!(await this.#lacksConsent(errand, application))) await this.#store.wakeApplication(application.id);
    }
    return (await this.#store.application(application.id)) as ApplicationRow;
  }

  /**
   * Whether a step can start: `undefined` when it can, `'blocked'` when it must wait, or the reason
   * it never can in this run (a step it depends on failed).
   */
  #unmetDependency<T>(
    errand: ErrandDefinition<T>,
    step: StepDefinition<T>,
    items: Map<string, ItemRow>,
    violations: RuleViolation[] | undefined,
  ): Text | 'blocked' | undefined {
    const gates =
      step.kind === 'ACT' ? errand.steps.filter((s) => s.kind === 'CHECK').map((s) => s.name) : [];
    for (const name of new Set([...gates, ...neededNames(step)])) {
      const status = items.get(name)?.status;
      if (status === 'FAILED' || status === 'BLOCKED') return text('reason.waitsFor', { step: name });
      if (status === 'NEEDS_REVIEW') return text('reason.waitsForReview', { step: name });
      if (!status || !FINISHED.has(status)) return 'blocked';
    }
    // Acts wait for every check, and never run for an application that broke a rule.
    if (step.kind === 'ACT' && (violations === undefined || violations.length > 0)) return 'blocked';
    return undefined;
  }

  /** Every violation the checks found, once no check is pending or running; undefined before. */
  #violationsIfChecksSettled<T>(
    errand: ErrandDefinition<T>,
    items: Map<string, ItemRow>,
  ): RuleViolation[] | undefined {
    const checks = errand.steps.filter((step) => step.kind === 'CHECK').map((step) => items.get(step.name));
    if (checks.some((item) => !item || item.status === 'PENDING' || item.status === 'RUNNING'))
      return undefined;
    return checks.flatMap((item) => (item?.result as StoredOutcome | null)?.violations ?? []);
  }

  /** Runs a step in a span of its own, the parent of the department calls it makes. */
  async #runStep<T>(
    application: ApplicationRow,
    step: StepDefinition<T>,
    items: Map<string, ItemRow>,
  ): Promise<StepRun> {
    const span = startInternalSpan(SERVICE_CENTER, `step ${step.name}`, context.active(), {
      'onething.errand.kind': application.kind,
      'onething.errand.step': step.name,
      'onething.errand.step.kind': step.kind,
      'onething.department': step.department,
      'onething.application.id': application.id,
    });
    try {
      const run = await withSpan(span, () => this.#runStepOnce(application, step, items));
      const item = items.get(step.name);
      span.setAttributes({
        'onething.errand.step.status': item?.status ?? run,
        'onething.errand.step.attempts': item?.attempts ?? 0,
      });
      endSpan(span, item?.status === 'FAILED' ? new StepFailed(item.reason) : undefined);
      return run;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  async #runStepOnce<T>(
    application: ApplicationRow,
    step: StepDefinition<T>,
    items: Map<string, ItemRow>,
  ): Promise<StepRun> {
    const now = () => this.#clock().toISOString();
    // What each needed step handed on, under the name this step reads it by: nothing from a skipped one.
    const needs = Object.fromEntries(
      Object.entries(step.needs).map(([as, needed]) => {
        const item = items.get(needed.name);
        return [as, item?.status === 'DONE' ? (item.result as StoredOutcome | null)?.result : undefined];
      }),
    );
    const context: StepContext<T> = {
      application,
      input: application.input as T,
      needs: needs as StepContext<T>['needs'],
      idempotencyKey: `${application.id}/${step.name}`,
      sender: stepSender(application.kind, step),
    };
    let skipReason: Text | undefined;
    try {
      skipReason = step.skipReason?.(context);
    } catch (error) {
      // A defect in the step's own rule is the step failing, not the store: it gets a ticket.
      await this.#fail(application, step, error, items);
      return 'SETTLED';
    }
    if (skipReason) {
      // A skip reason states what the step's department holds, e.g. "receives no social assistance".
      await this.#finishItem(
        application.id,
        step.name,
        { status: 'SKIPPED', reason: skipReason, reasonFacts: [step.department] },
        now(),
        items,
      );
      return 'SETTLED';
    }
    for (let attempt = 1; ; attempt++) {
      const startedAt = now();
      if (!(await this.#store.markRunning(application.id, step.name, startedAt, this.#replica))) {
        // Fenced off: another replica holds the application now and runs this step itself.
        this.#lost.add(application.id);
        return 'SETTLED';
      }
      const running = items.get(step.name);
      if (running) {
        items.set(step.name, {
          ...running,
          status: 'RUNNING',
          attempts: running.attempts + 1,
          startedAt: running.startedAt ?? startedAt,
          reason: null,
        });
      }
      try {
        const outcome = await step.run(context);
        const stored: StoredOutcome = {
          result: outcome.result,
          reference: outcome.reference,
          violations: outcome.violations,
          reviews: outcome.reviews,
        };
        // A broken rule outweighs a question for a person: the application is rejected either way.
        const findings = outcome.violations?.length ? outcome.violations : (outcome.reviews ?? []);
        const status = outcome.violations?.length ? 'FAILED' : findings.length ? 'NEEDS_REVIEW' : 'DONE';
        const reason = findings.length ? joined(findings.map(findingText)) : null;
        const reasonFacts = [...new Set(findings.flatMap(factsOf))];
        // Whether a ticket may be open for it: only a step that ran in an earlier run can have one.
        const ranBefore = (running?.attempts ?? 0) > 0;
        const written = await this.#finishItem(
          application.id,
          step.name,
          { status, reason, reasonFacts, result: stored },
          now(),
          items,
        );
        // A question still open keeps its ticket; its answer arrives when the check passes.
        if (written && ranBefore && status !== 'NEEDS_REVIEW')
          await this.#store.resolveTickets(application.id, [step.name], now());
        return 'SETTLED';
      } catch (error) {
        if (error instanceof ConsentMissing) {
          // Not a failure: the step did nothing, and runs when the consent is given again.
          await this.#finishItem(application.id, step.name, { status: 'PENDING' }, null, items);
          return 'AWAITING_CONSENT';
        }
        const transient = !(error instanceof StepError) || error.transient;
        if (transient && attempt < this.#retry.attempts) {
          const delay = this.#retry.baseDelayMs * 2 ** (attempt - 1);
          await sleep(delay + Math.random() * delay * 0.5);
          continue;
        }
        await this.#fail(application, step, error, items);
        return 'SETTLED';
      }
    }
  }

  async #fail<T>(
    application: ApplicationRow,
    step: StepDefinition<T>,
    error: unknown,
    items?: Map<string, ItemRow>,
  ): Promise<void> {
    const department = error instanceof StepError ? error.department : step.department;
    const reason = text('reason.departmentSaid', {
      department,
      reason:
        error instanceof StepError
          ? error.reason
          : text('reason.said', { words: (error as Error).message ?? String(error) }),
    });
    // What a department answered states its records (e.g. "no record of …"); the service-center's
    // own failures (a timeout, an undeclared operation) state none of the family's.
    const reasonFacts = department === 'service-center' ? [] : [department];
    const written = await this.#finishItem(
      application.id,
      step.name,
      { status: 'FAILED', reason, reasonFacts },
      this.#clock().toISOString(),
      items,
    );
    // Fenced off: the replica that holds the application now decides what became of the step.
    if (!written) return;
    await this.#openTicket(application, step.name, department, reason, reasonFacts);
    try {
      this.#onStepFailed?.(application, step.name, error);
    } catch {
      // A listener's failure is not the errand's.
    }
  }

  /** Opens a 办不成事 ticket for an item, unless one is open already. */
  async #openTicket(
    application: ApplicationRow,
    step: string,
    department: string,
    reason: Text,
    reasonFacts: string[],
  ): Promise<void> {
    const at = this.#clock();
    const due = workingDaysDue(at, this.#ticketDueWorkingDays);
    await this.#store.openTicket({
      applicationId: application.id,
      step,
      department,
      reason,
      reasonFacts,
      openedAt: at.toISOString(),
      dueAt: due.dueAt.toISOString(),
      dueBasis: due.basis,
    });
  }

  async #reject(application: ApplicationRow, items: Map<string, ItemRow>): Promise<ApplicationRow> {
    const at = this.#clock().toISOString();
    for (const item of items.values()) {
      if (item.status === 'PENDING' || item.status === 'BLOCKED') {
        await this.#finishItem(
          application.id,
          item.step,
          { status: 'SKIPPED', reason: text('reason.rejected') },
          at,
        );
      }
    }
    const rejected = await this.#setStatus(application.id, 'REJECTED', at, true);
    if (rejected) this.#reportSettled(rejected);
    return rejected ?? ((await this.#store.application(application.id)) as ApplicationRow);
  }

  /** Ends a run: the application COMPLETED, or NEEDS_ATTENTION with a ticket for each question to a person. */
  async #settle(application: ApplicationRow, itemsOfRun: Map<string, ItemRow>): Promise<ApplicationRow> {
    const items = [...itemsOfRun.values()];
    const failed = items.some((item) => RETRIABLE.has(item.status));
    const settled = failed
      ? await this.#setStatus(application.id, 'NEEDS_ATTENTION', null, true)
      : await this.#setStatus(application.id, 'COMPLETED', this.#clock().toISOString(), true);
    if (!settled) return (await this.#store.application(application.id)) as ApplicationRow;
    this.#reportSettled(settled);
    // A check put to a person becomes that person's 办不成事 ticket (one: an open one stays open).
    for (const item of items) {
      if (item.status !== 'NEEDS_REVIEW') continue;
      const [first] = (item.result as StoredOutcome | null)?.reviews ?? [];
      const department = first?.department ?? item.department;
      await this.#openTicket(
        application,
        item.step,
        department,
        text('reason.departmentSaid', {
          department,
          reason: item.reasonText ?? text('reason.said', { words: item.reason ?? '' }),
        }),
        item.reasonFacts,
      );
    }
    return settled;
  }

  /** Tells {@link ErrandEngineOptions.onSettled} how long the run that settled `application` took. */
  #reportSettled(application: ApplicationRow): void {
    const started = this.#runStarts.get(application.id);
    if (started === undefined || !this.#onSettled) return;
    try {
      this.#onSettled({
        kind: application.kind,
        status: application.status,
        seconds: (performance.now() - started) / 1000,
      });
    } catch {
      // A listener's failure is not the errand's.
    }
  }
}
