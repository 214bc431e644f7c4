/**
 * Resolvers of the 办不成事 window: the clerks' queue (`ticketQueue`), their acts on a ticket
 * (`takeTicket`, `noteTicket`, `resolveTicket`, which may resume the errand) and the fields of a
 * ticket, the same for the clerk at the window and for the family reading `Application.tickets`. Who
 * may act on which ticket is decided in `access.ts`; what a reader may read of a ticket's texts, by the
 * message rules of `../messages.ts`. Every listing and every act — refused ones too — is recorded in
 * the processing log, for the family of the application the ticket is about.
 */

import DataLoader from 'dataloader';
import { text as messageText, type Text } from '../../../lib/i18n/messages.ts';
import { badUserInput } from '../../kit/errors.ts';
import { DEPARTMENT, familyOf } from '../access.ts';
import { factsReaderFor, messageFor } from '../messages.ts';
import type { ServiceCenterContext } from '../resolvers.ts';
import type { TicketRow } from '../store.ts';
import {
  clerkOf,
  notYourTicket,
  refusalOf,
  requireClerk,
  requireTicketId,
  type TicketClerk,
  ticketInReach,
} from './access.ts';
import { familiesOf, type QueueArgs, ticketQueue } from './queue.ts';
import type { TicketEventRow } from './TicketDesk.ts';

/** The longest note or outcome a clerk may write. */
const MAX_TEXT = 2000;

/**
 * The departments whose records a clerk's note or outcome on `ticket` states: the ticket's department
 * (the clerk writes about its matter) and whatever its reason states — the service-center's own
 * failures state none of the family's.
 */
export function clerkTextFacts(ticket: TicketRow): string[] {
  const own = ticket.department === DEPARTMENT ? [] : [ticket.department];
  return [...new Set([...own, ...ticket.reasonFacts])];
}

function requireText(argument: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT)
    throw badUserInput(
      DEPARTMENT,
      argument,
      'LENGTH',
      messageText('tickets.textLength', { argument, max: MAX_TEXT, length: trimmed.length }),
    );
  return trimmed;
}

/** The histories of the tickets one request reads, read together once. */
const historiesByRequest = new WeakMap<object, DataLoader<string, TicketEventRow[]>>();

function historyOf(context: ServiceCenterContext, ticketId: string): Promise<TicketEventRow[]> {
  let loader = historiesByRequest.get(context);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const histories = await context.center.tickets.histories(ids);
      return ids.map((id) => histories.get(id) ?? []);
    });
    historiesByRequest.set(context, loader);
  }
  return loader.load(ticketId);
}

/**
 * Runs an act of a clerk on a ticket: the caller a clerk, the ticket in their reach, the act — each
 * refusal and the act recorded in the processing log for the family of the ticket's application.
 */
async function actOnTicket<T>(
  context: ServiceCenterContext,
  rawId: string,
  action: string,
  act: (clerk: TicketClerk, ticket: TicketRow) => Promise<T>,
): Promise<T> {
  const { center, identity, requestId } = context;
  const id = requireTicketId(rawId);
  const stored = await center.tickets.ticket(id);
  const application = stored ? await center.store.application(stored.applicationId) : undefined;
  return center.processing.recorded(
    {
      by: identity,
      actingFor: application?.applicantCitizenId ?? null,
      purpose: application ? `application ${application.id}` : null,
      action,
      subjects: application ? [...familyOf(application)] : [],
      requestId,
    },
    async () => {
      const clerk = requireClerk(identity);
      return act(clerk, ticketInReach(clerk, id, stored));
    },
  );
}

/** The ticket after an act that was not done: the refusal its state calls for. */
function refused(clerk: TicketClerk, id: string, ticket: TicketRow | undefined): never {
  // Tickets are never deleted; should one be missing, the refusal still tells nothing.
  if (!ticket) throw notYourTicket(id);
  // An act not done on an open ticket the clerk holds cannot happen: each act's condition is exactly that.
  throw refusalOf(clerk, ticket) ?? new Error(`ticket ${id} changed while acting on it`);
}

/** A reader's view of a ticket's text: whole, or withheld naming the departments to ask. */
const textFor = (context: ServiceCenterContext, text: Text | string, facts: readonly string[]) =>
  messageFor(factsReaderFor(context.identity), context.language, text, facts);

