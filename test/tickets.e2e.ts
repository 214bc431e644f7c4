/**
 * The 办不成事 window end to end, through the gateway: errands that need a person open tickets due in
 * China's working days (across National Day, across a 调休 Saturday); an education clerk lists them,
 * overdue first, takes one, notes, resolves it with an outcome and resumes the errand; the family reads
 * the outcome on their application; a clerk of another department is refused. The service-center's
 * clock is moved (the departments' `today` stays the seed's reference date).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { registerNewborn } from './support/newborn.ts';
import { authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

const SCHOOL_AGE = 'POST /v1/school-age-registrations';
const CLERK = 'staff:education/E3107:service-center:tickets,education:read';
const HEALTH_CLERK = 'staff:health/E1024:service-center:tickets,health:read';

/** An instant given as a time in China Standard Time. */
const cst = (local: string) => new Date(`${local}:00+08:00`).getTime();

let system: RunningSystem;
let offset = 0;
/** Sets the service-center's clock to `local` (China Standard Time), running on from there. */
const clockAt = (local: string) => {
  offset = cst(local) - Date.now();
};

const [first, second] = scenarios.birthRecords.eligible.filter(
  (id) => id !== scenarios.birthRecords.assistanceFamily && !scenarios.birthRecords.twins.includes(id),
) as [string, string];

beforeAll(async () => {
  system = await startTestSystem({
    clock: () => new Date(Date.now() + offset),
    errandRetry: { attempts: 2, baseDelayMs: 5 },
  });
});

afterAll(async () => {
  await system?.stop();
});

const gateway = () => system.gatewayUrl as string;
const education = () => system.departmentSystems.get('education')?.server;

type Ticket = {
  id: string;
  applicationId: string;
  step: string;
  department: string;
  dueAt: string;
  dueTimeBasis: string;
  overdue: boolean;
};

const QUEUE = `query ClerkTicketQueue($filter: TicketQueueFilter) { ticketQueue(filter: $filter) {
  totalCount departments tickets { id applicationId step department dueAt dueTimeBasis overdue }
} }`;
const TAKE = `mutation TakeTicket($id: ID!) { takeTicket(id: $id) { id takenBy { department staffNumber } } }`;
const NOTE = `mutation NoteTicket($id: ID!, $note: String!) { noteTicket(id: $id, note: $note) { id } }`;
const RESOLVE = `mutation ResolveTicket($input: ResolveTicketInput!) { resolveTicket(input: $input) {
  ticket { id status outcome resolvedBy { department staffNumber } } applicationStatus
} }`;
const FAMILY_VIEW = `query MyApplication($id: ID!) { application(id: $id) { status tickets {
  id status outcome dueAt dueTimeBasis history { kind by { department staffNumber } text }
} } }`;

/** A newborn errand whose school-age registration fails for good: NEEDS_ATTENTION with an education ticket. */
async function errandNeedingAttention(birthRecordId: string) {
  education()?.faults.inject(SCHOOL_AGE, { kind: 'status', status: 503 });
  try {
    const payload = (await registerNewborn(gateway(), system.authentication.issuer, birthRecordId)).data
      ?.registerNewborn;
    expect(payload?.application.status).toBe('NEEDS_ATTENTION');
    return payload?.application;
  } finally {
    education()?.faults.clear();
  }
}

