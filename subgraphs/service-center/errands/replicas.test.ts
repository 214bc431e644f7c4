/**
 * Errands on several replicas sharing one store: an application's steps run on one replica at a time,
 * and a replica that stops renewing its leases (it died) has its applications carried on by another,
 * re-running the act that was under way under the same idempotency key. On the embedded store and,
 * with `DATABASE_URL`, on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithDatabase } from '../../../test/support/services.ts';
import { postgres, SQLITE, type TestDatabase, type TestDatabaseKind } from '../storage/testDatabases.ts';
import { ServiceCenterStore } from '../store.ts';
import type { ErrandDefinition, StepDefinition } from './definition.ts';
import { ErrandEngine } from './ErrandEngine.ts';
import { StepError } from './StepError.ts';

/** What the department saw: each act's idempotency key, once per call. */
let calls: string[];
/** Acts that do not answer until released: the replica running them is as good as dead. */
let hanging: Set<string>;
let releases: Array<() => void>;
/** Acts that, once released, fail for good: the stale replica's late answer. */
let failingLate: Set<string>;

function act(name: string, needs: Record<string, StepDefinition<unknown>> = {}): StepDefinition<unknown> {
  return {
    name,
    title: name,
    department: 'dept',
    kind: 'ACT',
    needs,
    run: async ({ idempotencyKey }) => {
      calls.push(idempotencyKey);
      if (hanging.has(name)) {
        await new Promise<void>((resolve) => releases.push(resolve));
        if (failingLate.has(name)) throw new StepError('dept', 'DEPARTMENT_REJECTED', 'refused late', false);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { result: { key: idempotencyKey } };
    },
  };
}

function errand(): ErrandDefinition<unknown> {
  const first = act('first');
  const second = act('second', { first });
  return { kind: 'TEST', steps: [first, second, act('third', { second })] };
}

function replicasOn(kind: TestDatabaseKind): void {
  let database: TestDatabase;
  let store: ServiceCenterStore;
  const engines: ErrandEngine[] = [];

  const replica = (name: string, leaseMs = 400) => {
    const engine = new ErrandEngine({ store, replica: name, leaseMs, sweepMs: 100, retry: { attempts: 1 } });
    engine.register(errand());
    engines.push(engine);
    return engine;
  };

  const submit = async (id: string) => {
    await store.createApplication({
      id,
      kind: 'TEST',
      applicantCitizenId: '500106198809158880',
      subjectKey: id,
      clientKey: null,
      input: {},
      submittedAt: new Date().toISOString(),
      dueAt: new Date().toISOString(),
      items: errand().steps.map((step) => ({ step: step.name, department: step.department })),
    });
  };

  beforeEach(async () => {
    calls = [];
    hanging = new Set();
    releases = [];
    failingLate = new Set();
    database = await kind.open();
    store = new ServiceCenterStore(database.db, database.engine);
  });
  afterEach(async () => {
    hanging.clear();
    for (const release of releases) release();
    await Promise.all(engines.splice(0).map((engine) => engine.drain()));
    await database.drop();
  });

  it('runs an application asked of two replicas together on one of them, each act once', async () => {
    await submit('APP-1');
    const [a, b] = [replica('a'), replica('b')];
    const answers = await Promise.all([a.run('APP-1'), b.run('APP-1')]);
    // One ran it; the other answered the application as it stood then, not yet settled.
    expect(answers.filter((answer) => answer.status === 'COMPLETED')).toHaveLength(1);
    expect(answers.filter((answer) => answer.status !== 'COMPLETED')[0]?.status).toMatch(
      /SUBMITTED|IN_PROGRESS/,
    );
    expect(calls).toEqual(['APP-1/first', 'APP-1/second', 'APP-1/third']);
  });

  it("carries on a dead replica's application once its lease lapses, redoing the act under way with its key", async () => {
    await submit('APP-1');
    hanging.add('second');
    const dead = replica('dead', 300);
    // Never started: it renews nothing, like a replica killed mid-act.
    const deadRun = dead.run('APP-1');
    await waitFor(() => calls.includes('APP-1/second'));
    hanging.clear();
    const survivor = replica('survivor');
    const started = Date.now();
    void survivor.start();
    await waitFor(async () => (await store.application('APP-1'))?.status === 'COMPLETED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toEqual(['APP-1/first', 'APP-1/second', 'APP-1/second', 'APP-1/third']);
    const items = await store.items('APP-1');
    expect(items.find((item) => item.step === 'second')?.attempts).toBe(2);
    // Should the dead one wake up, it is fenced off: it starts no act of an application it lost.
    for (const release of releases.splice(0)) release();
    await deadRun;
    expect(calls).toHaveLength(4);
  });

  it('lets a replica that lost the lease write nothing over the one that took it', async () => {
    await submit('APP-1');
    hanging.add('second');
    failingLate.add('second');
    const stale = replica('stale', 300);
    // Never started: it renews nothing, and its act answers only after another replica finished.
    const staleRun = stale.run('APP-1');
    await waitFor(() => calls.includes('APP-1/second'));
    hanging.clear();
    void replica('survivor').start();
    await waitFor(async () => (await store.application('APP-1'))?.status === 'COMPLETED');
    for (const release of releases.splice(0)) release();
    await staleRun;
    // Its late failure changed nothing: the item stays done, no ticket, the application completed.
    const second = (await store.items('APP-1')).find((item) => item.step === 'second');
    expect(second?.status).toBe('DONE');
    expect(await store.tickets('APP-1')).toEqual([]);
    expect((await store.application('APP-1'))?.status).toBe('COMPLETED');
  });

  it('stops starting steps on a replica that lost its lease to another', async () => {
    await submit('APP-1');
    hanging.add('first');
    const slow = replica('slow', 200);
    void slow.start();
    const run = slow.run('APP-1');
    await waitFor(() => calls.includes('APP-1/first'));
    // Another replica takes the lease as if the first had stalled past it.
    await store.release('APP-1', 'slow');
    const theft = { owner: 'thief', until: new Date(Date.now() + 60_000).toISOString() };
    expect(await store.claim('APP-1', theft, new Date().toISOString())).toBeDefined();
    hanging.clear();
    for (const release of releases.splice(0)) release();
    const answer = await run;
    // The slow replica finished the act it had begun, and began nothing after it.
    expect(answer.status).toBe('IN_PROGRESS');
    expect(calls).toEqual(['APP-1/first']);
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('errands on replicas sharing the embedded store', () => replicasOn(SQLITE));

describeWithDatabase('errands on replicas sharing PostgreSQL', (url) => replicasOn(postgres(url)));
