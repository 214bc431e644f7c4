/**
 * The whole system as the newborn benchmark runs it — every server in-process on port 0, every store
 * in memory, the repository's seed, department systems slowed by a fixed latency — and one timed
 * registerNewborn at a time. A birth record can be registered once per system start (a repeat answers
 * the existing application), so the system is restarted with fresh stores when the eligible reports
 * run out; starting it is never part of a measurement.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../../lib/auth/purpose.ts';
import { DEFAULT_SEED_DIR } from '../../mocks/kit/config.ts';
import {
  GRANT_CONSENT,
  newbornConsentVariables,
} from '../../subgraphs/service-center/consents/operations.ts';
import { dropSchema, uniqueSchema } from '../../subgraphs/service-center/storage/testDatabases.ts';
import { type RunningSystem, startSystem } from '../../system/startSystem.ts';
import { ROOT } from '../../system/topology.ts';
import type { Scenarios } from '../seed/scenarios.ts';
import { type ApiCall, ApiTrace } from './ApiTrace.ts';
import {
  type BenchPayload,
  FULL_SELECTION,
  type NewbornSelection,
  REALISTIC_SELECTION,
} from './operations.ts';

/** The named seed records (`mocks/scenarios.json`). */
export const scenarios = JSON.parse(
  readFileSync(path.join(ROOT, 'mocks', 'scenarios.json'), 'utf8'),
) as Scenarios;

/** One registerNewborn, measured. */
export interface ErrandSample {
  birthRecordId: string;
  selection: NewbornSelection['name'];
  /** Client-side: from sending the mutation to having read the COMPLETED answer, ms. */
  wallMs: number;
  /** Department system calls during the errand, by department (the APIs' counters). */
  callsByDepartment: Record<string, number>;
  /** The same calls in arrival order, times relative to sending the mutation. */
  calls: ApiCall[];
  /** Steps that needed more than one attempt (a retry adds its back-off delay). */
  retriedSteps: string[];
}

/** Thrown when an errand does not answer COMPLETED: the benchmark would measure the wrong thing. */
export class ErrandNotCompletedError extends Error {
  override name = 'ErrandNotCompletedError';
}

/** Who applies for a birth (the parent whose household the child joins) and who consents. */
interface Family {
  household: 'MOTHER' | 'FATHER';
  applicant: string;
  other: string | null;
}

/** A staff member who may read the birth records and the parents' registers. */
const CLERK = parseIdentity('staff:bench:health:read,public-security:read');

/**
 * Which parent's household each child joins — the mother's, unless only the father's hukou is in the
 * municipality (the seed’s `parentInOtherProvince` report) — and so who applies and who consents.
 * Read once per start, before any measurement.
 */
