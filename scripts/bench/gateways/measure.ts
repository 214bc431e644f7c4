/**
 * One measurement: a load job against one target, with what it cost each process (CPU time), the
 * gateway's peak memory and the subgraph requests it caused, counted until the subgraphs go quiet.
 * A job that sends registerNewborn errands gets families of its own before the clock starts, and is
 * over only once every errand it sent is final (`errands.ts`).
 */
import { performance } from 'node:perf_hooks';
import { MAX_REQUESTS_PER_CONNECTION } from '../../../subgraphs/kit/server.ts';
import type { NewbornErrands } from './errands.ts';
import type { GatewayProcess } from './GatewayProcess.ts';
import type { LoadGenerator } from './LoadGenerator.ts';
import type { LoadJob, LoadSlot } from './protocol.ts';
import type { ErrandTally, Measurement, Target } from './results.ts';
import { perClientRequest, type SubgraphCounter } from './SubgraphCounter.ts';

/** What every measurement of a run shares. */
export interface MeasureContext {
  load: LoadGenerator;
  counter: SubgraphCounter;
  connections: number;
  durationSeconds: number;
  /** Makes and settles the errands of the workloads that send registerNewborn. */
  errands: NewbornErrands;
}

/** A load job of `slots` against `url` for `durationSeconds`. */
export function loadJob(
  context: MeasureContext,
  url: string,
  slots: LoadSlot[],
  durationSeconds?: number,
  reconnectEvery?: number,
): LoadJob {
  return {
    url,
    connections: context.connections,
    durationSeconds: durationSeconds ?? context.durationSeconds,
    slots,
    reconnectEvery,
  };
}

const oneDecimal = (value: number) => Number(value.toFixed(1));

/**
 * Sends `slots` to `url` (the gateway's, or the subgraph's for the floor) and measures it. This
 * process's CPU time is the subgraphs' and department systems' (they run here); the gateway's comes
 * from its own reports.
 */
export async function measure(
  context: MeasureContext,
  where: { round: number; target: Target; url: string; gateway?: GatewayProcess },
  workload: string,
  slots: LoadSlot[],
): Promise<Measurement> {
  const { counter } = context;
  const { gateway } = where;
  await counter.settle(); // the previous job's last requests are still being answered
  const job = await context.errands.prepareJob(workload, slots, context.durationSeconds, context.connections);
  gateway?.resetPeak();
  const before = counter.snapshot();
  const gatewayCpuBefore = gateway?.cpuMicros ?? 0;
  const systemCpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  // The floor is a subgraph, which ends a connection after MAX_REQUESTS_PER_CONNECTION requests (and
  // refuses more on it): its load opens a new one then, as the gateways' clients do. autocannon does
  // not count the answer it reconnects after: the floor reads 1 % low.
  const reconnectEvery = where.target === 'floor' ? MAX_REQUESTS_PER_CONNECTION : undefined;
  const result = await context.load.run(loadJob(context, where.url, job.slots, undefined, reconnectEvery));
  const seconds = (performance.now() - startedAt) / 1000;
  const systemCpu = process.cpuUsage(systemCpuBefore);
  const systemMicros = systemCpu.user + systemCpu.system;
  const gatewayMicros = gateway ? gateway.cpuMicros - gatewayCpuBefore : undefined;
  // The errands' department acts that went on after their answers belong to this job.
  const errands = await context.errands.finishJob(workload, job, result, counter);
  if (!errands) await counter.settle(); // settling the errands waited for the subgraphs to go quiet
  const after = counter.snapshot();

  const percent = (micros: number) => oneDecimal((micros / 1e6 / seconds) * 100);
  const perAnswer = (micros: number) => Number((micros / 1000 / Math.max(1, result.responses)).toFixed(2));
  return {
    round: where.round,
    target: where.target,
    workload,
    load: result,
    // Requests the client gave up on at the end were still answered, subgraph requests and all.
    subgraphRequestsPerRequest: perClientRequest(before.subgraphs, after.subgraphs, result.sent),
    departmentCallsPerRequest: perClientRequest(
      before.departmentSystems,
      after.departmentSystems,
      result.sent,
    ),
    peakRssBytes: gateway?.peakRss,
    cpuPercent: {
      gateway: gatewayMicros === undefined ? undefined : percent(gatewayMicros),
      system: percent(systemMicros),
      load: oneDecimal(result.cpuPercent),
    },
    cpuMsPerRequest: {
      gateway: gatewayMicros === undefined ? undefined : perAnswer(gatewayMicros),
      system: perAnswer(systemMicros),
    },
    errands,
  };
}

/**
 * A load job that is not measured (a warm-up), errands made before and settled after it as for a
 * measurement. Answers the errands' tally, if it sent any.
 */
export async function warmUp(
  context: MeasureContext,
  url: string,
  workload: string,
  slots: LoadSlot[],
  durationSeconds: number,
): Promise<ErrandTally | undefined> {
  await context.counter.settle();
  const job = await context.errands.prepareJob(workload, slots, durationSeconds, context.connections);
  const result = await context.load.run(loadJob(context, url, job.slots, durationSeconds));
  return context.errands.finishJob(workload, job, result, context.counter);
}

/** The errands of a job in a few words, e.g. `errands 70 sent of 120 made, 70 completed, final after 0.4 s`. */
export function errandLine(tally: ErrandTally): string {
  const problems = [
    tally.repeats ? `${tally.repeats} repeats` : '',
    tally.notFinal ? `${tally.notFinal} not final` : '',
    ...Object.entries(tally.statuses)
      .filter(([status]) => status !== 'COMPLETED')
      .map(([status, n]) => `${n} ${status}`),
  ].filter(Boolean);
  return (
    `errands ${tally.sent} sent of ${tally.made} made, ${tally.completed} completed` +
    `${problems.length ? ` (${problems.join(', ')})` : ''}, final after ${tally.settleSeconds} s`
  );
}

/** One line of progress for a measurement. */
export function progressLine(m: Measurement): string {
  const { load, cpuPercent } = m;
  return (
    `round ${m.round} ${m.target.padEnd(6)} ${m.workload.padEnd(20)} ${load.requestsPerSecond.toFixed(1).padStart(8)} req/s` +
    `  p99 ${load.p99Ms.toFixed(1)} ms  errors ${load.errors}/${load.responses}` +
    `  CPU % gateway ${cpuPercent.gateway ?? '–'} subgraphs ${cpuPercent.system} load ${cpuPercent.load}` +
    (m.errands ? `  ${errandLine(m.errands)}` : '')
  );
}
