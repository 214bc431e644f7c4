/**
 * How a "one thing" errand is described: its steps, each one department's check or act, which
 * steps each depends on, and which department operations each sends. The engine (`ErrandEngine`)
 * runs any errand described this way.
 */
import type { DocumentNode } from 'graphql';
import type { ApplicationRow } from '../store.ts';

/**
 * What sends operations to the department subgraphs — a step of an errand, or a look-up the errand
 * makes outside its steps (reading the birth report when an application is submitted) — and the
 * operations it declares it sends. `npm run check -- <department>` names the sender of every
 * operation a schema change would break, and the service-center's caller refuses an operation its
 * sender does not declare: the declaration cannot drift from what is sent.
 */
export interface Sender {
  /** The errand's kind, e.g. `NEWBORN`. */
  errand: string;
  /** The step's name, e.g. `issueBirthCertificate`, or the look-up's, e.g. `readBirth`. */
  name: string;
  role: 'step' | 'look-up';
  /** The generated documents of the operations it sends (`generated/<department>.generated.ts`). */
  sends: readonly DocumentNode[];
}

/** A step of the errand `kind` as the sender of its department operations. */
export function stepSender<TInput>(kind: string, step: StepDefinition<TInput>): Sender {
  return { errand: kind, name: step.name, role: 'step', sends: step.sends ?? [] };
}

/** A sender as a person reads it, e.g. `newborn errand, step issueBirthCertificate`. */
export function describeSender(sender: Pick<Sender, 'errand' | 'name' | 'role'>): string {
  return `${sender.errand.toLowerCase().replaceAll('_', ' ')} errand, ${sender.role} ${sender.name}`;
}

/** A rule an application broke, and the department whose records decided it. */
export interface RuleViolation {
  /** A stable name, e.g. `PARENTS_MARRIED`. */
  rule: string;
  department: string;
  /** A sentence for the citizen and the clerk. */
  message: string;
}

/**
 * Something a check found that its rules cannot settle, so a person must (e.g. an address no school
 * district covers), and the department that should look at it.
 */
export interface ReviewRequest {
  /** A stable name of the question, e.g. `ADDRESS_IN_SCHOOL_DISTRICT`. */
  rule: string;
  department: string;
  /** What the person must look at, for the clerk and the citizen. */
  message: string;
}

/**
 * What a step hands on: its result (stored, visible to later steps) and, for checks, violations and
 * review requests.
 */
export interface StepOutcome {
  /** Facts later steps need, stored with the item; must be JSON. */
  result: Record<string, unknown>;
  /** A reference to what the department created, e.g. a certificate number, shown to the citizen. */
  reference?: string;
  /** Eligibility rules this check found broken; any makes the application REJECTED before any act. */
  violations?: RuleViolation[];
  /**
   * Questions this check leaves to a person. Any holds back every act: the item is `NEEDS_REVIEW`, the
   * application `NEEDS_ATTENTION` with a 办不成事 ticket naming the question — unless another check
   * found a broken rule, which rejects the application as usual. Resuming the application runs the
   * check again.
   */
  reviews?: ReviewRequest[];
}

/** What a running step can see. */
export interface StepContext<TInput> {
  application: ApplicationRow;
  input: TInput;
  /** Results of the steps already DONE, by step name. */
  results: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * The key that makes this step's department act idempotent: the same for every attempt and every
   * restart of this application's step, so a repeated act is performed once.
   */
  idempotencyKey: string;
  /** The step as the sender of its department operations: pass the context to `Departments.of`. */
  sender: Sender;
}

/** One step of an errand. */
export interface StepDefinition<TInput> {
  /** The step's name, unique in the errand, e.g. `issueBirthCertificate`. */
  name: string;
  /** What the step is, in Chinese as the citizen reads it on the application, e.g. `户口登记`. */
  title: string;
  /** The department that performs it, as in rover.yaml; `service-center` for its own steps. */
  department: string;
  /**
   * `CHECK` steps read and judge eligibility; they all run first, in parallel. `ACT` steps change
   * department records and run only once every check passed.
   */
  kind: 'CHECK' | 'ACT';
  /** Steps that must be DONE (or SKIPPED) first. */
  dependsOn: readonly string[];
  /**
   * The department operations the step sends, as generated documents; none by default. The caller
   * refuses any other (see {@link Sender}).
   */
  sends?: readonly DocumentNode[];
  /** A reason to skip the step for this application (e.g. the family gets no assistance), or undefined. */
  skipReason?: (context: StepContext<TInput>) => string | undefined;
  /** Performs the step. Throwing fails the attempt; transient failures are retried. */
  run: (context: StepContext<TInput>) => Promise<StepOutcome>;
}

/**
 * A consent an application needs before its steps may read someone's data: `grantor`'s records used
 * for `grantee`'s application, for one purpose (e.g. the other parent's for the newborn errand).
 */
export interface ConsentRequest {
  /** The citizen whose data the steps read, who must consent. */
  grantorCitizenId: string;
  /** The citizen the data is used for: the applicant. */
  granteeCitizenId: string;
  /** What the data is used for, e.g. `NEWBORN_REGISTRATION`. */
  purpose: string;
}

/** Where the engine learns whether a consent is there (the service-center's consent register). */
export interface ConsentCheck {
  /** True when a consent is given for `request`, or was already used by this application. */
  available(request: ConsentRequest, applicationId: string): boolean;
}

/** A kind of errand: its name and steps. */
export interface ErrandDefinition<TInput> {
  kind: string;
  steps: readonly StepDefinition<TInput>[];
  /**
   * The consent an application needs before any step runs, or undefined when it needs none. Without
   * it the application is `AWAITING_CONSENT` and nothing is done; a step that finds it gone when it
   * comes to use it throws {@link ConsentMissing}, and the application waits again.
   */
  consentNeeded?: (application: ApplicationRow) => ConsentRequest | undefined;
  /**
   * What the errand reads from departments outside its steps (e.g. at submission), each with the
   * operations it sends, so that these are declared and checked like the steps' (see {@link Sender}).
   */
  lookUps?: readonly Sender[];
}

/**
 * Thrown by a step that would read a person's data under a consent that is not there (revoked since
 * the application started): the step is not done, and the application waits for a new consent.
 */
export class ConsentMissing extends Error {
  override name = 'ConsentMissing';

  constructor(readonly request: ConsentRequest) {
    super(
      `${request.grantorCitizenId} has not consented to ${request.purpose} for ${request.granteeCitizenId}`,
    );
  }
}

/** Checks that a definition's dependencies name real steps and form no cycle; throws naming the problem. */
export function validateErrand<TInput>(errand: ErrandDefinition<TInput>): void {
  const names = new Set(errand.steps.map((step) => step.name));
  if (names.size !== errand.steps.length)
    throw new Error(`errand ${errand.kind} has two steps with the same name`);
  for (const lookUp of errand.lookUps ?? []) {
    if (lookUp.errand !== errand.kind || lookUp.role !== 'look-up')
      throw new Error(
        `look-up ${lookUp.name} of ${errand.kind} is declared as the ${describeSender(lookUp)}`,
      );
  }
  for (const step of errand.steps) {
    for (const dependency of step.dependsOn) {
      if (!names.has(dependency)) {
        throw new Error(`step ${step.name} of ${errand.kind} depends on unknown step ${dependency}`);
      }
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const byName = new Map(errand.steps.map((step) => [step.name, step]));
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name))
      throw new Error(`the steps of ${errand.kind} depend on each other in a cycle at ${name}`);
    visiting.add(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency);
    visiting.delete(name);
    done.add(name);
  };
  for (const step of errand.steps) visit(step.name);
}
