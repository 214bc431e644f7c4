import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { text } from '../../../lib/i18n/messages.ts';
import { openServiceCenterDatabase, type ServiceCenterDatabase } from '../storage/database.ts';
import { type ApplicationRow, ServiceCenterStore } from '../store.ts';
import {
  ConsentMissing,
  type ErrandDefinition,
  type StepContext,
  type StepDefinition,
  type StepNeeds,
  stepsFor,
} from './definition.ts';
import { ErrandEngine, type SettledRun } from './ErrandEngine.ts';
import { StepError } from './StepError.ts';

/** Steps that fail for good, checks that break a rule, and steps slower than their default delay (ms). */
type Input = { failing?: string[]; rejecting?: boolean; slow?: Record<string, number> };

let database: ServiceCenterDatabase;
let store: ServiceCenterStore;
let engine: ErrandEngine;
let log: string[];
let failures: Map<string, number>;
/** Questions checkB leaves to a person while set, as a department would until its records change. */
let openQuestion: string | undefined;

/** An errand shaped like the newborn one: two checks → two acts → one act → two acts. */
function errand(): ErrandDefinition<Input> {
  const act = (name: string, needs: StepNeeds, delayMs = 10): StepDefinition<Input> => ({
    name,
    title: name,
    department: `dept-${name}`,
    kind: 'ACT',
    needs,
    run: async ({ input, idempotencyKey }) => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, input.slow?.[name] ?? delayMs));
      const left = failures.get(name) ?? 0;
      if (left > 0) {
        failures.set(name, left - 1);
        throw new StepError(`dept-${name}`, 'DOWNSTREAM_SERVICE_ERROR', `${name} is down`, true);
      }
      if (input.failing?.includes(name))
        throw new StepError(`dept-${name}`, 'DEPARTMENT_REJECTED', 'refused', false);
      log.push(`done ${name}`);
      return { result: { key: idempotencyKey }, reference: `${name}-ref` };
    },
  });
  const certificate = act('certificate', {});
  const hukou = act('hukou', { certificate });
  return {
    kind: 'TEST',
    steps: [
      {
        name: 'checkA',
        title: 'A',
        department: 'a',
        kind: 'CHECK',
        needs: {},
        run: async ({ input }) => ({
          result: {},
          violations: input.rejecting ? [{ rule: 'RULE_A', department: 'a', message: 'rule A broken' }] : [],
        }),
      },
      {
        name: 'checkB',
        title: 'B',
        department: 'b',
        kind: 'CHECK',
        needs: {},
        run: async () => ({
          result: { b: 1 },
          reviews: openQuestion ? [{ rule: 'QUESTION_B', department: 'b', message: openQuestion }] : [],
        }),
      },
      certificate,
      act('vaccination', {}, 40),
      hukou,
      act('school', { hukou }),
      { ...act('assistance', { hukou }), skipReason: () => text('reason.noAssistance') },
    ],
  };
}

async function submit(input: Input, subjectKey = 'subject-1'): Promise<ApplicationRow> {
  const steps = engine.stepsOf('TEST');
  const { application } = await store.createApplication({
    id: `APP-${subjectKey}`,
    kind: 'TEST',
    applicantCitizenId: '11010519491231002X',
    subjectKey,
    clientKey: null,
    input,
    submittedAt: new Date().toISOString(),
    dueAt: new Date().toISOString(),
    items: steps.map((step) => ({ step: step.name, department: step.department })),
  });
  return application;
}

const statuses = async (id: string) =>
  Object.fromEntries((await store.items(id)).map((item) => [item.step, item.status]));

beforeEach(async () => {
  database = await openServiceCenterDatabase({ inMemory: true });
  store = new ServiceCenterStore(database.db);
  engine = new ErrandEngine({ store, retry: { attempts: 3, baseDelayMs: 1 } });
  engine.register(errand());
  log = [];
  failures = new Map();
  openQuestion = undefined;
});

