/**
 * What the service-center's store promises, whichever engine it runs on: one suite, run by
 * `store.test.ts` against the embedded SQLite store and against PostgreSQL. The races here are the
 * ones replicas meet — two identical submissions, two replicas asking for one lease, two steps using
 * one consent — sent together on one database. Test support only.
 */

import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { render, type Text, text } from '../../../lib/i18n/messages.ts';
import { ConsentRegister } from '../consents/ConsentRegister.ts';
import { DeliveryDesk } from '../newborn/DeliveryDesk.ts';
import { type NewApplication, ServiceCenterStore } from '../store.ts';
import { TicketDesk } from '../tickets/TicketDesk.ts';
import { openServiceCenterDatabase } from './database.ts';
import type { TestDatabase, TestDatabaseKind } from './testDatabases.ts';

const GRANTOR = '500106198606126598';
const GRANTEE = '500106198809158880';
const BIRTH = 'BR202609060001';
const request = {
  grantorCitizenId: GRANTOR,
  granteeCitizenId: GRANTEE,
  purpose: 'NEWBORN_REGISTRATION',
  objectId: BIRTH,
} as const;

function newApplication(id: string, overrides: Partial<NewApplication> = {}): NewApplication {
  return {
    id,
    kind: 'NEWBORN',
    applicantCitizenId: GRANTEE,
    subjectKey: `subject-of-${id}`,
    clientKey: null,
    input: { childName: '王小明', nested: { list: [1, 2] } },
    submittedAt: '2026-12-01T01:00:00.000Z',
    dueAt: '2026-12-03T01:00:00.000Z',
    items: [
      { step: 'checkBirthRecord', department: 'health' },
      { step: 'registerHukou', department: 'public-security' },
    ],
    ...overrides,
  };
}

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 1, 0, seconds)).toISOString();

