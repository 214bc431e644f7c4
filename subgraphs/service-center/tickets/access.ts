/**
 * Who works the 办不成事 window, and on which tickets.
 *
 * - A clerk is staff holding the `service-center:tickets` scope. Everyone else is refused: without a
 *   token `UNAUTHENTICATED`, otherwise `FORBIDDEN`.
 * - A clerk handles the tickets of their own department (their token's `staff:<department>/…`) and of
 *   every department whose `<department>:read` scope they hold: a ticket states the records of the
 *   department that failed or refused, which the clerk must be able to read to act on it. A window
 *   clerk of the service-center with `education:read` and `health:read` works those departments'
 *   tickets and the service-center's own; an education clerk with `education:read`, education's.
 * - A ticket of a department the clerk does not handle is refused exactly like a number that does
 *   not exist (`FORBIDDEN`, reason `NOT_YOUR_TICKET`): a refusal never tells whether it exists.
 * - Acting on a ticket the clerk may see, the refusals name its state: `TICKET_RESOLVED`,
 *   `TICKET_TAKEN` (another clerk holds it), `TICKET_NOT_TAKEN` (nobody does: take it first).
 */

import type { GraphQLError } from 'graphql';
import { type Identity, subjectOf } from '../../../lib/auth/identity.ts';
import { localizedError } from '../../../lib/i18n/errors.ts';
import { type Text, text } from '../../../lib/i18n/messages.ts';
import { forbidden, hasStaffScope, signInRequired } from '../../kit/access.ts';
import { badUserInput } from '../../kit/errors.ts';
import { DEPARTMENT } from '../access.ts';
import type { TicketRow } from '../store.ts';

/** The scope that admits staff to the 办不成事 window. */
export const TICKETS_SCOPE = `${DEPARTMENT}:tickets`;

/** A clerk at the window: who they are in the records of their acts, and the departments they handle. */
export interface TicketClerk {
  /** Their token's subject, e.g. `staff:education/E3107`, as acts record it. */
  actor: string;
  /** The departments whose tickets they handle, sorted. */
  departments: string[];
}

const READ_SCOPE_FORM = /^([a-z][a-z0-9-]*):read$/;

/**
 * The clerk the identity is, or a refusal.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for anyone without the scope
 */
export function requireClerk(identity: Identity): TicketClerk {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (identity.kind !== 'staff' || !hasStaffScope(identity, TICKETS_SCOPE))
    throw forbidden(DEPARTMENT, text('refused.ticketWindow', { scope: TICKETS_SCOPE }));
  const departments = new Set([identity.department]);
  for (const scope of identity.scopes) {
    const read = READ_SCOPE_FORM.exec(scope)?.[1];
    if (read) departments.add(read);
  }
  return { actor: subjectOf(identity), departments: [...departments].sort() };
}

/** A clerk as a ticket shows them: their department and staff number, from an act's recorded subject. */
export function clerkOf(actor: string): { department: string; staffNumber: string | null } {
  const [department = '', staffNumber] = actor.replace(/^staff:/, '').split('/');
  return { department, staffNumber: staffNumber ?? null };
}

/** `FORBIDDEN` for a ticket out of the clerk's reach — the same whether it exists or not. */
export function notYourTicket(id: string): GraphQLError {
  const error = forbidden(DEPARTMENT, text('refused.ticket', { id }));
  error.extensions.reason = 'NOT_YOUR_TICKET';
  return error;
}

const TICKET_ID = /^TK-[0-9A-Za-z-]{1,64}$/;

/**
 * A ticket number as asked for, or a refusal.
 *
 * @throws GraphQLError `BAD_USER_INPUT` reason `FORMAT` for anything not shaped like `TK-000001`
 */
export function requireTicketId(id: string): string {
  if (!TICKET_ID.test(id))
    throw badUserInput(
      DEPARTMENT,
      'id',
      'FORMAT',
      text('tickets.idFormat', { got: JSON.stringify(id.slice(0, 80)) }),
    );
  return id;
}

/**
 * The ticket, when the clerk handles its department.
 *
 * @throws GraphQLError `FORBIDDEN` ({@link notYourTicket}) for another department's ticket or none
 */
export function ticketInReach(clerk: TicketClerk, id: string, ticket: TicketRow | undefined): TicketRow {
  if (!ticket || !clerk.departments.includes(ticket.department)) throw notYourTicket(id);
  return ticket;
}

function ticketState(code: string, message: Text): GraphQLError {
  return localizedError(message.key, message.params, { extensions: { code, department: DEPARTMENT } });
}

/**
 * Why an act on a ticket the clerk may see cannot be done, from the ticket as it stands now; undefined
 * when it is open and the clerk holds it.
 */
export function refusalOf(clerk: TicketClerk, ticket: TicketRow): GraphQLError | undefined {
  if (ticket.status === 'RESOLVED')
    return ticketState(
      'TICKET_RESOLVED',
      text('tickets.resolved', { id: ticket.id, at: String(ticket.resolvedAt) }),
    );
  if (ticket.takenBy === clerk.actor) return undefined;
  if (ticket.takenBy === null)
    return ticketState('TICKET_NOT_TAKEN', text('tickets.notTaken', { id: ticket.id }));
  const holder = clerkOf(ticket.takenBy);
  return ticketState(
    'TICKET_TAKEN',
    text('tickets.taken', {
      id: ticket.id,
      holder: `${holder.department}${holder.staffNumber ? ` ${holder.staffNumber}` : ''}`,
      at: String(ticket.takenAt),
    }),
  );
}
