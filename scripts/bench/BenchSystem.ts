/**
 * The whole system as the errand benchmark runs it — every server in-process on port 0, every store
 * in memory, the repository's seed, department systems slowed by a fixed latency — and one timed
 * errand at a time. The errand says how many runs a start can serve (a birth record registers once
 * per start); when they run out the system is restarted with fresh stores. Starting it is never part
 * of a measurement.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import { dropSchema, uniqueSchema } from '../../subgraphs/service-center/storage/testDatabases.ts';
import { type RunningSystem, startSystem } from '../../system/startSystem.ts';
import { ROOT } from '../../system/topology.ts';
import type { Scenarios } from '../seed/scenarios.ts';
import { type ApiCall, ApiTrace } from './ApiTrace.ts';
import type { BenchErrand, BenchItem, BenchPayload, ErrandRuns, ErrandSelection } from './BenchErrand.ts';

/** The named seed records (`mocks/scenarios.json`). */
export const scenarios = JSON.parse(
  readFileSync(path.join(ROOT, 'mocks', 'scenarios.json'), 'utf8'),
) as Scenarios;

/** One errand, measured. */
export interface ErrandSample {
  /** What the run was about: the birth record, the restaurant's name. */
  subject: string;
  selection: ErrandSelection['name'];
  /** Client-side: from sending the mutation to having read the COMPLETED answer, ms. */
  wallMs: number;
  /**
   * CPU time of this process — gateway, subgraphs, department systems and the client, all in it —
   * over the same span, ms (user + system, every thread). Unlike the wall time, it does not grow
   * when other work takes the machine's cores.
   */
  cpuMs: number;
  /** Department system calls during the errand, by department (the APIs' counters). */
  callsByDepartment: Record<string, number>;
  /** The same calls in arrival order, times relative to sending the mutation. */
  calls: ApiCall[];
  /** Steps that needed more than one attempt (a retry adds its back-off delay). */
  retriedSteps: string[];
  /** When each step of the application ran, from its items, read after the clock stopped. */
  steps: StepTimes[];
}

/** When one step ran, as its application item records it, ms relative to sending the mutation. */
export interface StepTimes {
  step: string;
  department: string;
  /** When the step was first started (the service-center's clock, ms resolution). */
  startMs: number;
  /** When it reached its final state. */
  endMs: number;
  attempts: number;
}

/** The application's items with their times, as the applicant reads them after the errand. */
const APPLICATION_STEPS = `query BenchApplicationSteps($id: ID!) {
  application(id: $id) { items { step department status attempts startedAt finishedAt } }
}`;

/** Thrown when an errand does not answer COMPLETED: the benchmark would measure the wrong thing. */
export class ErrandNotCompletedError extends Error {
  override name = 'ErrandNotCompletedError';
}

/** A system that runs one errand at a time, restarting itself when the errand's runs run out. */
export class BenchSystem {
  readonly errand: BenchErrand;
  readonly latencyMs: number;
  /** How many times the system was started. */
  starts = 0;
  #system: RunningSystem | undefined;
  #trace = new ApiTrace();
  #runs: ErrandRuns | undefined;

  /** PostgreSQL for the service-center (a fresh schema per start, dropped at stop); else embedded. */
  readonly databaseUrl: string | undefined;
  #schema: string | undefined;

  /**
   * @param errand the errand to run
   * @param latencyMs the delay every department system adds to every answer (L), ms
   * @param databaseUrl PostgreSQL for the service-center's state; default the embedded SQLite store
   */
  constructor(errand: BenchErrand, latencyMs: number, databaseUrl?: string) {
    this.errand = errand;
    this.latencyMs = latencyMs;
    this.databaseUrl = databaseUrl;
  }

