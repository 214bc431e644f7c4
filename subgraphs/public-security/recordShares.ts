/**
 * Shares of records in the public-security subgraph (the consent of an adult household member): an
 * adult lets another adult of their family household read their records in full with
 * `shareMyRecords`, and takes it back with `stopSharingMyRecords`. Only a citizen, for their own
 * records: the department takes the owner from the forwarded token and refuses what the rule does not
 * allow (`SELF`, `COLLECTIVE_HOUSEHOLD`, `NOT_HOUSEHOLD_MEMBER`, `NOT_ADULT`, `UNTIL_OUT_OF_RANGE`,
 * `NOT_SHARED`), which reaches the graph as `DEPARTMENT_REJECTED` with that reason.
 */

import { randomUUID } from 'node:crypto';
import type { Identity } from '../../lib/auth/identity.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import { text } from '../../lib/i18n/messages.ts';
import type { RecordShareView } from '../../schema/public-security/contract.ts';
import { signInRequired } from '../kit/access.ts';
import { requireCitizenId } from '../kit/citizenIdArgument.ts';
import { badUserInput } from '../kit/errors.ts';
import { personReference } from './access.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Refuses anyone but a citizen acting for themselves: consent is the person's own, so neither staff
 * nor the service-center acting for them gives it.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` reason `NOT_OWN_RECORDS` otherwise
 */
function requireOwner(identity: Identity): void {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (identity.kind === 'citizen') return;
  throw localizedError('publicSecurity.ownRecordsOnly', undefined, {
    extensions: { code: 'FORBIDDEN', department: DEPARTMENT, reason: 'NOT_OWN_RECORDS' },
  });
}

/** The `withCitizenId` argument: a whole citizen ID (a masked one is refused with reason `MASKED`). */
function withCitizenId(value: string): string {
  return requireCitizenId(DEPARTMENT, 'input.withCitizenId', value);
}

/**
 * Resolvers of `Mutation` for shares. Each calls the department once; a share is an upsert and
 * stopping one removes it, so each call carries a fresh idempotency key and a repeat is harmless.
 */
export const recordShareMutations = {
  shareMyRecords: (
    _: unknown,
    args: { input: { withCitizenId: string; until?: string | null } },
    context: PublicSecurityContext,
  ): Promise<RecordShareView> => {
    requireOwner(context.identity);
    const readerCitizenId = withCitizenId(args.input.withCitizenId);
    const until = args.input.until ?? null;
    if (until !== null && !ISO_DATE.test(until)) {
      throw badUserInput(
        DEPARTMENT,
        'input.until',
        'FORMAT',
        text('input.format', { argument: 'until', expected: text('expected.date'), got: until }),
      );
    }
    return context.client.shareRecords({ readerCitizenId, until }, randomUUID());
  },

  stopSharingMyRecords: (
    _: unknown,
    args: { input: { withCitizenId: string } },
    context: PublicSecurityContext,
  ): Promise<RecordShareView> => {
    requireOwner(context.identity);
    const readerCitizenId = withCitizenId(args.input.withCitizenId);
    return context.client.stopSharingRecords({ readerCitizenId }, randomUUID());
  },
};

/** Resolvers of `RecordShare`: each party as public security refers to people (masked unless readable). */
export const recordShareResolvers = {
  owner: (share: RecordShareView, _: unknown, context: PublicSecurityContext) =>
    personReference(context, share.ownerCitizenId),
  reader: (share: RecordShareView, _: unknown, context: PublicSecurityContext) =>
    personReference(context, share.readerCitizenId),
};
