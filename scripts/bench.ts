/**
 * `npm run bench`: our gateway against plain @apollo/gateway and Hive Gateway, on the same supergraph,
 * subgraphs and department systems, under the same load.
 * Hive Gateway is not in the root install: it is a package of its own (`bench/gateways/comparison/`),
 * installed with `npm ci` on first use (`bench/gateways/comparisonPackage.ts`).
 *
 *   npx tsx scripts/bench.ts                  3 rounds, 10 s per workload, 16 connections
 *   npx tsx scripts/bench.ts --quick          1 round of the mix, the errand and the floor's query, 2 s
 *                                             each (< 1 min)
 *   npx tsx scripts/bench.ts --cpu-prof ours  also writes our gateway's CPU profiles (one per thread) to
 *                                             .data/bench-ours-cpuprofile/
 *   npx tsx scripts/bench.ts --rounds 5 --duration 20 --connections 32
 *
 * The subgraphs and department systems run in this process (in memory, the repository's seed); each
 * gateway runs in a process of its own and the load comes from another (autocannon), so no two of
 * them share an event loop. In each round every gateway takes its turn (the order rotates) at each
 * workload — each query alone, the registerNewborn errand alone, then the mix (about 1 request in 20
 * an errand) — and the floor is the same single-department query sent straight to the
 * public-security subgraph. Every errand registers a birth of its own: before each job that sends
 * errands, families are made in the department stores with the other parent's consent already given
 * (`bench/gateways/errands.ts`), and after it every errand is waited for until final, so that no
 * gateway's errands run in another's turn. Prints markdown tables, writes `.data/bench.json` and
 * `.data/bench.md` and the charts (`docs/benchmarks/*.svg`; with `--quick`, `.data/bench-charts/`), and prints last the line `ratio_vs_apollo_gateway=X ratio_vs_hive_gateway=Y`:
 * our throughput over theirs on the mixed workload, median over rounds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadAuthentication } from '../lib/auth/config.ts';
import { GATEWAY } from '../lib/auth/services.ts';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import { startSystem } from '../system/startSystem.ts';
import { deploymentServices, ROOT } from '../system/topology.ts';
import { benchCharts } from './bench/gateways/charts.ts';
import { ensureComparisonPackage } from './bench/gateways/comparisonPackage.ts';
import { type DelegationFor, delegationsOf } from './bench/gateways/delegations.ts';
import { NewbornErrands, REGISTER_NEWBORN } from './bench/gateways/errands.ts';
import { GatewayProcess } from './bench/gateways/GatewayProcess.ts';
import { LoadGenerator } from './bench/gateways/LoadGenerator.ts';
import { errandLine, type MeasureContext, measure, progressLine, warmUp } from './bench/gateways/measure.ts';
import { checkSingleDepartment, settleIdentities, writeRoutedSupergraph } from './bench/gateways/prepare.ts';
import {
  GATEWAY_KINDS,
  type GatewayKind,
  KEYS_DIR_ENV,
  type LoadSlot,
  TOKEN_POLICY_ENV,
} from './bench/gateways/protocol.ts';
import { type BenchOptions, buildResult, markdownReport, summaryLine } from './bench/gateways/report.ts';
import { type ErrandTally, errandsWentWell, type Measurement, MIXED } from './bench/gateways/results.ts';
import { SubgraphCounter } from './bench/gateways/SubgraphCounter.ts';
import {
  errandSlot,
  mintTokens,
  mixedSlots,
  variantsOf,
  workloadQueries,
} from './bench/gateways/workload.ts';

/** Where the results are written; `.data/` is git-ignored. */
const RESULT_DIR = path.join(ROOT, '.data');
/** Where a full run writes its charts, which `BENCHMARKS.md` shows (`--quick`: under `.data/`). */
const PUBLISHED_CHARTS = path.join(ROOT, 'docs', 'benchmarks');
/** The single-department query of the floor, sent through every gateway and straight to its subgraph. */
const FLOOR_QUERY = 'HouseholdMembers';
/** The subgraph that alone answers the floor's query. */
const FLOOR_SUBGRAPH = 'public-security';