/** Registers the store's tests for databases of `kind`. */
export function storeContract(kind: TestDatabaseKind): void {
  let database: TestDatabase;
  let store: ServiceCenterStore;

  beforeEach(async () => {
    database = await kind.open();
    store = new ServiceCenterStore(database.db, database.engine);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('creates an application with its items in order, and reads back what it stored', async () => {
    const { application, created } = await store.createApplication(newApplication('NB-1'));
    expect(created).toBe(true);
    expect(application).toMatchObject({
      id: 'NB-1',
      status: 'SUBMITTED',
      input: { nested: { list: [1, 2] } },
    });
    expect((await store.items('NB-1')).map((item) => [item.step, item.status, item.attempts])).toEqual([
      ['checkBirthRecord', 'PENDING', 0],
      ['registerHukou', 'PENDING', 0],
    ]);
    expect(await store.applications(['NB-1', 'NB-unknown'])).toHaveLength(1);
    expect((await store.applicationsOf(GRANTEE)).map((row) => row.id)).toEqual(['NB-1']);
  });

  it('creates one application for identical submissions sent together, answering it to every one', async () => {
    const answers = await Promise.all(
      ['NB-a', 'NB-b', 'NB-c', 'NB-d', 'NB-e'].map((id) =>
        store.createApplication(newApplication(id, { subjectKey: BIRTH })),
      ),
    );
    expect(answers.filter((answer) => answer.created)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.application.id)).size).toBe(1);
    const rows = await sql<{ n: number }>`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM applications`.execute(
      database.db,
    );
    expect(Number(rows.rows[0]?.n)).toBe(1);
  });

  it("finds a repeat by the applicant's client key, and never by another applicant's", async () => {
    await store.createApplication(newApplication('NB-1', { clientKey: 'k-1' }));
    const again = await store.createApplication(
      newApplication('NB-2', { clientKey: 'k-1', subjectKey: 'other' }),
    );
    expect(again).toMatchObject({ created: false, application: { id: 'NB-1' } });
    expect(await store.findApplication('NEWBORN', 'nothing', 'k-1', GRANTOR)).toBeUndefined();
  });

  it('grants a lease to one replica at a time, renews only what a replica holds, and frees a lapsed one', async () => {
    await store.createApplication(newApplication('NB-1'));
    const a = { owner: 'replica-a', until: at(5) };
    const b = { owner: 'replica-b', until: at(5) };
    const asked = await Promise.all([store.claim('NB-1', a, at(0)), store.claim('NB-1', b, at(0))]);
    expect(asked.filter(Boolean)).toHaveLength(1);
    // Taken, a submitted application is under way.
    expect(asked.find(Boolean)).toMatchObject({ id: 'NB-1', status: 'IN_PROGRESS' });
    const [holder, other] = asked[0] ? [a, b] : [b, a];
    expect(await store.claim('NB-1', other, at(4))).toBeUndefined();
    expect(await store.renew(['NB-1'], { ...holder, until: at(10) })).toEqual(['NB-1']);
    expect(await store.renew(['NB-1'], { ...other, until: at(10) })).toEqual([]);
    // The holder stops renewing (it died): once its lease lapses the other takes it, and it cannot renew.
    expect(await store.claim('NB-1', { ...other, until: at(20) }, at(11))).toBeDefined();
    expect(await store.renew(['NB-1'], { ...holder, until: at(30) })).toEqual([]);
    await store.release('NB-1', holder.owner);
    expect(await store.claim('NB-1', { ...holder, until: at(30) }, at(12))).toBeUndefined();
    await store.release('NB-1', other.owner);
    expect(await store.claim('NB-1', { ...holder, until: at(30) }, at(12))).toBeDefined();
  });

  it('lists as orphaned the runnable applications nobody holds, never settled or held ones', async () => {
    await store.createApplication(newApplication('NB-held'), { owner: 'a', until: at(10) });
    await store.createApplication(newApplication('NB-lapsed'), { owner: 'b', until: at(1) });
    await store.createApplication(newApplication('NB-free'));
    await store.createApplication(newApplication('NB-done'));
    await store.setApplicationStatus('NB-done', 'COMPLETED', at(0));
    await store.createApplication(newApplication('NB-waiting'));
    await store.setApplicationStatus('NB-waiting', 'AWAITING_CONSENT');
    expect((await store.orphanedApplications(at(5), 10)).sort()).toEqual(['NB-free', 'NB-lapsed']);
    await store.releaseAll();
    expect((await store.orphanedApplications(at(5), 10)).sort()).toEqual(['NB-free', 'NB-held', 'NB-lapsed']);
    expect(await store.wakeAwaitingConsent(GRANTEE)).toEqual(['NB-waiting']);
    expect((await store.application('NB-waiting'))?.status).toBe('SUBMITTED');
  });

  it('keeps a reason as its message key and parameters, to be read in any language; plain words as said', async () => {
    await store.createApplication(newApplication('NB-1'));
    const refused = text('reason.departmentSaid', {
      department: 'public-security',
      reason: text('publicSecurity.nameLength'),
    });
    await store.finishItem('NB-1', 'registerHukou', { status: 'FAILED', reason: refused }, at(3));
    // A reason written before reasons were keyed (rows before migration 0006) has its words alone.
    await store.finishItem('NB-1', 'checkBirthRecord', { status: 'FAILED', reason: 'health: down' }, at(3));
    const items = Object.fromEntries((await store.items('NB-1')).map((item) => [item.step, item]));
    expect(items.registerHukou).toMatchObject({
      reason: 'public-security: a name has 1–40 characters',
      reasonText: refused,
    });
    expect(render('zh-CN', items.registerHukou?.reasonText as Text)).toBe('公安：姓名为 1–40 个字符');
    expect(items.checkBirthRecord).toMatchObject({ reason: 'health: down', reasonText: null });
    const ticket = await store.openTicket({
      applicationId: 'NB-1',
      step: 'registerHukou',
      department: 'public-security',
      reason: refused,
      reasonFacts: ['public-security'],
      openedAt: at(3),
      dueAt: at(9),
    });
    expect(ticket).toMatchObject({
      reason: 'public-security: a name has 1–40 characters',
      reasonText: refused,
    });
    // A new run of the step clears the reason, key and parameters too.
    await store.createApplication(newApplication('NB-2'), { owner: 'a', until: at(10) });
    await store.finishItem('NB-2', 'registerHukou', { status: 'FAILED', reason: refused }, at(3));
    expect(await store.markRunning('NB-2', 'registerHukou', at(4), 'a')).toBe(true);
    const [rerun] = (await store.items('NB-2')).filter((item) => item.step === 'registerHukou');
    expect(rerun).toMatchObject({ reason: null, reasonText: null });
  });

  it("records an item's run, only by the lease's holder, and its outcome; one open ticket per item", async () => {
    await store.createApplication(newApplication('NB-1'), { owner: 'a', until: at(10) });
    expect(await store.markRunning('NB-1', 'registerHukou', at(1), 'a')).toBe(true);
    expect(await store.markRunning('NB-1', 'registerHukou', at(2), 'b')).toBe(false);
    expect(await store.markRunning('NB-1', 'registerHukou', at(2), 'a')).toBe(true);
    await store.finishItem(
      'NB-1',
      'registerHukou',
      {
        status: 'FAILED',
        reason: 'public-security: down',
        reasonFacts: ['public-security'],
        result: { a: 1 },
      },
      at(3),
    );
    const [, item] = await store.items('NB-1');
    expect(item).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      startedAt: at(1),
      finishedAt: at(3),
      reasonFacts: ['public-security'],
      result: { a: 1 },
    });
    const ticket = {
      applicationId: 'NB-1',
      step: 'registerHukou',
      department: 'public-security',
      reason: 'down',
    };
    const opened = { ...ticket, reasonFacts: [], openedAt: at(3), dueAt: at(9) };
    await Promise.all([store.openTicket(opened), store.openTicket(opened)]);
    expect(await store.tickets('NB-1')).toHaveLength(1);
    expect(await store.openTicketCounts()).toEqual([{ department: 'public-security', count: 1 }]);
    // Overdue once its due time has passed, not at it.
    expect(await store.overdueTicketCounts(at(9))).toEqual([]);
    expect(await store.overdueTicketCounts(at(10))).toEqual([{ department: 'public-security', count: 1 }]);
    await store.resolveTickets('NB-1', ['registerHukou'], at(4));
    expect(await store.overdueTicketCounts(at(10))).toEqual([]);
    expect((await store.tickets('NB-1'))[0]).toMatchObject({ status: 'RESOLVED', resolvedAt: at(4) });
    expect(await store.applicationCounts()).toEqual([{ kind: 'NEWBORN', status: 'SUBMITTED', count: 1 }]);
  });

  it('numbers tickets in the order they open and lists a queue soonest due first, by department, in pages', async () => {
    await store.createApplication(newApplication('NB-1'));
    const open = (step: string, department: string, dueAt: string) =>
      store.openTicket({
        applicationId: 'NB-1',
        step,
        department,
        reason: `${department}: down`,
        reasonFacts: [department],
        openedAt: at(0),
        dueAt,
        dueBasis: 'PUBLISHED_CALENDAR',
      });
    const first = await open('registerHukou', 'public-security', at(30));
    expect(first).toMatchObject({ id: 'TK-000001', dueBasis: 'PUBLISHED_CALENDAR', takenBy: null });
    expect(await open('registerHukou', 'public-security', at(30))).toBeUndefined();
    await open('registerSchoolAge', 'education', at(20));
    await open('openVaccinationRecord', 'health', at(5));
    await open('checkSchoolPlaces', 'education', at(10));
    const desk = new TicketDesk(database.db);
    const page = (after?: { dueAt: string; id: string }) =>
      desk.queue({ departments: ['education', 'public-security'], status: 'OPEN', first: 2, after });
    const one = await page();
    expect(one.tickets.map((t) => [t.id, t.step])).toEqual([
      ['TK-000004', 'checkSchoolPlaces'],
      ['TK-000002', 'registerSchoolAge'],
    ]);
    expect(one).toMatchObject({ hasNextPage: true, totalCount: 3 });
    const last = one.tickets[1] as { dueAt: string; id: string };
    const two = await page({ dueAt: last.dueAt, id: last.id });
    expect(two.tickets.map((t) => t.id)).toEqual(['TK-000001']);
    expect(two.hasNextPage).toBe(false);
    const overdue = await desk.queue({
      departments: ['education', 'health'],
      status: 'OPEN',
      dueBefore: at(15),
      first: 10,
    });
    expect(overdue.tickets.map((t) => t.id)).toEqual(['TK-000003', 'TK-000004']);
    expect((await desk.queue({ departments: [], status: 'OPEN', first: 10 })).tickets).toEqual([]);
  });

  it('lets one of two clerks taking a ticket together have it; only its holder notes and resolves it, once', async () => {
    await store.createApplication(newApplication('NB-1'));
    const ticket = await store.openTicket({
      applicationId: 'NB-1',
      step: 'registerHukou',
      department: 'public-security',
      reason: 'public-security: down',
      reasonFacts: ['public-security'],
      openedAt: at(0),
      dueAt: at(9),
    });
    const id = ticket?.id as string;
    const desk = new TicketDesk(database.db);
    const takes = await Promise.all([
      desk.take(id, 'staff:public-security/E1', at(1)),
      desk.take(id, 'staff:public-security/E2', at(1)),
    ]);
    expect(takes.filter((take) => take.done)).toHaveLength(1);
    const winner = takes.find((take) => take.done)?.ticket.takenBy as string;
    const loser = winner.endsWith('E1') ? 'staff:public-security/E2' : 'staff:public-security/E1';
    expect(takes.find((take) => !take.done)?.ticket).toMatchObject({ takenBy: winner, takenAt: at(1) });
    expect((await desk.note(id, loser, 'mine?', [], at(2))).done).toBe(false);
    const notes = await Promise.all([
      desk.note(id, winner, 'called the family', ['public-security'], at(2)),
      desk.note(id, winner, 'record fixed', ['public-security'], at(2)),
    ]);
    expect(notes.every((note) => note.done)).toBe(true);
    expect((await desk.resolve(id, loser, 'no', [], at(3))).done).toBe(false);
    const resolved = await desk.resolve(id, winner, 'registered again', ['public-security'], at(3));
    expect(resolved).toMatchObject({
      done: true,
      ticket: { status: 'RESOLVED', resolvedBy: winner, outcome: 'registered again', resolvedAt: at(3) },
    });
    expect((await desk.resolve(id, winner, 'again', [], at(4))).done).toBe(false);
    expect((await desk.take(id, loser, at(4))).done).toBe(false);
    const history = (await desk.histories([id])).get(id) ?? [];
    expect(history.map((event) => [event.seq, event.kind])).toEqual([
      [1, 'TAKEN'],
      [2, 'NOTED'],
      [3, 'NOTED'],
      [4, 'RESOLVED'],
    ]);
    expect(history[3]).toMatchObject({
      actor: winner,
      text: 'registered again',
      textFacts: ['public-security'],
    });
  });

  it('gives one consent for two identical grants sent together', async () => {
    const consents = new ConsentRegister(database.db, () => new Date(at(0)));
    const given = await Promise.all([
      consents.give(GRANTOR, GRANTEE, 'NEWBORN_REGISTRATION', BIRTH),
      consents.give(GRANTOR, GRANTEE, 'NEWBORN_REGISTRATION', BIRTH),
    ]);
    expect(given[0].id).toBe(given[1].id);
    expect(await consents.ofCitizen(GRANTOR)).toHaveLength(1);
  });

  it('lets one application use a consent, also when two of its steps and another application ask together', async () => {
    const consents = new ConsentRegister(database.db, () => new Date(at(0)));
    await store.createApplication(newApplication('NB-1'));
    await store.createApplication(newApplication('NB-2'));
    const given = await consents.give(GRANTOR, GRANTEE, 'NEWBORN_REGISTRATION', BIRTH);
    const [first, second, other] = await Promise.all([
      consents.use(request, 'NB-1'),
      consents.use(request, 'NB-1'),
      consents.use(request, 'NB-2'),
    ]);
    const users = [first ? 'NB-1' : null, other ? 'NB-2' : null].filter(Boolean);
    expect(users).toHaveLength(1);
    if (first) {
      expect(second?.id).toBe(given.id);
      expect(await consents.refusal(request, 'NB-2')).toBe('CONSENT_USED');
    } else {
      expect(second).toBeUndefined();
      expect(await consents.available(request, 'NB-2')).toBe(true);
    }
  });

  it('dispatches one parcel per application, however often asked', async () => {
    await store.createApplication(newApplication('NB-1'));
    const desk = new DeliveryDesk(database.db, () => new Date(at(0)));
    const parcel = { recipient: '王芳', phone: null, address: '渝中区', items: ['出生医学证明'] };
    const [one, two] = await Promise.all([desk.dispatch('NB-1', parcel), desk.dispatch('NB-1', parcel)]);
    expect(one.trackingNumber).toMatch(/^EMS\d{11}CN$/);
    expect(two).toEqual(one);
  });

  it('announces each change of an application, an item or a ticket — but not a lease renewed — to progress subscribers', async () => {
    const heard: string[] = [];
    const announcing = new ServiceCenterStore(database.db, database.engine, (id) => heard.push(id));
    // PostgreSQL announces every replica's changes itself, delivered on commit to each listener.
    const listener = await database.listen?.({ changed: (id) => heard.push(id), resumed: () => {} });
    try {
      const until = { owner: 'replica-a', until: at(30) };
      await announcing.createApplication(newApplication('NB-1'));
      await announcing.createApplication(newApplication('NB-2'));
      const settled = async (count: number) => {
        await expect.poll(() => heard.length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
        return [...heard];
      };
      expect(await announcing.claim('NB-1', until, at(0))).toBeDefined(); // SUBMITTED → IN_PROGRESS
      expect(await settled(1)).toEqual(['NB-1']);
      await announcing.renew(['NB-1'], { owner: 'replica-a', until: at(40) });
      expect(await announcing.markRunning('NB-1', 'checkBirthRecord', at(1), 'replica-a')).toBe(true);
      expect(await settled(2)).toEqual(['NB-1', 'NB-1']);
      await announcing.openTicket({
        id: 'T-1',
        applicationId: 'NB-2',
        step: 'registerHukou',
        department: 'public-security',
        reason: 'waits for a clerk',
        reasonFacts: [],
        openedAt: at(2),
        dueAt: at(3),
      });
      expect(await settled(3)).toEqual(['NB-1', 'NB-1', 'NB-2']);
      await announcing.setApplicationStatus('NB-1', 'COMPLETED', at(4), 'replica-a', true);
      expect(await settled(4)).toEqual(['NB-1', 'NB-1', 'NB-2', 'NB-1']);
      // The lease renewed above announced nothing: only the four changes were heard.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toHaveLength(4);
    } finally {
      await listener?.close();
    }
  });

  it('is migrated once: opened again it keeps its rows, and a database a newer release migrated is refused', async () => {
    await store.createApplication(newApplication('NB-1'));
    if (database.location.inMemory) return; // An in-memory store cannot be opened twice.
    const again = await openServiceCenterDatabase(database.location);
    try {
      expect(await new ServiceCenterStore(again.db).application('NB-1')).toBeDefined();
      await sql`INSERT INTO service_center_migrations (name, timestamp) VALUES ('9999_from_the_future', ${at(0)})`.execute(
        again.db,
      );
    } finally {
      await again.close();
    }
    await expect(openServiceCenterDatabase(database.location)).rejects.toThrow(
      /refused.*9999_from_the_future|newer release/,
    );
  });
}