/** The window's resolvers, merged into the service-center's (`../resolvers.ts`). */
export const ticketResolvers = {
  Query: {
    ticketQueue: (_: unknown, args: QueueArgs, context: ServiceCenterContext) =>
      context.center.processing
        .recorded(
          {
            by: context.identity,
            purpose: null,
            action: 'list tickets',
            subjects: [],
            requestId: context.requestId,
          },
          async () => {
            const queue = await ticketQueue(context, args);
            return { queue, subjects: await familiesOf(context, queue.tickets) };
          },
          ({ subjects }) => ({ subjects }),
        )
        .then(({ queue }) => queue),
  },

  Mutation: {
    takeTicket: (_: unknown, args: { id: string }, context: ServiceCenterContext) =>
      actOnTicket(context, args.id, 'takeTicket', async (clerk, ticket) => {
        const taken = await context.center.tickets.take(
          ticket.id,
          clerk.actor,
          context.center.clock().toISOString(),
        );
        if (taken.done) return taken.ticket;
        // Asking again for a ticket one holds answers it.
        if (taken.ticket && !refusalOf(clerk, taken.ticket)) return taken.ticket;
        return refused(clerk, ticket.id, taken.ticket);
      }),

    noteTicket: (_: unknown, args: { id: string; note: string }, context: ServiceCenterContext) => {
      const note = requireText('note', args.note);
      return actOnTicket(context, args.id, 'noteTicket', async (clerk, ticket) => {
        const at = context.center.clock().toISOString();
        const noted = await context.center.tickets.note(
          ticket.id,
          clerk.actor,
          note,
          clerkTextFacts(ticket),
          at,
        );
        return noted.done ? noted.ticket : refused(clerk, ticket.id, noted.ticket);
      });
    },

    resolveTicket: (
      _: unknown,
      args: { input: { id: string; outcome: string; resume?: boolean | null } },
      context: ServiceCenterContext,
    ) => {
      const outcome = requireText('outcome', args.input.outcome);
      const { center } = context;
      return actOnTicket(context, args.input.id, 'resolveTicket', async (clerk, ticket) => {
        const at = center.clock().toISOString();
        const resolved = await center.tickets.resolve(
          ticket.id,
          clerk.actor,
          outcome,
          clerkTextFacts(ticket),
          at,
        );
        if (!resolved.done) return refused(clerk, ticket.id, resolved.ticket);
        if (!args.input.resume) return { ticket: resolved.ticket, applicationStatus: null };
        const resumed = await resumeFor(context, resolved.ticket);
        return { ticket: resolved.ticket, applicationStatus: resumed.status };
      });
    },
  },

  Ticket: {
    reason: (ticket: TicketRow, _: unknown, context: ServiceCenterContext) =>
      textFor(context, ticket.reasonText ?? ticket.reason, ticket.reasonFacts),
    dueTimeBasis: (ticket: TicketRow) => ticket.dueBasis,
    overdue: (ticket: TicketRow, _: unknown, { center }: ServiceCenterContext) =>
      ticket.status === 'OPEN'
        ? ticket.dueAt < center.clock().toISOString()
        : ticket.resolvedAt !== null && ticket.resolvedAt > ticket.dueAt,
    takenBy: (ticket: TicketRow) => (ticket.takenBy ? clerkOf(ticket.takenBy) : null),
    resolvedBy: (ticket: TicketRow) => (ticket.resolvedBy ? clerkOf(ticket.resolvedBy) : null),
    outcome: (ticket: TicketRow, _: unknown, context: ServiceCenterContext) =>
      ticket.outcome === null ? null : textFor(context, ticket.outcome, clerkTextFacts(ticket)),
    history: async (ticket: TicketRow, _: unknown, context: ServiceCenterContext) =>
      (await historyOf(context, ticket.id)).map((event) => ({
        kind: event.kind,
        at: event.at,
        by: clerkOf(event.actor),
        text: event.text === null ? null : textFor(context, event.text, event.textFacts),
      })),
  },
};

/**
 * Resumes the errand of a resolved ticket's application, as `resumeApplication` does, recorded in the
 * processing log as a resumption by the clerk and in the ticket's history.
 */
async function resumeFor(context: ServiceCenterContext, ticket: TicketRow) {
  const { center, identity, requestId } = context;
  const application = await center.store.application(ticket.applicationId);
  const resumed = await center.processing.recorded(
    {
      by: identity,
      actingFor: application?.applicantCitizenId ?? null,
      purpose: `application ${ticket.applicationId}`,
      action: 'resumeApplication',
      subjects: application ? [...familyOf(application)] : [],
      requestId,
    },
    () => center.resume(ticket.applicationId),
  );
  await center.tickets.record(ticket.id, {
    kind: 'RESUMED',
    at: center.clock().toISOString(),
    actor: requireClerk(identity).actor,
    text: null,
    textFacts: [],
  });
  return resumed;
}