afterEach(async () => {
  await engine.drain();
  await database.close();
});

describe('ErrandEngine', () => {
  it('runs every step after the steps it depends on, starting each as soon as it can', async () => {
    const application = await submit({});
    const final = await engine.run(application.id);
    expect(final.status).toBe('COMPLETED');
    expect(await statuses(application.id)).toEqual({
      checkA: 'DONE',
      checkB: 'DONE',
      certificate: 'DONE',
      vaccination: 'DONE',
      hukou: 'DONE',
      school: 'DONE',
      assistance: 'SKIPPED',
    });
    // hukou needs only the certificate: it starts while the slower vaccination act is still running.
    expect(log.indexOf('start hukou')).toBeLessThan(log.indexOf('done vaccination'));
    expect(log.indexOf('start hukou')).toBeGreaterThan(log.indexOf('done certificate'));
    expect(log.indexOf('start certificate')).toBeLessThan(log.indexOf('done vaccination'));
  });

  it('rejects an application that breaks a rule before any act runs', async () => {
    const application = await submit({ rejecting: true });
    const final = await engine.run(application.id);
    expect(final.status).toBe('REJECTED');
    expect(log).toEqual([]);
    const checkA = (await store.items(application.id)).find((item) => item.step === 'checkA');
    expect(checkA).toMatchObject({ status: 'FAILED', reason: 'rule A broken' });
    expect((await statuses(application.id)).hukou).toBe('SKIPPED');
    expect(await store.tickets(application.id)).toEqual([]);
  });

  it('retries a transient failure and then succeeds', async () => {
    failures.set('hukou', 2);
    const application = await submit({});
    expect((await engine.run(application.id)).status).toBe('COMPLETED');
    expect((await store.items(application.id)).find((item) => item.step === 'hukou')?.attempts).toBe(3);
  });

  it('fails a step for good, blocks its dependants, completes the rest and opens a ticket', async () => {
    const application = await submit({ failing: ['hukou'] });
    const final = await engine.run(application.id);
    expect(final.status).toBe('NEEDS_ATTENTION');
    expect(await statuses(application.id)).toMatchObject({
      certificate: 'DONE',
      vaccination: 'DONE',
      hukou: 'FAILED',
      school: 'BLOCKED',
      assistance: 'BLOCKED',
    });
    // A refusal is not retried: retrying cannot change a department's rule.
    expect(log.filter((line) => line === 'start hukou')).toHaveLength(1);
    const [ticket] = await store.tickets(application.id);
    expect(ticket).toMatchObject({
      step: 'hukou',
      department: 'dept-hukou',
      status: 'OPEN',
      reason: 'dept-hukou: refused',
    });
    expect(new Date(ticket?.dueAt ?? 0).getTime()).toBeGreaterThan(new Date(ticket?.openedAt ?? 0).getTime());
  });

  it('blocks the whole chain behind a step that fails, also when it is the last step to finish', async () => {
    // certificate fails after every other runnable step has finished: hukou and, behind it, school
    // and assistance can never run, and each says so.
    const application = await submit({ failing: ['certificate'], slow: { certificate: 80 } });
    const final = await engine.run(application.id);
    expect(final.status).toBe('NEEDS_ATTENTION');
    expect(await statuses(application.id)).toMatchObject({
      certificate: 'FAILED',
      vaccination: 'DONE',
      hukou: 'BLOCKED',
      school: 'BLOCKED',
      assistance: 'BLOCKED',
    });
  });

  it('resumes a failed application once the cause is fixed, redoing only what did not finish', async () => {
    failures.set('hukou', 10);
    const application = await submit({});
    expect((await engine.run(application.id)).status).toBe('NEEDS_ATTENTION');
    failures.clear();
    log = [];
    const final = await engine.resume(application.id);
    expect(final?.status).toBe('COMPLETED');
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start hukou', 'start school']);
    expect((await store.tickets(application.id))[0]?.status).toBe('RESOLVED');
  });

  it('holds back every act while a check waits for a person, with a ticket naming the question', async () => {
    openQuestion = 'the address lies in no school district';
    const application = await submit({});
    const final = await engine.run(application.id);
    expect(final.status).toBe('NEEDS_ATTENTION');
    expect(log).toEqual([]);
    expect(await statuses(application.id)).toEqual({
      checkA: 'DONE',
      checkB: 'NEEDS_REVIEW',
      certificate: 'BLOCKED',
      vaccination: 'BLOCKED',
      hukou: 'BLOCKED',
      school: 'BLOCKED',
      assistance: 'BLOCKED',
    });
    const items = await store.items(application.id);
    expect(items.find((item) => item.step === 'checkB')?.reason).toBe(openQuestion);
    expect(items.find((item) => item.step === 'hukou')?.reason).toBe('waits for a person to review checkB');
    expect(await store.tickets(application.id)).toEqual([
      expect.objectContaining({
        step: 'checkB',
        department: 'b',
        status: 'OPEN',
        reason: 'b: the address lies in no school district',
      }),
    ]);
  });

  it('rejects rather than asks a person when another check found a broken rule', async () => {
    openQuestion = 'the address lies in no school district';
    const application = await submit({ rejecting: true });
    expect((await engine.run(application.id)).status).toBe('REJECTED');
    expect(log).toEqual([]);
    expect(await store.tickets(application.id)).toEqual([]);
  });

  it('asks the check again on resume: still open keeps one ticket, answered completes and resolves it', async () => {
    openQuestion = 'the address lies in no school district';
    const application = await submit({});
    await engine.run(application.id);
    expect((await engine.resume(application.id))?.status).toBe('NEEDS_ATTENTION');
    expect(await store.tickets(application.id)).toHaveLength(1);

    openQuestion = undefined;
    const final = await engine.resume(application.id);
    expect(final?.status).toBe('COMPLETED');
    expect((await statuses(application.id)).checkB).toBe('DONE');
    expect(await store.tickets(application.id)).toEqual([
      expect.objectContaining({ step: 'checkB', status: 'RESOLVED' }),
    ]);
  });

  it('carries on after a crash, re-running the act that was under way', async () => {
    const application = await submit({});
    // What a process that died during the hukou act leaves behind: the act marked running under the
    // process's lease, which lapsed once nobody renewed it.
    const at = new Date().toISOString();
    const lapsed = { owner: 'crashed-replica', until: new Date(Date.now() - 1).toISOString() };
    expect(await store.claim(application.id, lapsed, at)).toBeDefined();
    await store.setApplicationStatus(application.id, 'IN_PROGRESS');
    for (const step of ['checkA', 'checkB', 'certificate', 'vaccination']) {
      await store.finishItem(application.id, step, { status: 'DONE', result: { result: {} } }, at);
    }
    expect(await store.markRunning(application.id, 'hukou', at, lapsed.owner)).toBe(true);

    const restarted = new ErrandEngine({ store });
    restarted.register(errand());
    const [final] = await restarted.resumeUnfinished();
    expect(final?.status).toBe('COMPLETED');
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start hukou', 'start school']);
  });

  it('joins a second run of the same application instead of running its steps twice', async () => {
    const application = await submit({});
    const [first, second] = await Promise.all([engine.run(application.id), engine.run(application.id)]);
    expect(first.status).toBe('COMPLETED');
    expect(second).toEqual(first);
    expect(log.filter((line) => line === 'start hukou')).toHaveLength(1);
  });

  it('tells onSettled of each run that settled an application: its kind, outcome and how long it took', async () => {
    const runs: SettledRun[] = [];
    engine = new ErrandEngine({
      store,
      retry: { attempts: 1, baseDelayMs: 1 },
      onSettled: (run) => runs.push(run),
    });
    engine.register(errand());
    const completed = await submit({ slow: { hukou: 120 } }, 'subject-completed');
    await engine.run(completed.id);
    // A second run of a settled application settles nothing.
    await engine.run(completed.id);
    const rejected = await submit({ rejecting: true }, 'subject-rejected');
    await engine.run(rejected.id);
    failures.set('hukou', 1);
    const failed = await submit({}, 'subject-failed');
    await engine.run(failed.id);
    await engine.resume(failed.id);
    expect(runs.map(({ kind, status }) => `${kind} ${status}`)).toEqual([
      'TEST COMPLETED',
      'TEST REJECTED',
      'TEST NEEDS_ATTENTION',
      'TEST COMPLETED',
    ]);
    // The run waited for its slow step, and for nothing else that long.
    expect(runs[0]?.seconds).toBeGreaterThanOrEqual(0.12);
    expect(runs[0]?.seconds).toBeLessThan(5);
  });

  it('refuses a definition whose steps depend on each other in a cycle', () => {
    const step = (name: string, needs: StepNeeds): StepDefinition<Input> => ({
      name,
      title: name,
      department: 'x',
      kind: 'ACT',
      needs,
      run: async () => ({ result: {} }),
    });
    const a = step('a', {});
    const b = step('b', { a });
    const cyclic: ErrandDefinition<Input> = { kind: 'CYCLE', steps: [{ ...a, needs: { b } }, b] };
    expect(() => engine.register(cyclic)).toThrow(/cycle/);
  });

  it('refuses a definition with a step that needs a step the errand does not have', () => {
    const step = stepsFor<Input>();
    const elsewhere = step({
      name: 'elsewhere',
      title: '',
      department: 'x',
      kind: 'ACT',
      needs: {},
      run: async () => ({ result: {} }),
    });
    const lonely = step({
      name: 'lonely',
      title: '',
      department: 'x',
      kind: 'ACT',
      needs: { elsewhere },
      run: async () => ({ result: {} }),
    });
    expect(() => engine.register({ kind: 'UNKNOWN', steps: [lonely] })).toThrow(
      'step lonely of UNKNOWN depends on unknown step elsewhere',
    );
  });

  it('hands a step the results of the steps it needs, under its names for them, and nothing from a skipped one', async () => {
    const step = stepsFor<Input>();
    const seen: unknown[] = [];
    const check = step({
      name: 'check',
      title: '',
      department: 'x',
      kind: 'CHECK',
      needs: {},
      run: async () => ({ result: { householdId: 'HH-1', divisionCode: '500103' } }),
    });
    const register = step({
      name: 'register',
      title: '',
      department: 'x',
      kind: 'ACT',
      needs: {},
      run: async () => ({ result: { citizenId: '500103202610030028' } }),
    });
    const assistance = step({
      name: 'assistance',
      title: '',
      department: 'x',
      kind: 'ACT',
      needs: { household: check },
      skipReason: () => text('reason.noAssistance'),
      run: async () => ({ result: { caseId: 'DB-1' } }),
    });
    const report = step({
      name: 'report',
      title: '',
      department: 'x',
      kind: 'ACT',
      needs: { household: check, child: register, assistance },
      run: async ({ needs }) => {
        // Typed from each needed step's run: a skippable one may hand on nothing.
        expectTypeOf(needs.household).toEqualTypeOf<{ householdId: string; divisionCode: string }>();
        expectTypeOf(needs.child).toEqualTypeOf<{ citizenId: string }>();
        expectTypeOf(needs.assistance).toEqualTypeOf<{ caseId: string } | undefined>();
        seen.push(
          needs.household.divisionCode,
          needs.child.citizenId,
          needs.assistance?.caseId,
          Object.keys(needs).sort(),
        );
        return { result: {} };
      },
    });
    engine.register({ kind: 'NEEDS', steps: [check, register, assistance, report] });
    const { application } = await store.createApplication({
      id: 'APP-needs',
      kind: 'NEEDS',
      applicantCitizenId: '11010519491231002X',
      subjectKey: 'needs',
      clientKey: null,
      input: {},
      submittedAt: new Date().toISOString(),
      dueAt: new Date().toISOString(),
      items: engine.stepsOf('NEEDS').map((s) => ({ step: s.name, department: s.department })),
    });
    expect((await engine.run(application.id)).status).toBe('COMPLETED');
    expect(seen).toEqual(['500103', '500103202610030028', undefined, ['assistance', 'child', 'household']]);
  });
});

