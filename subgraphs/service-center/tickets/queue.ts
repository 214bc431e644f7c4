/**
 * The 办不成事 window's queue as a clerk asks for it: the tickets of the departments they handle
 * (`access.ts`), filtered, soonest due first, in pages of `first` after an opaque cursor (the last
 * ticket's due time and number), with the citizens whose tickets a page shows — whose data use the
 * listing is.
 */
import { text } from '../../../lib/i18n/messages.ts';
import { forbidden } from '../../kit/access.ts';
import { badUserInput } from '../../kit/errors.ts';
import { DEPARTMENT, familyOf } from '../access.ts';
import type { ServiceCenterContext } from '../resolvers.ts';
import type { TicketRow } from '../store.ts';
import { requireClerk } from './access.ts';

/** The largest page of the queue. */
const MAX_PAGE = 100;

/** A cursor of the queue: where a ticket stands in its order. */
function cursorOf(ticket: TicketRow): string {
  return Buffer.from(JSON.stringify([ticket.dueAt, ticket.id])).toString('base64url');
}

function positionOf(cursor: string): { dueAt: string; id: string } {
  try {
    const [dueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof dueAt === 'string' && typeof id === 'string') return { dueAt, id };
  } catch {
    // Told below.
  }
  throw badUserInput(DEPARTMENT, 'after', 'FORMAT', text('tickets.afterFormat'));
}

/** The citizens a ticket's application concerns: whose data use its listing or an act on it is. */
export async function familiesOf(
  context: ServiceCenterContext,
  tickets: readonly TicketRow[],
): Promise<string[]> {
  const applications = await context.center.store.applications([
    ...new Set(tickets.map((ticket) => ticket.applicationId)),
  ]);
  return applications.flatMap((application) => [...familyOf(application)]);
}

/** The arguments of `ticketQueue`. */
export interface QueueArgs {
  filter?: {
    status?: TicketRow['status'];
    department?: string | null;
    dueBefore?: string | null;
    overdueOnly?: boolean | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

/**
 * A page of the clerk's queue, with its cursor and the departments it covers.
 *
 * @throws GraphQLError `UNAUTHENTICATED`/`FORBIDDEN` for a caller who is no clerk, `FORBIDDEN` reason
 *   `NOT_YOUR_DEPARTMENT` for a department they do not handle, `BAD_USER_INPUT` for `first` or `after`
 */
export async function ticketQueue(context: ServiceCenterContext, args: QueueArgs) {
  const clerk = requireClerk(context.identity);
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badUserInput(
      DEPARTMENT,
      'first',
      'RANGE',
      text('tickets.firstRange', { max: MAX_PAGE, got: first }),
    );
  const filter = args.filter ?? {};
  const department = filter.department ?? undefined;
  if (department !== undefined && !clerk.departments.includes(department)) {
    const error = forbidden(
      DEPARTMENT,
      text('refused.ticketsOfDepartment', { department, yours: clerk.departments.join(', ') }),
    );
    error.extensions.reason = 'NOT_YOUR_DEPARTMENT';
    throw error;
  }
  const asOf = context.center.clock().toISOString();
  const bounds = [
    filter.dueBefore ? new Date(filter.dueBefore).toISOString() : undefined,
    filter.overdueOnly ? asOf : undefined,
  ].filter((bound): bound is string => bound !== undefined);
  const departments = department === undefined ? clerk.departments : [department];
  const page = await context.center.tickets.queue({
    departments,
    status: filter.status ?? 'OPEN',
    dueBefore: bounds.length > 0 ? bounds.sort()[0] : undefined,
    first,
    after: args.after ? positionOf(args.after) : undefined,
  });
  const last = page.tickets.at(-1);
  return {
    tickets: page.tickets,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? cursorOf(last) : null },
    totalCount: page.totalCount,
    departments,
    asOf,
  };
}
