/**
 * `npm run soak`: mixed load against the whole system for a few minutes, with one department's API
 * restarted in the middle, then a check that every errand submitted reached a final state exactly
 * once. Not part of the tests: it takes minutes and its figures depend on the machine.
 *
 *   npm run soak                              3 minutes, 8 reading users, civil-affairs down 10 s mid-run
 *   npm run soak -- --quick                   30 s
 *   npm run soak -- --minutes 10 --department health --outage-seconds 20
 *
 * Everything runs in this process: the system starts on port 0 with its stores in a new temporary
 * DATA_DIR (on disk, so the restarted department finds its store again; deleted at the end). Virtual
 * users send reads (a citizen's profile as the citizen, an auditor's list of people, school district
 * look-ups, a household register as a member) while the errands of the seed's scenarios are
 * submitted over the run — every newborn birth record once, the school enrolments of the coming
 * year — some while the department is down. Those answer NEEDS_ATTENTION with a ticket and are
 * resumed once it is back. Prints a markdown report and, last, `soak_ok=true|false requests=N
 * errors=M`; exits 1 when the exactly-once check fails.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { departmentSystemOf } from '../lib/auth/services.ts';
import { DEFAULT_SEED_DIR } from '../mocks/kit/config.ts';
import { entryYearOn } from '../subgraphs/service-center/enrolment/application.ts';
import { type RunningSystem, startSystem } from '../system/startSystem.ts';
import { DepartmentRestart } from './soak/DepartmentRestart.ts';
import { type ErrandOutcome, ErrandRunner, unsettled } from './soak/ErrandRunner.ts';
import {
  enrolmentErrands,
  newbornErrands,
  type ScheduledErrand,
  scheduleErrands,
} from './soak/errandPlan.ts';
import { checkExactlyOnce } from './soak/exactlyOnce.ts';
import { LoadRecorder } from './soak/LoadRecorder.ts';
import { collectGarbage, memoryNow, PeakMemory } from './soak/memory.ts';
import { readSoakOptions, type SoakOptions } from './soak/options.ts';
import { ReadMix, runReader } from './soak/reads.ts';
import { formatReport } from './soak/report.ts';
import { SoakClient } from './soak/SoakClient.ts';
import { readSoakSeed, type SoakSeed } from './soak/seedData.ts';
import { SoakStores } from './soak/stores.ts';

const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

/** Runs the errands of one family one after another, each at its time; never rejects. */
function runErrands(runner: ErrandRunner, errands: ScheduledErrand[], startedAt: number) {
  const outcomes: ErrandOutcome[] = [];
  const families = new Map<string, Promise<void>>();
  for (const errand of errands) {
    const previous = families.get(errand.family) ?? Promise.resolve();
    const next = previous.then(async () => {
      await sleepUntil(startedAt + errand.atMs);
      const outcome = await runner
        .run(errand)
        .catch((error: unknown) => unsettled(errand, error instanceof Error ? error.message : String(error)));
      outcomes.push(outcome);
    });
    families.set(errand.family, next);
  }
  return Promise.all(families.values()).then(() => outcomes);
}

/** Runs the load, restarts the department, checks; true when the exactly-once check passes. */
async function soak(system: RunningSystem, seed: SoakSeed, options: SoakOptions, dataDir: string) {
  const today = () => seed.scenarios.referenceDate;
  const restart = new DepartmentRestart(system, {
    department: options.department,
    seedDir: DEFAULT_SEED_DIR,
    dataDir,
    trust: system.authentication.trustFor(departmentSystemOf(options.department)),
    today,
  });
  try {
    const recorder = new LoadRecorder();
    const client = new SoakClient({
      gatewayUrl: system.gatewayUrl as string,
      issuer: system.authentication.issuer,
      recorder,
      phase: () => restart.phase(),
      tokenTtlSeconds: Math.ceil(options.durationMs / 1000) + 3600,
    });
    const entryYear = entryYearOn(today());
    const outageStartMs = (options.durationMs - options.outageMs) / 2;
    const errands = scheduleErrands(
      [...newbornErrands(seed), ...enrolmentErrands(seed, entryYear)],
      options.durationMs,
      { startMs: outageStartMs, endMs: outageStartMs + options.outageMs },
    );
    const stores = new SoakStores(system, dataDir);
    const before = stores.counts();
    const mix = new ReadMix(seed, entryYear);
    const runner = new ErrandRunner(client, { departmentBack: () => restart.back() });

    const gcForced = collectGarbage();
    const start = memoryNow();
    const peak = new PeakMemory();
    const startedAt = Date.now();
    const until = startedAt + options.durationMs;
    const readers = Array.from({ length: options.readers }, (_, user) =>
      runReader(client, mix, user, until, options.thinkMs),
    );
    const outage = (async () => {
      await sleepUntil(startedAt + outageStartMs);
      await restart.stop();
      await sleepUntil(startedAt + outageStartMs + options.outageMs);
      await restart.start();
    })();
    const [outcomes] = await Promise.all([runErrands(runner, errands, startedAt), outage, ...readers]);
    const settledAt = Date.now();
    const peakDuringLoad = peak.stop();
    collectGarbage();
    const end = memoryNow();

    const exactlyOnce = checkExactlyOnce(outcomes, stores, before, (department, route) =>
      department === restart.department
        ? restart.calls(route)
        : (system.departmentSystems.get(department)?.server.calls.count(route) ?? 0),
    );
    const setup =
      `${options.durationMs / 60_000} min of load, ${options.readers} reading users ` +
      `(${options.thinkMs} ms between requests), ${errands.length} errands, ${restart.department} API restarted`;
    console.log(
      formatReport({
        setup,
        timeline: { startedAt, ...restart.outage, settledAt },
        department: restart.department,
        load: recorder.summary(),
        memory: { start, end, peak: peakDuringLoad, gcForced },
        errands: outcomes,
        exactlyOnce,
      }),
    );
    return exactlyOnce.ok;
  } finally {
    await restart.close();
  }
}

/** Starts the system in a new DATA_DIR, soaks it, stops it and deletes the DATA_DIR; the exit code. */
async function main(options: SoakOptions): Promise<number> {
  const seed = readSoakSeed(DEFAULT_SEED_DIR);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onething-soak-'));
  try {
    const system = await startSystem({
      ports: 'ephemeral',
      seedDir: DEFAULT_SEED_DIR,
      inMemory: false,
      dataDir,
      // The seed's reference date, so that its eligible births are under a year old.
      today: () => seed.scenarios.referenceDate,
    });
    try {
      return (await soak(system, seed, options, dataDir)) ? 0 : 1;
    } finally {
      await system.stop();
      // system.stop() closes the servers but not their Apollo servers and their signal handlers.
      for (const apollo of [
        system.gateway?.apollo,
        ...[...system.subgraphs.values()].map((s) => s.server.apollo),
      ]) {
        await apollo?.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let options: SoakOptions;
try {
  options = readSoakOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