describe('ErrandEngine with an errand that needs a consent', () => {
  const request = {
    grantorCitizenId: 'grantor',
    granteeCitizenId: 'applicant',
    purpose: 'TEST',
    objectId: 'object',
  };
  /** Whether the consent register has the consent. */
  let consentGiven: boolean;
  /** Whether checkB finds the consent gone when it comes to use it (revoked meanwhile). */
  let consentGone: boolean;

  beforeEach(() => {
    consentGiven = false;
    consentGone = false;
    engine = new ErrandEngine({
      store,
      retry: { attempts: 3, baseDelayMs: 1 },
      consents: { available: async () => consentGiven },
    });
    const base = errand();
    engine.register({
      ...base,
      consentNeeded: () => request,
      steps: base.steps.map((step) =>
        step.name === 'checkB'
          ? {
              ...step,
              run: async (context: StepContext<Input>) => {
                if (consentGone) {
                  consentGiven = false; // revoked: the register has it no more
                  throw new ConsentMissing(request);
                }
                return step.run(context);
              },
            }
          : step,
      ),
    });
  });

  it('runs no step while the consent is missing, and carries on when run once it is given', async () => {
    const application = await submit({});
    expect((await engine.run(application.id)).status).toBe('AWAITING_CONSENT');
    expect(engine.awaitedConsent((await store.application(application.id)) as ApplicationRow)).toEqual(
      request,
    );
    expect(new Set(Object.values(await statuses(application.id)))).toEqual(new Set(['PENDING']));
    expect(log).toEqual([]);

    consentGiven = true;
    expect((await engine.run(application.id)).status).toBe('COMPLETED');
    expect(
      engine.awaitedConsent((await store.application(application.id)) as ApplicationRow),
    ).toBeUndefined();
  });

  it('puts a step that finds the consent gone back to PENDING, starts nothing more, and waits again', async () => {
    consentGiven = true;
    consentGone = true;
    const application = await submit({});
    expect((await engine.run(application.id)).status).toBe('AWAITING_CONSENT');
    expect(await statuses(application.id)).toMatchObject({
      checkA: 'DONE',
      checkB: 'PENDING',
      certificate: 'PENDING',
    });
    expect(log).toEqual([]);
    expect(await store.tickets(application.id)).toEqual([]);

    consentGone = false;
    consentGiven = true;
    expect((await engine.run(application.id)).status).toBe('COMPLETED');
  });

  it('wakes an application whose consent arrived while it was being set to wait, and completes it', async () => {
    const application = await submit({});
    // The consent is given between the run's look and its write of AWAITING_CONSENT: the wake-up of
    // giveConsent found nothing waiting.
    let looks = 0;
    engine = new ErrandEngine({ store, consents: { available: async () => looks++ > 0 } });
    engine.register({ ...errand(), consentNeeded: () => request });
    expect((await engine.run(application.id)).status).toBe('SUBMITTED');
    expect((await engine.run(application.id)).status).toBe('COMPLETED');
  });

  it('looks again at applications waiting for a consent when a process restarts', async () => {
    const application = await submit({});
    await engine.run(application.id);
    consentGiven = true;
    const [final] = await engine.resumeUnfinished();
    expect(final?.status).toBe('COMPLETED');
  });
});
