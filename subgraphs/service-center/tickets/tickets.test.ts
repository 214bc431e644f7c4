import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphQLTestResponse } from '../../kit/testing.ts';
import { GRANT_CONSENT, newbornConsentVariables } from '../consents/operations.ts';
import { BIRTHS, FAMILY, type TestServiceCenter, testServiceCenter } from '../fixtures.ts';

/** Friday 13 February 2026, 10:00 in China: the last working day but one before the Spring Festival. */
const OPENED = new Date('2026-02-13T10:00:00+08:00');
/**
 * Two working days on: Saturday the 14th (调休) and, after the holiday of the 15th–23rd, the 24th —
 * 10:00 and the seconds the errand took.
 */
const DUE = /^2026-02-24T02:00:\d\d\.\d{3}Z$/;

const CLERK = 'staff:public-security/E2001:service-center:tickets,public-security:read';
const COLLEAGUE = 'staff:public-security/E2002:service-center:tickets,public-security:read';
const EDUCATION_CLERK = 'staff:education/E3107:service-center:tickets,education:read';
const WINDOW_WITHOUT_READ = 'staff:service-center/W01:service-center:tickets,service-center:read';

let center: TestServiceCenter;
let offset: number;

beforeEach(async () => {
  offset = OPENED.getTime() - Date.now();
  center = await testServiceCenter({ clock: () => new Date(Date.now() + offset) });
});

afterEach(async () => {
  await center.close();
});

const codeOf = (response: GraphQLTestResponse<unknown>) => response.errors?.[0]?.extensions?.code;

const QUEUE = `query($filter: TicketQueueFilter, $first: Int, $after: String) {
  ticketQueue(filter: $filter, first: $first, after: $after) {
    tickets { id applicationId step department reason dueAt dueTimeBasis overdue takenBy { department staffNumber } }
    pageInfo { hasNextPage endCursor }
    totalCount departments
  }
}`;
const TAKE =
  'mutation($id: ID!) { takeTicket(id: $id) { id takenBy { department staffNumber } history { kind } } }';
const NOTE =
  'mutation($id: ID!, $note: String!) { noteTicket(id: $id, note: $note) { id history { kind text } } }';
const RESOLVE = `mutation($input: ResolveTicketInput!) {
  resolveTicket(input: $input) { ticket { id status outcome resolvedBy { staffNumber } } applicationStatus }
}`;
const APPLICATION = `query($id: ID!) { application(id: $id) { status tickets {
  id status outcome dueTimeBasis history { kind by { department staffNumber } text }
} } }`;

type Queue = {
  ticketQueue: {
    tickets: Array<Record<string, unknown> & { id: string }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
    departments: string[];
  };
};

/** The couple's newborn application, the father consenting, its hukou registration refused by public security. */
async function applicationNeedingAttention(): Promise<string> {
  await center.as(FAMILY.father, GRANT_CONSENT, newbornConsentVariables(FAMILY.mother, BIRTHS.couple));
  center.departments.answer('RegisterBirth', () => ({
    data: null,
    errors: [
      {
        message: 'public-security: the household register is closed for correction',
        extensions: {
          code: 'DEPARTMENT_REJECTED',
          department: 'public-security',
          reason: 'HOUSEHOLD_LOCKED',
        },
      },
    ],
  }));
  const response = await center.as<{ registerNewborn: { application: { id: string; status: string } } }>(
    FAMILY.mother,
    `mutation($input: RegisterNewbornInput!) { registerNewborn(input: $input) { application { id status rejections { rule message } } } }`,
    { input: { birthRecordId: BIRTHS.couple, childName: '李小雨', household: 'MOTHER' } },
  );
  expect(response.data?.registerNewborn.application).toMatchObject({ status: 'NEEDS_ATTENTION' });
  return response.data?.registerNewborn.application.id as string;
}

