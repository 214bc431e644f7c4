/**
 * How a "one thing" errand is described: its steps, each one department's check or act, which
 * steps each needs (by reference, reading their results typed), and which department operations each
 * sends. The engine (`ErrandEngine`) runs any errand described this way.
 */

import type { DocumentNode } from 'graphql';
import type { Text } from '../../../lib/i18n/messages.ts';
import type { ApplicationRow } from '../store.ts';

/**
 * What sends operations to the department subgraphs — a step of an errand, or a look-up the errand
 * makes outside its steps (reading the birth record when an application is submitted) — and the
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
  /** A sentence for the citizen and the clerk, in English (what findings stored before held). */
  message: string;
  /** The sentence as a message of the catalogue, read in the reader's language. */
  text?: Text;
  /**
   * The departments whose records the message states, when not only `department`'s (e.g. an
   * education question quoting public security's address). A reader who may not read one of them is
   * answered a neutral message instead (see `messages.ts`).
   */
  facts?: string[];
}

/**
 * Something a check found that its rules cannot settle, so a person must (e.g. an address no school
 * district covers), and the department that should look at it.
 */
export interface ReviewRequest {
  /** A stable name of the question, e.g. `ADDRESS_IN_SCHOOL_DISTRICT`. */
  rule: string;
  department: string;
  /** What the person must look at, for the clerk and the citizen, in English. */
  message: string;
  /** The same as a message of the catalogue, read in the reader's language. */
  text?: Text;
  /** The departments whose records the message states, when not only `department`'s. */
  facts?: string[];
}

/** The departments whose records a finding's message states: its `facts`, else its department's. */
export function factsOf(finding: { department: string; facts?: string[] }): string[] {
  return finding.facts ?? [finding.department];
}

/**
 * What a step hands on: its result (stored, and read by the steps that need it) and, for checks,
 * violations and review requests.
 */
export interface StepOutcome<TResult extends object = Record<string, unknown>> {
  /** Facts later steps need, stored with the item; must be JSON. */
  result: TResult;
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

/**
 * The outcome of a check that found the application cannot go on — a rule broken, or a question for
 * a person — and so has no facts to hand on. Nothing reads them: a step runs only once every step it
 * needs is DONE (and every act once every check is). It stores an empty result, as before.
 */
export function findingsOnly(findings: Pick<StepOutcome, 'violations' | 'reviews'>): StepOutcome<never> {
  return { result: {} as never, ...findings };
}

/**
 * The steps a step needs, each under the name the step reads its result by, e.g.
 * `{ household: checkParents, certificate: issueBirthCertificate }`: the step starts once they are
 * DONE (or SKIPPED), and reads `context.needs.household.divisionCode`.
 */
export type StepNeeds = Readonly<Record<string, NeededStep>>;

/** A step as a step that needs it sees it: its name, and what its `run` hands on. */
export interface NeededStep {
  name: string;
  run(context: never): Promise<StepOutcome<object>>;
}

/**
 * The result a step hands on, as a step that needs it reads it: what its `run` returns, or undefined
 * as well when it has a `skipReason` (a skipped step hands on nothing).
 */
export type ResultOf<TStep> = TStep extends { run(context: never): Promise<StepOutcome<infer TResult>> }
  ? TStep extends { skipReason(context: never): unknown }
    ? TResult | undefined
    : TResult
  : never;

/** The results of the steps in `TNeeds`, under the same names. */
export type NeededResults<TNeeds extends StepNeeds> = {
  readonly [Name in keyof TNeeds]: ResultOf<TNeeds[Name]>;
};

/** What a running step can see. */
export interface StepContext<TInput, TNeeds extends StepNeeds = StepNeeds> {
  application: ApplicationRow;
  input: TInput;
  /** The results of the steps it needs, by the names it gave them in `needs`. */
  needs: NeededResults<TNeeds>;
  /**
   * The key that makes this step's department act idempotent: the same for every attempt and every
   * restart of this application's step, so a repeated act is performed once.
   */
  idempotencyKey: string;
  /** The step as the sender of its department operations: pass the context to `Departments.of`. */
  sender: Sender;
}

/**
 * One step of an errand, handing on a `TResult` and reading the results of the steps in `TNeeds`.
 * Define one with {@link stepsFor} so both are inferred.
 */
export interface StepDefinition<
  TInput,
  TResult extends object = object,
  TNeeds extends StepNeeds = StepNeeds,
> {
  /**
   * The step's name, unique in the errand, e.g. `issueBirthCertificate`. It is the step's stored
   * identity: items and their results are kept under it, so an application in flight survives a
   * restart and a deploy. Never rename a step that applications may be in.
   */
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
  /**
   * The steps that must be DONE (or SKIPPED) first, whose results it reads; `{}` for none. An act
   * that reads a check's result names the check here too, although every act waits for every check.
   */
  needs: TNeeds;
  /**
   * The department operations the step sends, as generated documents; none by default. The caller
   * refuses any other (see {@link Sender}).
   */
  sends?: readonly DocumentNode[];
  /** A reason to skip the step for this application (e.g. the family gets no assistance), or undefined. */
  skipReason?(context: StepContext<TInput, TNeeds>): Text | undefined;
  /** Performs the step. Throwing fails the attempt; transient failures are retried. */
  run(context: StepContext<TInput, TNeeds>): Promise<StepOutcome<TResult>>;
}

/** A step with a `skipReason`: the steps that need it may find no result. */
type SkippableStep<TInput, TResult extends object, TNeeds extends StepNeeds> = StepDefinition<
  TInput,
  TResult,
  TNeeds
> & { skipReason(context: StepContext<TInput, TNeeds>): Text | undefined };

/** Defines a step of an errand whose input is `TInput`, inferring its result and what it needs. */
export interface StepBuilder<TInput> {
  <TResult extends object, TNeeds extends StepNeeds = Record<never, never>>(
    step: SkippableStep<TInput, TResult, TNeeds>,
  ): SkippableStep<TInput, TResult, TNeeds>;
  <TResult extends object, TNeeds extends StepNeeds = Record<never, never>>(
    step: StepDefinition<TInput, TResult, TNeeds>,
  ): StepDefinition<TInput, TResult, TNeeds>;
}

/**
 * The step builder of an errand whose input is `TInput`: `const step = stepsFor<NewbornInput>()`,
 * then `step({ name, …, needs: { household: checkParents }, run: async ({ needs }) => … })`, where
 * `needs.household` has the type `checkParents`'s `run` hands on.
 */
export function stepsFor<TInput>(): StepBuilder<TInput> {
  return (<TResult extends object, TNeeds extends StepNeeds>(step: StepDefinition<TInput, TResult, TNeeds>) =>
    step) as StepBuilder<TInput>;
}

/** The names of the steps `step` needs. */
export function neededNames<TInput>(step: StepDefinition<TInput>): string[] {
  return Object.values(step.needs).map((needed) => needed.name);
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
  /** What the purpose is about, e.g. the birth record id: only a consent for this object counts. */
  objectId: string;
}

/** Where the engine learns whether a consent is there (the service-center's consent register). */
export interface ConsentCheck {
  /** True when a consent is given for `request`, or was already used by this application. */
  available(request: ConsentRequest, applicationId: string): Promise<boolean>;
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
      `${request.grantorCitizenId} has not consented to ${request.purpose} of ${request.objectId} for ${request.granteeCitizenId}`,
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
    for (const dependency of neededNames(step)) {
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
    const step = byName.get(name);
    for (const dependency of step ? neededNames(step) : []) visit(dependency);
    visiting.delete(name);
    done.add(name);
  };
  for (const step of errand.steps) visit(step.name);
}