function positive(option: string, value: string | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    throw new Error(
      `--${option} must be a ${integer ? 'whole ' : ''}number above 0, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/**
 * Reads the command line. `--quick` is 1 round of the mixed workload (it holds every query), the
 * errand alone and the floor's query, 2 s each, unless told otherwise; `--cpu-prof <gateway>` writes
 * that gateway's V8 CPU profiles (one per thread: the main thread's is the largest) to
 * `.data/bench-<gateway>-cpuprofile/`.
 */
function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const profiled = values['cpu-prof'];
  if (profiled !== undefined && !GATEWAY_KINDS.includes(profiled as GatewayKind)) {
    throw new Error(`--cpu-prof names a gateway, one of ${GATEWAY_KINDS.join(', ')}; got ${profiled}`);
  }
  return {
    rounds: positive('rounds', values.rounds, quick ? 1 : 3),
    durationSeconds: positive('duration', values.duration, quick ? 2 : 10, false),
    warmupSeconds: quick ? 0.5 : 3,
    connections: positive('connections', values.connections, 16),
    quick,
    cpuProfile: profiled as GatewayKind | undefined,
  };
}

const rotate = <T>(items: readonly T[], by: number) =>
  items.map((_, i) => items[(i + by) % items.length] as T);

const startedAt = performance.now();
const elapsed = () => `[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)} s]`;

/** This run's development keys and supergraph file; removed at the end, and on Ctrl-C. */
const workDir = mkdtempSync(path.join(os.tmpdir(), 'onething-bench-'));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readOptions(argv);
  // Before anything starts: a failed install stops the run at once, and never runs during a measurement.
  await ensureComparisonPackage();
  const authentication = await loadAuthentication(deploymentServices(), {
    DATA_DIR: workDir,
    NODE_ENV: 'development',
  });
  console.error('starting the subgraphs and department systems…');
  const system = await startSystem({
    ports: 'ephemeral',
    seedDir: DEFAULT_SEED_DIR,
    inMemory: true,
    withoutGateway: true,
    authentication,
  });
  const counter = new SubgraphCounter(system);
  const errands = new NewbornErrands(system, authentication, DEFAULT_SEED_DIR);
  const supergraphFile = writeRoutedSupergraph(workDir, system);
  const queries = workloadQueries(DEFAULT_SEED_DIR);
  const tokens = await mintTokens(authentication.issuer, queries);
  const floorUrl = system.subgraphs.get(FLOOR_SUBGRAPH)?.url;
  if (!floorUrl) throw new Error('the public-security subgraph did not start');

  console.error(`${elapsed()} starting the gateways…`);
  const gateways = new Map<GatewayKind, GatewayProcess>();
  const load = LoadGenerator.start();
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const workloads: { name: string; slots: LoadSlot[] }[] = [];
  const warmUpErrands: { kind: GatewayKind; tally: ErrandTally }[] = [];
  try {
    const env = {
      [KEYS_DIR_ENV]: path.join(workDir, 'dev-keys'),
      [TOKEN_POLICY_ENV]: `${authentication.issuer.issuer} ${authentication.issuer.audience}`,
    };
    const profile = (kind: GatewayKind) =>
      kind === options.cpuProfile
        ? ['--cpu-prof', '--cpu-prof-dir', path.join(RESULT_DIR, `bench-${kind}-cpuprofile`)]
        : [];
    const started = await Promise.allSettled(
      GATEWAY_KINDS.map((kind) => GatewayProcess.start(kind, supergraphFile, env, profile(kind))),
    );
    for (const outcome of started)
      if (outcome.status === 'fulfilled') gateways.set(outcome.value.kind, outcome.value);
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    const ours = gateways.get('ours') as GatewayProcess;
    console.error(`${elapsed()} checking each request's identity through our gateway…`);
    notes.push(...(await settleIdentities(ours.url, queries, tokens)));
    const variants = new Map(queries.map((q) => [q.name, variantsOf(q, tokens)]));
    const slotsOf = (query: string) => [{ query, variants: variants.get(query) ?? [] }];
    for (const query of queries) {
      if (!options.quick || query.name === FLOOR_QUERY)
        workloads.push({ name: query.name, slots: slotsOf(query.name) });
    }
    workloads.push({ name: REGISTER_NEWBORN, slots: [errandSlot()] });
    workloads.push({ name: MIXED, slots: mixedSlots(variants) });
    const floorSlots = slotsOf(FLOOR_QUERY);
    const floorRequest = floorSlots[0]?.variants[0];
    if (!floorRequest) throw new Error(`the workload has no ${FLOOR_QUERY} query for the floor`);
    await checkSingleDepartment(ours.url, floorRequest, counter);

    const context: MeasureContext = { load, counter, errands, ...options };
    const probing = 2 * options.connections;
    const probed = await errands.probeRate(probing, options.connections);
    console.error(
      `${elapsed()} ${errands.templates} seed families to copy; ${probing} errands straight to the ` +
        `service-center: ${probed.toFixed(1)} a second`,
    );
    console.error(`${elapsed()} warming up (${options.warmupSeconds} s each)…`);
    const mixed = workloads.find((w) => w.name === MIXED)?.slots ?? [];
    const gatewayDelegation = delegationsOf(authentication.trustFor(GATEWAY));
    await warmUp(
      context,
      floorUrl,
      FLOOR_QUERY,
      await asGatewaySends(floorSlots, gatewayDelegation),
      options.warmupSeconds,
    );
    for (const gateway of gateways.values()) {
      const tally = await warmUp(context, gateway.url, MIXED, mixed, options.warmupSeconds);
      if (tally) {
        console.error(`${elapsed()} warm-up ${gateway.kind}: ${errandLine(tally)}`);
        warmUpErrands.push({ kind: gateway.kind, tally });
      }
    }

    for (let round = 1; round <= options.rounds; round++) {
      const floor = { round, target: 'floor' as const, url: floorUrl };
      const delegated = await asGatewaySends(floorSlots, gatewayDelegation);
      measurements.push(await measure(context, floor, FLOOR_QUERY, delegated));
      console.error(`${elapsed()} ${progressLine(measurements[measurements.length - 1] as Measurement)}`);
      for (const kind of rotate(GATEWAY_KINDS, round - 1)) {
        const gateway = gateways.get(kind) as GatewayProcess;
        for (const { name, slots } of workloads) {
          const m = await measure(context, { round, target: kind, url: gateway.url, gateway }, name, slots);
          measurements.push(m);
          console.error(`${elapsed()} ${progressLine(m)}`);
        }
      }
    }
  } finally {
    await load.stop();
    for (const gateway of gateways.values()) await gateway.stop();
    await system.stop();
  }

  notes.push(...errandNotes(errands, measurements, warmUpErrands));
  report({
    command: ['npx tsx scripts/bench.ts', ...argv].join(' '),
    options,
    floorQuery: FLOOR_QUERY,
    notes,
    workloads: workloads.map((w) => w.name),
    measurements,
  });
}