describe('the 办不成事 queue', () => {
  it('lists a department’s open tickets to its clerks only, due in working days across the Spring Festival', async () => {
    const applicationId = await applicationNeedingAttention();
    const queue = await center.as<Queue>(CLERK, QUEUE);
    expect(queue.errors).toBeUndefined();
    expect(queue.data?.ticketQueue).toEqual({
      tickets: [
        {
          id: 'TK-000001',
          applicationId,
          step: 'registerHukou',
          department: 'public-security',
          reason: expect.stringContaining('closed for correction'),
          dueAt: expect.stringMatching(DUE),
          dueTimeBasis: 'PUBLISHED_CALENDAR',
          overdue: false,
          takenBy: null,
        },
      ],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      totalCount: 1,
      departments: ['public-security'],
    });
    const education = await center.as<Queue>(EDUCATION_CLERK, QUEUE);
    expect(education.data?.ticketQueue).toMatchObject({
      tickets: [],
      totalCount: 0,
      departments: ['education'],
    });
    // Overdue once the clock passes the due time.
    offset += 12 * 24 * 3600_000;
    const later = await center.as<Queue>(CLERK, QUEUE, { filter: { overdueOnly: true } });
    expect(later.data?.ticketQueue.tickets.map((ticket) => [ticket.id, ticket.overdue])).toEqual([
      ['TK-000001', true],
    ]);
  });

  it('is refused to anyone but a clerk, and for a department the clerk does not handle', async () => {
    expect(codeOf(await center.as(null, QUEUE))).toBe('UNAUTHENTICATED');
    expect(codeOf(await center.as(FAMILY.mother, QUEUE))).toBe('FORBIDDEN');
    expect(
      codeOf(await center.as('staff:service-center:service-center:read,service-center:write', QUEUE)),
    ).toBe('FORBIDDEN');
    const other = await center.as(EDUCATION_CLERK, QUEUE, { filter: { department: 'public-security' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_DEPARTMENT' });
    const bad = await center.as(CLERK, QUEUE, { first: 0 });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    const cursor = await center.as(CLERK, QUEUE, { after: 'not-a-cursor' });
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

describe('acts on a ticket', () => {
  it('take, note, resolve with an outcome the family reads, resume; each refused as its state says', async () => {
    const applicationId = await applicationNeedingAttention();
    expect(codeOf(await center.as(CLERK, QUEUE))).toBeUndefined();
    const id = 'TK-000001';
    expect(codeOf(await center.as(CLERK, NOTE, { id, note: 'before taking' }))).toBe('TICKET_NOT_TAKEN');
    const [mine, theirs] = await Promise.all([
      center.as<{ takeTicket: { takenBy: { staffNumber: string } } }>(CLERK, TAKE, { id }),
      center.as(COLLEAGUE, TAKE, { id }),
    ]);
    // One of the two wins; whichever it is, the other finds it taken.
    const winner = mine.errors ? COLLEAGUE : CLERK;
    const loser = winner === CLERK ? COLLEAGUE : CLERK;
    expect([codeOf(mine), codeOf(theirs)].filter(Boolean)).toEqual(['TICKET_TAKEN']);
    expect(codeOf(await center.as(winner, TAKE, { id }))).toBeUndefined();
    expect(codeOf(await center.as(loser, NOTE, { id, note: 'mine now' }))).toBe('TICKET_TAKEN');

    // Another department's clerk: refused the same as for a ticket that does not exist.
    const elsewhere = await center.as(EDUCATION_CLERK, TAKE, { id });
    const nowhere = await center.as(EDUCATION_CLERK, TAKE, { id: 'TK-999999' });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_TICKET' });
    // The refusal names the ticket asked for, and nothing else tells the two apart.
    expect(JSON.stringify(nowhere.errors?.[0])).toBe(
      JSON.stringify(elsewhere.errors?.[0]).replaceAll(id, 'TK-999999'),
    );
    expect(codeOf(await center.as(winner, TAKE, { id: 'ticket 1' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await center.as(winner, NOTE, { id, note: '   ' }))).toBe('BAD_USER_INPUT');

    const noted = await center.as(winner, NOTE, { id, note: '已电话联系户籍科，登记簿今日解锁' });
    expect(noted.errors).toBeUndefined();
    // The register is open again: the resumed errand completes.
    center.departments.answerFromSeed('RegisterBirth');
    const resolved = await center.as<{
      resolveTicket: { ticket: { status: string; outcome: string }; applicationStatus: string };
    }>(winner, RESOLVE, { input: { id, outcome: '户口登记簿已更正，已为孩子重新办理落户', resume: true } });
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveTicket.ticket).toMatchObject({
      status: 'RESOLVED',
      outcome: '户口登记簿已更正，已为孩子重新办理落户',
    });
    expect(codeOf(await center.as(winner, RESOLVE, { input: { id, outcome: 'again' } }))).toBe(
      'TICKET_RESOLVED',
    );
    expect(codeOf(await center.as(winner, TAKE, { id }))).toBe('TICKET_RESOLVED');

    // The family reads the outcome and the history on their application.
    const family = await center.as<{
      application: {
        tickets: Array<{ outcome: string; history: Array<{ kind: string; text: string | null }> }>;
      };
    }>(FAMILY.mother, APPLICATION, { id: applicationId });
    const [ticket] = family.data?.application.tickets ?? [];
    expect(ticket?.outcome).toBe('户口登记簿已更正，已为孩子重新办理落户');
    expect(ticket?.history.map((event) => event.kind)).toEqual(['TAKEN', 'NOTED', 'RESOLVED', 'RESUMED']);
    expect(ticket?.history[1]?.text).toBe('已电话联系户籍科，登记簿今日解锁');
    // Staff who may not read public security's records get the outcome withheld, naming whom to ask.
    const window = await center.as<typeof family.data>(WINDOW_WITHOUT_READ, APPLICATION, {
      id: applicationId,
    });
    expect(window.data?.application.tickets[0]?.outcome).toMatch(/^公安在此有相关原因.*请咨询公安/);
    const inEnglish = await center.as<typeof family.data>(
      WINDOW_WITHOUT_READ,
      APPLICATION,
      { id: applicationId },
      'en',
    );
    expect(inEnglish.data?.application.tickets[0]?.outcome).toMatch(/public-security has a reason here/);

    // Every act is a use of the family's data, refused ones too, in the mother's data uses.
    const uses = await center.as<{
      _entities: Array<{ serviceCenterDataUses: Array<Record<string, unknown>> }>;
    }>(
      FAMILY.mother,
      `query($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Person { serviceCenterDataUses { who action purpose outcome } } } }`,
      { representations: [{ __typename: 'Person', citizenId: FAMILY.mother }] },
    );
    const acts = (uses.data?._entities[0]?.serviceCenterDataUses ?? []).filter((use) =>
      /Ticket|list tickets|resumeApplication/.test(use.action as string),
    );
    const purpose = `application ${applicationId}`;
    const clerk = expect.stringMatching(/^staff:public-security\/E200[12]$/);
    expect(acts).toEqual(
      expect.arrayContaining([
        { who: clerk, action: 'list tickets', purpose: null, outcome: 200 },
        { who: clerk, action: 'takeTicket', purpose, outcome: 200 },
        { who: clerk, action: 'takeTicket', purpose, outcome: 409 },
        { who: 'staff:education/E3107', action: 'takeTicket', purpose, outcome: 403 },
        { who: clerk, action: 'noteTicket', purpose, outcome: 200 },
        { who: clerk, action: 'resolveTicket', purpose, outcome: 200 },
        { who: clerk, action: 'resumeApplication', purpose, outcome: 200 },
      ]),
    );
  });
});