  /**
   * Runs the errand once with `selection` and measures it. Throws {@link ErrandNotCompletedError}
   * unless the application answers COMPLETED.
   */
  async run(selection: ErrandSelection): Promise<ErrandSample> {
    const { system, runs } = await this.#nextRun();
    const apis = [...system.departmentSystems.values()];
    // Whatever the preparation asks of the departments (a consent) is not the errand's.
    const { subject, authorization, input } = await runs.next();
    for (const api of apis) api.server.calls.reset();
    this.#trace.clear();

    const request = JSON.stringify({ query: selection.query, variables: { input } });
    const headers = { 'content-type': 'application/json', authorization };
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    // The same instant on the wall clock, which the service-center stamps its items with.
    const sentAtEpochMs = performance.timeOrigin + startedAt;
    const response = await fetch(system.gatewayUrl as string, { method: 'POST', headers, body: request });
    const text = await response.text();
    const wallMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    const body = JSON.parse(text) as {
      data?: Record<string, BenchPayload | null> | null;
      errors?: unknown[];
    };

    const { mutation } = this.errand;
    const payload = body.data?.[mutation];
    if (response.status !== 200 || body.errors?.length || payload?.application.status !== 'COMPLETED') {
      const unfinished = payload?.application.items.filter(
        (i) => i.status !== 'DONE' && i.status !== 'SKIPPED',
      );
      throw new ErrandNotCompletedError(
        `${mutation}(${subject}, ${selection.name}) answered HTTP ${response.status}, status ` +
          `${payload?.application.status ?? 'none'}; unfinished items ${JSON.stringify(unfinished ?? [])}; ` +
          `errors ${JSON.stringify(body.errors ?? [])}`,
      );
    }
    const callsByDepartment = Object.fromEntries(apis.map((api) => [api.name, api.server.calls.count()]));
    const calls = this.#trace.calls().map((call) => ({ ...call, atMs: call.atMs - startedAt }));
    const counted = Object.values(callsByDepartment).reduce((a, b) => a + b, 0);
    if (counted !== calls.length) {
      throw new Error(
        `the API counters saw ${counted} calls but the trace ${calls.length}: the trace is incomplete`,
      );
    }
    return {
      subject,
      selection: selection.name,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      callsByDepartment,
      calls,
      retriedSteps: payload.application.items.filter((i) => i.attempts > 1).map((i) => i.step),
      steps: await this.#stepTimes(system, authorization, payload.application.id, sentAtEpochMs),
    };
  }

  /** Reads when each step of an application ran; after the measurement, so it costs the errand nothing. */
  async #stepTimes(
    system: RunningSystem,
    authorization: string,
    applicationId: string,
    sentAtEpochMs: number,
  ): Promise<StepTimes[]> {
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: APPLICATION_STEPS, variables: { id: applicationId } }),
    });
    type Item = BenchItem & { startedAt: string | null; finishedAt: string | null };
    const body = (await response.json()) as { data?: { application: { items: Item[] } | null } | null };
    const items = body.data?.application?.items;
    if (!items)
      throw new Error(`the applicant cannot read application ${applicationId}: ${JSON.stringify(body)}`);
    const at = (instant: string | null) => (instant ? Date.parse(instant) - sentAtEpochMs : Number.NaN);
    return items
      .filter((item) => item.status === 'DONE')
      .map((item) => ({
        step: item.step,
        department: item.department,
        startMs: at(item.startedAt),
        endMs: at(item.finishedAt),
        attempts: item.attempts,
      }));
  }

  /** Stops the running system, if any. Safe to call twice. */
  async stop(): Promise<void> {
    const system = this.#system;
    this.#system = undefined;
    this.#runs = undefined;
    if (!system) return;
    await system.stop();
    if (this.databaseUrl && this.#schema) await dropSchema(this.databaseUrl, this.#schema);
    // system.stop() closes the HTTP servers but not their Apollo servers, whose SIGINT/SIGTERM
    // handlers (installed unless NODE_ENV is test) would otherwise pile up with every restart.
    const apollos = [system.gateway?.apollo, ...[...system.subgraphs.values()].map((s) => s.server.apollo)];
    for (const apollo of apollos) await apollo?.stop();
  }

  async #nextRun(): Promise<{ system: RunningSystem; runs: ErrandRuns }> {
    if (!this.#system || !this.#runs || this.#runs.remaining() === 0) await this.#restart();
    if (!this.#system || !this.#runs || this.#runs.remaining() === 0) {
      throw new Error(`the seed leaves no ${this.errand.name} errand to run`);
    }
    return { system: this.#system, runs: this.#runs };
  }

  /**
   * Starts a fresh system and warms it up with one errand per selection (their answers are not
   * measured): the first request of each operation pays for the gateway's query planning and the
   * first connections, which a long-running gateway has long paid for.
   */
  async #restart(): Promise<void> {
    await this.stop();
    this.#schema = this.databaseUrl ? uniqueSchema('sc_bench') : undefined;
    this.#system = await startSystem({
      ports: 'ephemeral',
      seedDir: DEFAULT_SEED_DIR,
      inMemory: true,
      today: () => scenarios.referenceDate,
      departmentLatencyMs: this.latencyMs,
      serviceCenterDatabase: this.databaseUrl ? { url: this.databaseUrl, schema: this.#schema } : undefined,
    });
    this.starts += 1;
    this.#trace = new ApiTrace();
    this.#trace.attach(this.#system);
    this.#runs = await this.errand.start(this.#system);
    if (this.#runs.remaining() <= 2) {
      throw new Error(
        `the warm-up needs 2 ${this.errand.name} errands and the runs more; the seed leaves ${this.#runs.remaining()}`,
      );
    }
    for (const selection of [this.errand.realistic, this.errand.full]) await this.run(selection);
  }
}