/**
 * What the report says about the registerNewborn errands: how many families were made and how long
 * that took, how many errands were sent and completed, and every job whose errands did not all
 * complete once each.
 */
function errandNotes(
  errands: NewbornErrands,
  measurements: readonly Measurement[],
  warmUps: readonly { kind: GatewayKind; tally: ErrandTally }[],
): string[] {
  const tallies = measurements.flatMap((m) => (m.errands ? [m.errands] : []));
  const total = (pick: (t: ErrandTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  const notes = [
    `registerNewborn: ${errands.made} families made from ${errands.templates} of the seed (probing and ` +
      `warm-ups included), each with a birth of its own and the father's consent, in ` +
      `${(errands.preparingMs / 1000).toFixed(1)} s outside the measurements; the measured jobs sent ` +
      `${total((t) => t.sent)} errands, ${total((t) => t.completed)} of them completed, ` +
      `${total((t) => t.repeats)} repeats; the slowest job's errands were final ` +
      `${Math.max(0, ...tallies.map((t) => t.settleSeconds))} s after its load.`,
  ];
  for (const m of measurements) {
    if (m.errands && !errandsWentWell(m.errands)) {
      notes.push(`round ${m.round} ${m.target} ${m.workload}: ${errandLine(m.errands)}.`);
    }
  }
  for (const { kind, tally } of warmUps) {
    if (!errandsWentWell(tally)) notes.push(`warm-up ${kind}: ${errandLine(tally)}.`);
  }
  return notes;
}

/**
 * The floor's requests as a gateway sends them to the public-security subgraph: each client's token
 * exchanged for the gateway's delegation to that subgraph alone, since a subgraph takes no client
 * token. Made again before each floor job (a delegation lives two minutes).
 */
async function asGatewaySends(slots: readonly LoadSlot[], delegationFor: DelegationFor): Promise<LoadSlot[]> {
  return Promise.all(
    slots.map(async (slot) => ({
      ...slot,
      variants: await Promise.all(
        slot.variants.map(async (variant) => ({
          ...variant,
          headers: {
            ...variant.headers,
            authorization: await delegationFor(variant.headers.authorization, FLOOR_SUBGRAPH),
          },
        })),
      ),
    })),
  );
}

/** Writes the JSON and markdown results and prints the report, the ratio line last. */
function report(run: Parameters<typeof buildResult>[0]): void {
  const result = buildResult(run);
  const markdown = markdownReport(result, run.workloads);
  mkdirSync(RESULT_DIR, { recursive: true });
  writeFileSync(path.join(RESULT_DIR, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(RESULT_DIR, 'bench.md'), markdown);
  // A full run's pictures are the ones BENCHMARKS.md shows; a quick check's never replace them.
  const chartDir = run.options.quick ? path.join(RESULT_DIR, 'bench-charts') : PUBLISHED_CHARTS;
  mkdirSync(chartDir, { recursive: true });
  const charts = benchCharts(result, run.workloads);
  for (const chart of charts) writeFileSync(path.join(chartDir, chart.name), chart.svg);
  console.log(markdown);
  console.log('results written to .data/bench.json and .data/bench.md');
  console.log(
    `charts written to ${charts.map((c) => path.relative(ROOT, path.join(chartDir, c.name))).join(', ')}`,
  );
  console.log(summaryLine(result));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: benchmark interrupted, nothing written`);
    rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  });
}

main().then(
  () => {
    rmSync(workDir, { recursive: true, force: true });
    // The subgraphs' and department systems' stores and timers may linger: the results are written.
    process.exit(0);
  },
  (error: unknown) => {
    rmSync(workDir, { recursive: true, force: true });
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
