/**
 * What the errand benchmark needs to know of an errand: how to prepare one run (the subject, the
 * applicant's token, the mutation's variables — all before the clock starts), which mutation to send
 * with which selections, and where its answer says COMPLETED. The newborn and the restaurant errands
 * are two such definitions (`errands/`); `BenchSystem` and `runBenchmark` run either.
 */
import type { RunningSystem } from '../../system/startSystem.ts';

/** The errands the benchmark knows, by the name `--errand` takes. */
export type ErrandName = 'newborn' | 'restaurant';

/** One selection of an errand's mutation. */
export interface ErrandSelection {
  /**
   * `realistic`: what a client shows right after submitting, answered by the service-center alone —
   * what the bounds are about. `full`: the subject with fields from every department, which the
   * gateway fetches after the errand.
   */
  name: 'realistic' | 'full';
  /** What the selection holds, for the report. */
  description: string;
  /** The operation; its one variable is `$input`. */
  query: string;
}

/** One run, prepared before the clock starts. */
export interface PreparedRun {
  /** What the run is about, for reports: the birth record, the restaurant's name. */
  subject: string;
  /** The `authorization` header of the applicant's request. */
  authorization: string;
  /** The mutation's `input`. */
  input: Record<string, unknown>;
}

/** The runs one system start can serve. */
export interface ErrandRuns {
  /** How many more runs this start can serve (`Infinity` when nothing runs out). */
  remaining(): number;
  /** Prepares the next run against the running system: consents given, tokens minted. */
  next(): Promise<PreparedRun>;
}

/**
 * An errand as the benchmark runs it. Its mutation's payload has an `application` with `status` and
 * `items { step department status attempts }` in every selection: a run counts only when that status
 * is COMPLETED, and items attempted more than once are reported as retried.
 */
export interface BenchErrand {
  name: ErrandName;
  /** The mutation field sent, e.g. `registerNewborn`. */
  mutation: string;
  /** The selection the bounds and the last line are about. */
  realistic: ErrandSelection;
  /** The same errand with the subject's fields from every department. */
  full: ErrandSelection;
  /**
   * Reads what the runs of a freshly started system need (e.g. the families of the eligible birth
   * records). Called once per start, before the warm-up and any measurement.
   */
  start(system: RunningSystem): Promise<ErrandRuns>;
}

/** An application item as the benchmark reads it. */
export interface BenchItem {
  step: string;
  department: string;
  status: string;
  attempts: number;
}

/** The part of an errand's answer the benchmark checks. */
export interface BenchPayload {
  application: { id: string; status: string; items: BenchItem[] };
}
