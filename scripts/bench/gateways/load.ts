/**
 * The load generator's process: autocannon at fixed concurrency, started by the benchmark with an IPC
 * channel, one load job at a time. Every answer is checked: a status other than 200 or a GraphQL
 * `errors` entry anywhere in the body counts as an error, and every 20th answer of each query is
 * parsed in full to check that it carries `data` and no `errors`; a slot that says what its answers
 * must hold (`expect`, e.g. an errand's application status) has every answer parsed and checked. A
 * slot of single-use variants (errands) counts what it sent, and every repeat once they run out.
 * Latencies are kept per answer, so the percentiles are exact rather than read from a histogram's
 * buckets.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile } from '../statistics.ts';
import { isCleanAnswer, meetsExpectation } from './answers.ts';
import type { LoadJob, LoadReply, LoadRequest, LoadResult, QueryErrors } from './protocol.ts';

/** Every how many answers of a query one is parsed in full. */
const SAMPLE_EVERY = 20;

/** Runs one load job and measures it. */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const byQuery: Record<string, QueryErrors> = {};
  let sampled = 0;
  const latencies: number[] = [];
  const requests = job.slots.map((slot) => {
    // The mix has several slots of one query: they share its counts.
    const errors = byQuery[slot.query] ?? { responses: 0, errors: 0 };
    byQuery[slot.query] = errors;
    let next = 0;
    return {
      method: 'POST' as const,
      path: new URL(job.url).pathname,
      setupRequest: (request: autocannon.Request) => {
        if (slot.singleUse) {
          errors.sent = (errors.sent ?? 0) + 1;
          if (next >= slot.variants.length) errors.repeats = (errors.repeats ?? 0) + 1;
        }
        const variant = slot.variants[next++ % slot.variants.length];
        if (!variant) throw new Error(`query ${slot.query} has no request variant`);
        return {
          ...request,
          headers: { ...variant.headers, 'content-type': 'application/json' },
          body: variant.body,
        };
      },
      onResponse: (status: number, body: string) => {
        errors.responses += 1;
        // A GraphQL error anywhere in the answer, including a partial answer with data.
        let failed = status !== 200 || body.includes('"errors":');
        if (!failed && slot.expect) failed = !meetsExpectation(body, slot.expect);
        else if (!failed && errors.responses % SAMPLE_EVERY === 1) {
          sampled += 1;
          failed = !isCleanAnswer(body);
        }
        if (failed) {
          errors.errors += 1;
          errors.example ??= `HTTP ${status}: ${body.slice(0, 600)}`;
        }
      },
    };
  });

  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationSeconds,
        requests,
        ...(job.reconnectEvery ? { reconnectRate: job.reconnectEvery } : {}),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const answerErrors = Object.values(byQuery).reduce((sum, q) => sum + q.errors, 0);
  // autocannon's `errors` counts connection errors, timeouts included.
  const transportErrors = result.errors;
  const any = latencies.length > 0;
  return {
    responses: latencies.length,
    // Each connection sends its next request as soon as an answer arrives: one each is in flight at the end.
    sent: latencies.length + job.connections,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: any ? percentile(latencies, 50) : Number.NaN,
    p95Ms: any ? percentile(latencies, 95) : Number.NaN,
    p99Ms: any ? percentile(latencies, 99) : Number.NaN,
    errors: answerErrors + transportErrors,
    transportErrors,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    sampled,
    byQuery,
  };
}

if (process.send) {
  process.on('message', (message: LoadRequest) => {
    if (message.type !== 'run') return;
    runLoad(message.job).then(
      (result) => process.send?.({ type: 'result', result } satisfies LoadReply),
      (error: Error) =>
        process.send?.({ type: 'failed', message: error.stack ?? String(error) } satisfies LoadReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