describe('the 办不成事 window', () => {
  let overdue: NonNullable<Awaited<ReturnType<typeof errandNeedingAttention>>>;
  let applicant: string;

  it('opens tickets due in working days: across National Day, and across a 调休 Saturday', async () => {
    // Wednesday 30 September 2026: 1–7 October are the holiday; due Friday the 9th, not Friday the 2nd.
    clockAt('2026-09-30T10:00');
    overdue = (await errandNeedingAttention(first)) as typeof overdue;
    applicant = overdue.applicant.citizenId;
    expect(overdue.tickets).toEqual([
      expect.objectContaining({ id: 'TK-000001', step: 'registerSchoolAge', department: 'education' }),
    ]);
    expect(overdue.tickets[0]?.dueAt).toMatch(/^2026-10-09T02:00:/);
    // Friday 9 October: Saturday the 10th is a working day (调休), so one more makes Monday the 12th.
    clockAt('2026-10-09T10:00');
    const later = await errandNeedingAttention(second);
    expect(later?.tickets[0]?.dueAt).toMatch(/^2026-10-12T02:00:/);
  });

  it('lists them to the department’s clerk, overdue first, and not to another department’s', async () => {
    clockAt('2026-10-12T09:00');
    const queue = await graphql<{ ticketQueue: { totalCount: number; tickets: Ticket[] } }>(
      gateway(),
      QUEUE,
      {},
      await authorization(system, CLERK, null),
    );
    expect(queue.errors).toBeUndefined();
    expect(queue.data?.ticketQueue.tickets.map((t) => [t.id, t.overdue, t.dueTimeBasis])).toEqual([
      ['TK-000001', true, 'PUBLISHED_CALENDAR'],
      ['TK-000002', false, 'PUBLISHED_CALENDAR'],
    ]);
    const health = await graphql<{ ticketQueue: { totalCount: number } }>(
      gateway(),
      QUEUE,
      {},
      await authorization(system, HEALTH_CLERK, null),
    );
    expect(health.data?.ticketQueue.totalCount).toBe(0);
    const asked = await graphql(
      gateway(),
      QUEUE,
      { filter: { department: 'education' } },
      await authorization(system, HEALTH_CLERK, null),
    );
    expect(asked.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_DEPARTMENT' });
  });

  it('lets the clerk take, note, resolve with an outcome and resume; refuses another department’s clerk', async () => {
    const clerk = await authorization(system, CLERK, null);
    const other = await authorization(system, HEALTH_CLERK, null);
    const refused = await graphql(gateway(), TAKE, { id: 'TK-000001' }, other);
    const unknown = await graphql(gateway(), TAKE, { id: 'TK-424242' }, other);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_TICKET' });
    // Alike but for the number asked for, which the refusal names.
    expect(JSON.stringify(unknown.errors?.[0]?.extensions)).toBe(
      JSON.stringify(refused.errors?.[0]?.extensions).replaceAll('TK-000001', 'TK-424242'),
    );

    const taken = await graphql(gateway(), TAKE, { id: 'TK-000001' }, clerk);
    expect(taken.data).toEqual({
      takeTicket: { id: 'TK-000001', takenBy: { department: 'education', staffNumber: 'E3107' } },
    });
    const noted = await graphql(
      gateway(),
      NOTE,
      { id: 'TK-000001', note: '学籍系统已恢复，已核对孩子的户籍地址' },
      clerk,
    );
    expect(noted.errors).toBeUndefined();
    const outcome = '已为孩子完成入学适龄登记，无需再跑一趟';
    const resolved = await graphql<{
      resolveTicket: { ticket: { status: string; outcome: string }; applicationStatus: string };
    }>(gateway(), RESOLVE, { input: { id: 'TK-000001', outcome, resume: true } }, clerk);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveTicket).toEqual({
      ticket: {
        id: 'TK-000001',
        status: 'RESOLVED',
        outcome,
        resolvedBy: { department: 'education', staffNumber: 'E3107' },
      },
      applicationStatus: 'COMPLETED',
    });
    const again = await graphql(gateway(), RESOLVE, { input: { id: 'TK-000001', outcome } }, clerk);
    expect(again.errors?.[0]?.extensions?.code).toBe('TICKET_RESOLVED');
    expect(education()?.calls.count(SCHOOL_AGE)).toBeGreaterThan(0);
  });

  it('shows the family the outcome and what the clerk did, on their application', async () => {
    const view = await graphql<{
      application: {
        status: string;
        tickets: Array<{
          status: string;
          outcome: string;
          dueTimeBasis: string;
          history: Array<{ kind: string; by: { department: string }; text: string | null }>;
        }>;
      };
    }>(gateway(), FAMILY_VIEW, { id: overdue.id }, await authorization(system, applicant));
    expect(view.errors).toBeUndefined();
    expect(view.data?.application.status).toBe('COMPLETED');
    const [ticket] = view.data?.application.tickets ?? [];
    expect(ticket).toMatchObject({
      status: 'RESOLVED',
      outcome: '已为孩子完成入学适龄登记，无需再跑一趟',
      dueTimeBasis: 'PUBLISHED_CALENDAR',
    });
    expect(ticket?.history.map((event) => [event.kind, event.by.department, event.text])).toEqual([
      ['TAKEN', 'education', null],
      ['NOTED', 'education', '学籍系统已恢复，已核对孩子的户籍地址'],
      ['RESOLVED', 'education', '已为孩子完成入学适龄登记，无需再跑一趟'],
      ['RESUMED', 'education', null],
    ]);
  });
});
