/**
 * Runs one errand as a family does, through the gateway: the other parent consents (newborn), the
 * applicant sends the mutation — twice at once for some errands — and, when the answer is
 * NEEDS_ATTENTION (a department was down), waits until the department is back and resumes it as the
 * applicant until it is final. A completed errand is then sent again, which must answer the same
 * application. Every request goes through the {@link SoakClient}, so it counts in the load figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GRANT_CONSENT,
  newbornConsentVariables,
} from '../../subgraphs/service-center/consents/operations.ts';
import type { ScheduledErrand } from './errandPlan.ts';
import type { SoakClient } from './SoakClient.ts';

/** An application item as the soak reads it. */
export interface SoakItem {
  step: string;
  department: string;
  status: string;
  reference: string | null;
}

/** An application as the soak reads it. */
export interface SoakApplication {
  id: string;
  status: string;
  items: SoakItem[];
  tickets: Array<{ step: string; status: string }>;
}

/** What became of one errand. */
export interface ErrandOutcome {
  errand: ScheduledErrand;
  /** Every distinct application number the errand's answers named: exactly one when all is well. */
  applicationIds: string[];
  /** The status the first answer carried; NEEDS_ATTENTION when it met the outage. */
  firstStatus: string | null;
  /** The status it ended in; null when no application was ever answered. */
  finalStatus: string | null;
  /** resumeApplication requests sent. */
  resumes: number;
  /** OPEN 办不成事 tickets when it first needed attention; null when it never did. */
  ticketsWhileHeld: number | null;
  /** The application as last read. */
  application: SoakApplication | null;
  /** Why the errand did not reach a final state, when it did not. */
  problem: string | null;
}

/** States after which nothing more happens to an application. */
export const FINAL_STATES: ReadonlySet<string> = new Set(['COMPLETED', 'REJECTED']);

const APPLICATION_FIELDS = 'id status items { step department status reference } tickets { step status }';

const REGISTER_NEWBORN = `mutation RegisterNewborn($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) { application { ${APPLICATION_FIELDS} } newborn { citizenId name } }
}`;
const APPLY_SCHOOL_ENROLMENT = `mutation ApplySchoolEnrolment($input: ApplySchoolEnrolmentInput!) {
  applySchoolEnrolment(input: $input) { application { ${APPLICATION_FIELDS} enrolment { decision } } }
}`;
const RESUME_APPLICATION = `mutation ResumeApplication($id: ID!) {
  resumeApplication(id: $id) { ${APPLICATION_FIELDS} }
}`;
const APPLICATION = `query Application($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`;

/** Options of {@link ErrandRunner}. */
export interface ErrandRunnerOptions {
  /** Resolves once the restarted department is back (at once when it already is). */
  departmentBack: () => Promise<void>;
  /** How long an errand may go without settling before the soak gives up on it, ms; default 120 000. */
  settleTimeoutMs?: number;
  /** How many times a submission that named no application is sent again; default 5. */
  submitAttempts?: number;
  /** How many times an application that needs attention is resumed before the soak gives up; default 10. */
  resumeAttempts?: number;
}

/** The outcome of an errand that never got an application answered, e.g. for `problem`. */
export function unsettled(errand: ScheduledErrand, problem: string | null): ErrandOutcome {
  return {
    errand,
    applicationIds: [],
    firstStatus: null,
    finalStatus: null,
    resumes: 0,
    ticketsWhileHeld: null,
    application: null,
    problem,
  };
}

type Payload = { application: SoakApplication | null } | null | undefined;

/** Runs errands through the gateway. */
export class ErrandRunner {
  readonly #client: SoakClient;
  readonly #options: Required<ErrandRunnerOptions>;

  constructor(client: SoakClient, options: ErrandRunnerOptions) {
    this.#client = client;
    this.#options = { settleTimeoutMs: 120_000, submitAttempts: 5, resumeAttempts: 10, ...options };
  }

  /** Runs one errand to its final state, or until it stops making progress. */
  async run(errand: ScheduledErrand): Promise<ErrandOutcome> {
    const ids = new Set<string>();
    const outcome = unsettled(errand, null);
    if (errand.kind === 'NEWBORN') await this.#consent(errand);

    let application = await this.#submitUntilAnswered(errand, ids);
    if (!application) {
      return { ...outcome, problem: `no application after ${this.#options.submitAttempts} submissions` };
    }
    outcome.firstStatus = application.status;
    application = await this.#settle(errand, application, outcome);
    ids.add(application.id);

    if (application.status === 'COMPLETED') {
      // The same errand again — the same request for a newborn, the other parent for an enrolment —
      // answers the existing application and does nothing.
      const repeater =
        errand.kind === 'SCHOOL_ENROLMENT' && errand.otherParent ? errand.otherParent : errand.applicant;
      const repeat = await this.#submit(errand, repeater);
      if (repeat) ids.add(repeat.id);
    }
    return { ...outcome, applicationIds: [...ids], finalStatus: application.status, application };
  }

