/**
 * The registerNewborn errands of the benchmark. Before each load job that sends the errand (never
 * inside a timed measurement), fresh families are made (`families.ts`) and written into the
 * in-process department stores through each store's own seed loader (`familyRecords.ts`), the other
 * parent of each gives the applicant consent (as a family would have done earlier), and the
 * applicant's token is minted:
 * the job's errand slot gets one request per family, each for a birth never registered before. After
 * the job, the errands' background work is waited for until every application is final, so that one
 * gateway's errands never run during another's turn.
 */

import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { readExampleOperations } from '../../../gateway/explorer/examples.ts';
import type { Authentication } from '../../../lib/auth/config.ts';
import { parseIdentity } from '../../../lib/auth/identity.ts';
import type { TokenIssuer } from '../../../lib/auth/issuer.ts';
import { GATEWAY, SERVICE_CENTER } from '../../../lib/auth/services.ts';
import { todayInChina } from '../../../lib/clock.ts';
import {
  GRANT_CONSENT,
  newbornConsentVariables,
} from '../../../subgraphs/service-center/consents/operations.ts';
import type { RunningSystem } from '../../../system/startSystem.ts';
import { NEWBORN_REALISTIC } from '../errands/newborn.ts';
import {
  errandsNeeded,
  type Family,
  type FamilyTemplate,
  familyTemplates,
  makeFamilies,
  type TakenIds,
  takenIdsOf,
} from './families.ts';
import { readFamilySeed, writeFamilies } from './familyRecords.ts';
import type { LoadResult, LoadSlot, RequestVariant } from './protocol.ts';
import type { ErrandTally } from './results.ts';
import type { SubgraphCounter } from './SubgraphCounter.ts';

/** The errand's name in the workload: its example operation's. */
export const REGISTER_NEWBORN = 'RegisterNewborn';

/** What the errand answers before its background work is done: accepted, in progress or completed. */
export const ACCEPTED_STATUSES = ['SUBMITTED', 'IN_PROGRESS', 'COMPLETED'];
/** Application states that are not final: the errand is still at work (or waits for a consent). */
const UNFINISHED = ['SUBMITTED', 'IN_PROGRESS', 'AWAITING_CONSENT'];

/** A load job's slots, with its errands' families and the applications before it, when it has errands. */
export interface ErrandJob {
  slots: LoadSlot[];
  made?: number;
  before?: Record<string, number>;
}

/** How long the errands of one job may take to become final after it, ms. */
const SETTLE_DEADLINE_MS = 60_000;
/** Consents given at once while preparing. */
const PARALLEL_CONSENTS = 16;

/** The example operation `schema/operations/RegisterNewborn.graphql` and its child's name. */
function registerNewbornOperation(): { document: string; childName: string } {
  const operation = readExampleOperations().find((example) => example.name === REGISTER_NEWBORN);
  if (!operation) throw new Error(`schema/operations/ has no example operation ${REGISTER_NEWBORN}`);
  const { input } = operation.variables as { input: { childName: string } };
  return { document: operation.query, childName: input.childName };
}

/** Runs `work` over `items`, `parallel` at a time. */
async function inBatches<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += parallel) {
    await Promise.all(items.slice(start, start + parallel).map(work));
  }
}

/** Makes, sends and settles the benchmark's registerNewborn errands against one running system. */
export class NewbornErrands {
  readonly #system: RunningSystem;
  readonly #issuer: TokenIssuer;
  /**
   * The `Authorization` a gateway sends the service-center subgraph for a citizen: what a request
   * straight to the subgraph needs, since a subgraph takes no client token, only a hop's delegation.
   */
  readonly #asGateway: (citizenId: string) => Promise<string>;
  /** Whose registerNewborn each prepared request is (the mother's), for sending it straight. */
  readonly #applicants = new WeakMap<RequestVariant, string>();
  readonly #templates: FamilyTemplate[];
  readonly #taken: TakenIds;
  readonly #today = todayInChina();
  readonly #operation = registerNewbornOperation();
  readonly #serviceCenterUrl: string;
  /** The most requests a second each workload with errands sent so far, of all its slots. */
  readonly #rates = new Map<string, number>();
  /** Errands a second straight to the service-center, before any load. */
  #probed = 0;
  /** Families made so far. */
  made = 0;
  /** Time spent making families, giving consents and minting tokens, ms. */
  preparingMs = 0;

