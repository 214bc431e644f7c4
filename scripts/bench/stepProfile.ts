/**
 * Where an errand's time goes, step by step: from each application item's start and finish (read
 * after the measurement) and the department system calls that arrived while it ran. It splits the
 * wall time into what the engine spends between steps, what a step spends before its department
 * system receives the call (service-center → subgraph → department system) and after the answer
 * (back, and the item recorded), and the latency L itself.
 */
import type { ErrandSample } from './BenchSystem.ts';
import { median, mode } from './statistics.ts';

/** One step of an errand, medians over the samples that ran it, ms. */
export interface StepProfile {
  step: string;
  department: string;
  /** Samples in which the step ran (was done). */
  runs: number;
  /** From sending the mutation to the step's start. */
  startMs: number;
  /**
   * From the last step that had finished before this one started (its finish) to this one's start:
   * the engine's own time between dependent steps; for a first step, from sending the mutation.
   */
  waitedMs: number;
  /** From the step's start to its finish. */
  durationMs: number;
  /**
   * Calls to the step's department system that arrived while it ran (the typical count). Steps of one
   * department that run at once share their calls: each counts them all.
   */
  calls: number;
  /** From the step's start to its first department call's arrival: service-center → subgraph → system. */
  toFirstCallMs: number;
  /** From the last call's answer (its arrival + L) to the step's finish: back, and the item recorded. */
  afterLastAnswerMs: number;
}

const medianOf = (values: readonly number[]) => {
  const known = values.filter((value) => Number.isFinite(value));
  return known.length ? median(known) : Number.NaN;
};

/**
 * Profiles every step of `samples`, in the order of their median start. Times are relative to
 * sending the mutation; a step's times come from the service-center's clock at ms resolution, so a
 * figure may be off by a millisecond either way.
 */
export function stepProfiles(samples: readonly ErrandSample[], latencyMs: number): StepProfile[] {
  const byStep = new Map<
    string,
    { department: string; parts: Array<Omit<StepProfile, 'step' | 'department' | 'runs'>> }
  >();
  for (const sample of samples) {
    for (const step of sample.steps) {
      const finishedBefore = sample.steps
        .filter((other) => other !== step && other.endMs <= step.startMs)
        .map((other) => other.endMs);
      const calls = sample.calls
        .filter((call) => call.department === step.department)
        .filter((call) => call.atMs >= step.startMs - 1 && call.atMs <= step.endMs + 1)
        .map((call) => call.atMs);
      const entry = byStep.get(step.step) ?? { department: step.department, parts: [] };
      entry.parts.push({
        startMs: step.startMs,
        waitedMs: step.startMs - Math.max(0, ...finishedBefore),
        durationMs: step.endMs - step.startMs,
        calls: calls.length,
        toFirstCallMs: calls.length ? Math.min(...calls) - step.startMs : Number.NaN,
        afterLastAnswerMs: calls.length ? step.endMs - (Math.max(...calls) + latencyMs) : Number.NaN,
      });
      byStep.set(step.step, entry);
    }
  }
  return [...byStep]
    .map(([step, { department, parts }]) => ({
      step,
      department,
      runs: parts.length,
      startMs: medianOf(parts.map((p) => p.startMs)),
      waitedMs: medianOf(parts.map((p) => p.waitedMs)),
      durationMs: medianOf(parts.map((p) => p.durationMs)),
      calls: mode(parts.map((p) => p.calls)),
      toFirstCallMs: medianOf(parts.map((p) => p.toFirstCallMs)),
      afterLastAnswerMs: medianOf(parts.map((p) => p.afterLastAnswerMs)),
    }))
    .sort((a, b) => a.startMs - b.startMs || a.step.localeCompare(b.step));
}