  /**
   * Sends the errand (twice at once when planned so) until an answer names its application: a
   * submission can fail before any application exists, when a department it reads is down.
   */
  async #submitUntilAnswered(errand: ScheduledErrand, ids: Set<string>): Promise<SoakApplication | null> {
    for (let attempt = 1; attempt <= this.#options.submitAttempts; attempt++) {
      if (attempt > 1) await sleep(1000 * attempt);
      const answers = await Promise.all(
        Array.from({ length: errand.twiceAtOnce ? 2 : 1 }, () => this.#submit(errand, errand.applicant)),
      );
      for (const answer of answers) if (answer) ids.add(answer.id);
      const application = answers.find((answer) => answer !== null);
      if (application) return application;
    }
    return null;
  }

  /**
   * Follows an application to a final state: resumes it while it needs attention (the first time
   * once the department is back), reads it while it runs, consents again while it awaits a consent.
   * Sets `problem` on `outcome` when it gives up.
   */
  async #settle(
    errand: ScheduledErrand,
    answered: SoakApplication,
    outcome: ErrandOutcome,
  ): Promise<SoakApplication> {
    let application = answered;
    let lastProgress = Date.now();
    while (!FINAL_STATES.has(application.status)) {
      if (Date.now() - lastProgress > this.#options.settleTimeoutMs) {
        outcome.problem = `still ${application.status} ${this.#options.settleTimeoutMs / 1000} s after its last change`;
        return application;
      }
      const before = application.status;
      if (application.status === 'NEEDS_ATTENTION') {
        if (outcome.resumes >= this.#options.resumeAttempts) {
          outcome.problem = `still NEEDS_ATTENTION after ${outcome.resumes} resumes`;
          return application;
        }
        if (outcome.resumes === 0) {
          outcome.ticketsWhileHeld = application.tickets.filter((t) => t.status === 'OPEN').length;
          await this.#options.departmentBack();
          // Waiting for the department is not a lack of progress.
          lastProgress = Date.now();
        } else {
          await sleep(1000);
        }
        outcome.resumes += 1;
        application = (await this.#resume(errand, application.id)) ?? application;
      } else {
        if (application.status === 'AWAITING_CONSENT') await this.#consent(errand);
        await sleep(500);
        application = (await this.#read(errand, application.id)) ?? application;
      }
      if (application.status !== before) lastProgress = Date.now();
    }
    return application;
  }

  async #consent(errand: ScheduledErrand): Promise<void> {
    if (!errand.otherParent) return;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const answer = await this.#client.send(
        'GrantConsent',
        GRANT_CONSENT,
        newbornConsentVariables(errand.applicant, errand.input.birthRecordId as string),
        errand.otherParent,
      );
      if (answer.errorKinds.length === 0) return;
      await sleep(1000);
    }
  }

  async #submit(errand: ScheduledErrand, identity: string): Promise<SoakApplication | null> {
    if (errand.kind === 'NEWBORN') {
      const answer = await this.#client.send<{ registerNewborn: Payload }>(
        'RegisterNewborn',
        REGISTER_NEWBORN,
        { input: errand.input },
        identity,
      );
      return answer.data?.registerNewborn?.application ?? null;
    }
    const answer = await this.#client.send<{ applySchoolEnrolment: Payload }>(
      'ApplySchoolEnrolment',
      APPLY_SCHOOL_ENROLMENT,
      { input: errand.input },
      identity,
    );
    return answer.data?.applySchoolEnrolment?.application ?? null;
  }

  async #resume(errand: ScheduledErrand, id: string): Promise<SoakApplication | null> {
    const answer = await this.#client.send<{ resumeApplication: SoakApplication | null }>(
      'ResumeApplication',
      RESUME_APPLICATION,
      { id },
      errand.applicant,
    );
    return answer.data?.resumeApplication ?? null;
  }

  async #read(errand: ScheduledErrand, id: string): Promise<SoakApplication | null> {
    const answer = await this.#client.send<{ application: SoakApplication | null }>(
      'Application',
      APPLICATION,
      { id },
      errand.applicant,
    );
    return answer.data?.application ?? null;
  }
}