async function familiesOf(system: RunningSystem, birthRecordIds: readonly string[]) {
  const families = new Map<string, Family>();
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await system.authentication.issuer.mint(CLERK)}`,
    // Staff read for a case, as every staff read must (`lib/auth/purpose.ts`).
    [PURPOSE_HEADER]: 'case BENCH-1',
  };
  // Ten reports per request: the gateway allows at most 20 aliases an operation.
  for (let start = 0; start < birthRecordIds.length; start += 10) {
    const ids = birthRecordIds.slice(start, start + 10);
    const fields = ids.map(
      (id, i) =>
        `r${i}: birthRecord(id: "${id}") { mother { citizenId hukouInMunicipality } father { citizenId } }`,
    );
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `{ ${fields.join(' ')} }` }),
    });
    type Report = {
      mother: { citizenId: string; hukouInMunicipality: boolean };
      father: { citizenId: string } | null;
    };
    const body = (await response.json()) as { data?: Record<string, Report | null> | null };
    ids.forEach((id, i) => {
      const report = body.data?.[`r${i}`];
      if (!report) throw new Error(`the gateway has no birth record ${id}: ${JSON.stringify(body)}`);
      const father = report.father?.citizenId ?? null;
      const fatherApplies = !report.mother.hukouInMunicipality && father !== null;
      families.set(
        id,
        fatherApplies
          ? { household: 'FATHER', applicant: father, other: report.mother.citizenId }
          : { household: 'MOTHER', applicant: report.mother.citizenId, other: father },
      );
    });
  }
  return families;
}

/** A system that hands out eligible birth records, restarting itself when they run out. */
export class BenchSystem {
  readonly latencyMs: number;
  /** How many times the system was started. */
  starts = 0;
  #system: RunningSystem | undefined;
  #trace = new ApiTrace();
  #unused: string[] = [];
  #families = new Map<string, Family>();

  /** PostgreSQL for the service-center (a fresh schema per start, dropped at stop); else embedded. */
  readonly databaseUrl: string | undefined;
  #schema: string | undefined;

  /**
   * @param latencyMs the delay every department system adds to every answer (L), ms
   * @param databaseUrl PostgreSQL for the service-center's state; default the embedded SQLite store
   */
  constructor(latencyMs: number, databaseUrl?: string) {
    this.latencyMs = latencyMs;
    this.databaseUrl = databaseUrl;
  }

  /**
   * Runs one registerNewborn with `selection` for the next unused eligible birth record, and
   * measures it. Throws {@link ErrandNotCompletedError} unless the application answers COMPLETED.
   */
  async register(selection: NewbornSelection): Promise<ErrandSample> {
    const { system, birthRecordId } = await this.#nextBirthRecord();
    const apis = [...system.departmentSystems.values()];
    for (const api of apis) api.server.calls.reset();
    this.#trace.clear();

    // The other parent's consent and the applicant's token are prepared before the clock starts.
    const family = this.#families.get(birthRecordId) as Family;
    const { issuer } = system.authentication;
    if (family.other) {
      await fetch(system.gatewayUrl as string, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await issuer.mint(parseIdentity(family.other))}`,
        },
        body: JSON.stringify({
          query: GRANT_CONSENT,
          variables: newbornConsentVariables(family.applicant, birthRecordId),
        }),
      });
    }
    const authorization = `Bearer ${await issuer.mint(parseIdentity(family.applicant))}`;
    for (const api of apis) api.server.calls.reset();
    this.#trace.clear();

    const startedAt = performance.now();
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query: selection.query,
        variables: { input: { birthRecordId, childName: '王小宝', household: family.household } },
      }),
    });
    const body = (await response.json()) as {
      data?: { registerNewborn?: BenchPayload } | null;
      errors?: unknown[];
    };
    const wallMs = performance.now() - startedAt;

    const payload = body.data?.registerNewborn;
    if (response.status !== 200 || body.errors?.length || payload?.application.status !== 'COMPLETED') {
      const unfinished = payload?.application.items.filter(
        (i) => i.status !== 'DONE' && i.status !== 'SKIPPED',
      );
      throw new ErrandNotCompletedError(
        `registerNewborn(${birthRecordId}, ${selection.name}) answered HTTP ${response.status}, status ` +
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
      birthRecordId,
      selection: selection.name,
      wallMs,
      callsByDepartment,
      calls,
      retriedSteps: payload.application.items.filter((i) => i.attempts > 1).map((i) => i.step),
    };
  }

  /** Stops the running system, if any. Safe to call twice. */
  async stop(): Promise<void> {
    const system = this.#system;
    this.#system = undefined;
    if (!system) return;
    await system.stop();
    if (this.databaseUrl && this.#schema) await dropSchema(this.databaseUrl, this.#schema);
    // system.stop() closes the HTTP servers but not their Apollo servers, whose SIGINT/SIGTERM
    // handlers (installed unless NODE_ENV is test) would otherwise pile up with every restart.
    const apollos = [system.gateway?.apollo, ...[...system.subgraphs.values()].map((s) => s.server.apollo)];
    for (const apollo of apollos) await apollo?.stop();
  }

  async #nextBirthRecord(): Promise<{ system: RunningSystem; birthRecordId: string }> {
    if (!this.#system || this.#unused.length === 0) await this.#restart();
    const birthRecordId = this.#unused.shift();
    if (!this.#system || !birthRecordId) throw new Error('the seed lists no eligible birth record');
    return { system: this.#system, birthRecordId };
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
    this.#unused = [...scenarios.birthRecords.eligible];
    if (this.#unused.length <= 2) {
      throw new Error(
        `the warm-up needs 2 eligible birth records and the runs more; the seed lists ${this.#unused.length}`,
      );
    }
    this.#families = await familiesOf(this.#system, this.#unused);
    for (const selection of [REALISTIC_SELECTION, FULL_SELECTION]) await this.register(selection);
  }
}