  constructor(system: RunningSystem, authentication: Authentication, seedDir: string) {
    this.#system = system;
    this.#issuer = authentication.issuer;
    const gateway = authentication.trustFor(GATEWAY).signer;
    this.#asGateway = async (citizenId) =>
      `Bearer ${await gateway.delegate(SERVICE_CENTER, parseIdentity(citizenId))}`;
    const seed = readFamilySeed(seedDir);
    this.#templates = familyTemplates(seed);
    this.#taken = takenIdsOf(seed);
    const serviceCenter = system.subgraphs.get('service-center')?.url;
    if (!serviceCenter) throw new Error('the service-center subgraph did not start');
    this.#serviceCenterUrl = serviceCenter;
  }

  /** How many of the seed's families are copied. */
  get templates(): number {
    return this.#templates.length;
  }

  /**
   * Makes `count` families ready to register their newborn: their records in public security, civil
   * affairs and health, the father's consent to the mother, and a request each, sent with the mother's
   * token (she applies; the child joins her household).
   */
  async prepare(count: number): Promise<RequestVariant[]> {
    const startedAt = performance.now();
    const families = makeFamilies(this.#templates, count, this.#today, this.#taken, this.made);
    this.made += count;
    writeFamilies(this.#system, families);
    const variants: RequestVariant[] = [];
    await inBatches(families, PARALLEL_CONSENTS, async (family) => {
      const mother = await this.#issuer.mint(parseIdentity(family.mother.citizenId));
      await this.#giveConsent(family);
      const variant = this.#request(family, mother);
      this.#applicants.set(variant, family.mother.citizenId);
      variants.push(variant);
    });
    this.preparingMs += performance.now() - startedAt;
    return variants;
  }

  /**
   * Gets a load job of `workload` ready: when one of its slots is the errand's, makes as many families
   * as the job may send errands ({@link errandsNeeded}: from the most requests a second this workload
   * sent so far, or else from probing, {@link probeRate}, with a wider margin) and gives the slot their
   * requests. Answers the job's slots and what {@link finishJob} needs.
   */
  async prepareJob(
    workload: string,
    slots: readonly LoadSlot[],
    durationSeconds: number,
    connections: number,
  ): Promise<ErrandJob> {
    const errandSlots = slots.filter((slot) => slot.query === REGISTER_NEWBORN).length;
    if (errandSlots === 0) return { slots: [...slots] };
    const seen = this.#rates.get(workload);
    const shape = { durationSeconds, connections, slots: slots.length, errandSlots };
    // Before this workload ran, its errands alone are bounded by what probing found, with a wide margin.
    const count = errandsNeeded(
      seen === undefined
        ? { ...shape, requestsPerSecond: this.#probed, slots: 1, errandSlots: 1, margin: 3 }
        : { ...shape, requestsPerSecond: seen },
    );
    const variants = await this.prepare(count);
    return {
      slots: slots.map((slot) => (slot.query === REGISTER_NEWBORN ? { ...slot, variants } : slot)),
      made: count,
      before: await this.applicationCounts(),
    };
  }

  /**
   * After a load job: waits until its errands are final ({@link settle}), remembers how many requests
   * it sent a second, and answers the errands' tally; nothing for a job without errands.
   */
  async finishJob(
    workload: string,
    job: ErrandJob,
    result: LoadResult,
    counter: SubgraphCounter,
  ): Promise<ErrandTally | undefined> {
    if (job.made === undefined || !job.before) return undefined;
    const sent = result.byQuery[REGISTER_NEWBORN]?.sent ?? 0;
    const repeats = result.byQuery[REGISTER_NEWBORN]?.repeats ?? 0;
    const rate = result.sent / result.seconds;
    this.#rates.set(workload, Math.max(this.#rates.get(workload) ?? 0, rate));
    return this.settle(counter, job.before, job.made, { sent, repeats });
  }

  /**
   * Sends `count` errands straight to the service-center subgraph, `parallel` at a time, and answers
   * how many it registered a second: before any load, the scale of what a load job may send.
   */
  async probeRate(count: number, parallel: number): Promise<number> {
    const variants = await this.prepare(count);
    const before = await this.applicationCounts();
    const startedAt = performance.now();
    await inBatches(variants, parallel, async (variant) => {
      // The subgraph alone answers the application and the newborn's key, not the other departments' fields.
      const { variables } = JSON.parse(variant.body) as { variables: unknown };
      const applicant = this.#applicants.get(variant) as string;
      const response = await fetch(this.#serviceCenterUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await this.#asGateway(applicant) },
        body: JSON.stringify({ query: NEWBORN_REALISTIC.query, variables }),
      });
      const body = await response.text();
      if (!body.includes('"status":"COMPLETED"'))
        throw new Error(`a probing registerNewborn answered ${body}`);
    });
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await this.applicationCounts();
    if ((after.COMPLETED ?? 0) - (before.COMPLETED ?? 0) !== count) {
      throw new Error(`${count} probing errands did not all complete: ${JSON.stringify(after)}`);
    }
    this.#probed = count / seconds;
    return this.#probed;
  }

  /** The newborn applications by status, as the service-center reports them at `/metrics`. */
  async applicationCounts(): Promise<Record<string, number>> {
    const response = await fetch(this.#serviceCenterUrl.replace(/\/graphql$/, '/metrics'));
    const text = await response.text();
    const counts: Record<string, number> = {};
    for (const [, labels, value] of text.matchAll(/^onething_applications\{([^}]*)\} (\d+)$/gm)) {
      if (!labels?.includes('kind="NEWBORN"')) continue;
      const status = /status="([A-Z_]+)"/.exec(labels)?.[1];
      if (status) counts[status] = (counts[status] ?? 0) + Number(value);
    }
    return counts;
  }

  /**
   * Waits until every newborn application is final (and the subgraphs quiet), at most
   * {@link SETTLE_DEADLINE_MS}, and tallies the applications made since `before`.
   */
  async settle(
    counter: SubgraphCounter,
    before: Record<string, number>,
    made: number,
    load: { sent: number; repeats: number },
  ): Promise<ErrandTally> {
    const startedAt = performance.now();
    let counts = before;
    const unfinished = () => UNFINISHED.reduce((n, status) => n + (counts[status] ?? 0), 0);
    for (;;) {
      await counter.settle();
      counts = await this.applicationCounts();
      if (unfinished() === 0 || performance.now() - startedAt > SETTLE_DEADLINE_MS) break;
      await delay(100);
    }
    const statuses = Object.fromEntries(
      [...new Set([...Object.keys(before), ...Object.keys(counts)])]
        .map((status) => [status, (counts[status] ?? 0) - (before[status] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
    return {
      made,
      sent: load.sent,
      repeats: load.repeats,
      applications: Object.values(statuses).reduce((a, b) => a + b, 0),
      completed: statuses.COMPLETED ?? 0,
      notFinal: unfinished(),
      statuses,
      settleSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)),
    };
  }

  /**
   * The father's consent to the mother, given straight to the service-center subgraph with the
   * delegation a gateway would send for him.
   */
  async #giveConsent(family: Family): Promise<void> {
    const response = await fetch(this.#serviceCenterUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await this.#asGateway(family.father.citizenId),
      },
      body: JSON.stringify({
        query: GRANT_CONSENT,
        variables: newbornConsentVariables(family.mother.citizenId, family.report.id),
      }),
    });
    const body = (await response.json()) as {
      data?: { grantConsent?: { status: string } };
      errors?: unknown;
    };
    if (body.data?.grantConsent?.status !== 'GIVEN') {
      throw new Error(`the consent of ${family.father.citizenId} was not given: ${JSON.stringify(body)}`);
    }
  }

  /** The mother's registerNewborn for the family's birth, with a key of her own as a client sends it. */
  #request(family: Family, motherToken: string): RequestVariant {
    const input = {
      birthRecordId: family.report.id,
      childName: this.#operation.childName,
      household: 'MOTHER',
      idempotencyKey: `bench-${family.report.id}`,
    };
    return {
      headers: { authorization: `Bearer ${motherToken}` },
      body: JSON.stringify({
        query: this.#operation.document,
        variables: { input },
        operationName: REGISTER_NEWBORN,
      }),
    };
  }
}
