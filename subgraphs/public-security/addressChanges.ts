/**
 * Household address changes in the public-security subgraph: the public `changeHouseholdAddress`
 * mutation, `Query.addressChange`, `Household.addressChanges` and the progress of each change at every
 * department that follows it. Who may move a household is checked here (a token, and for staff the
 * write scope) and by the department, which takes the requester from the forwarded token (a citizen
 * must be the household head). A household's changes are read by its members and by staff with
 * `public-security:read`.
 */

import { GraphQLError } from 'graphql';
import type { Identity } from '../../lib/auth/identity.ts';
import { localizedError, textOf, withText } from '../../lib/i18n/errors.ts';
import { text } from '../../lib/i18n/messages.ts';
import type { AddressChangeView, DepartmentSyncView } from '../../schema/public-security/contract.ts';
import { forbidden, hasStaffScope, signInRequired, staffReadsWith } from '../kit/access.ts';
import { badUserInput } from '../kit/errors.ts';
import { requireIdempotencyKey } from '../kit/idempotencyKeyArgument.ts';
import { type HouseholdEntity, personReference, READ_SCOPE, readableHousehold } from './access.ts';
import { addressOf } from './address.ts';
import { DEPARTMENT } from './client.ts';
import type { PublicSecurityContext } from './context.ts';

/** The scope public-security staff need to change a household's address for its head. */
export const WRITE_SCOPE = 'public-security:write';

const HOUSEHOLD_ID = /^\d{6}-\d{6}$/;
const DIVISION_CODE = /^[1-9]\d{5}$/;
const CHANGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The GraphQL input of `changeHouseholdAddress`. */
interface ChangeHouseholdAddressInput {
  householdId: string;
  address: { divisionCode: string; street: string; community: string; detail: string };
  idempotencyKey: string;
}

/**
 * Refuses a caller who may not ask to move a household: only a citizen (the department checks they
 * are the head, and records them as the requester from the token it is forwarded) or public-security
 * staff with the write scope may.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for staff without the write
 *   scope of public security and for hospitals and services
 */
function requireMover(identity: Identity): void {
  switch (identity.kind) {
    case 'citizen':
      return;
    case 'staff':
      if (identity.department === DEPARTMENT && identity.scopes.includes(WRITE_SCOPE)) return;
      throw localizedError(
        'publicSecurity.addressChangeScope',
        { scope: WRITE_SCOPE },
        {
          extensions: { code: 'FORBIDDEN', department: DEPARTMENT, reason: 'MISSING_SCOPE' },
        },
      );
    case 'anonymous':
      throw localizedError('publicSecurity.addressChangeSignIn', undefined, {
        extensions: { code: 'UNAUTHENTICATED', department: DEPARTMENT },
      });
    default:
      throw localizedError('publicSecurity.addressChangeHeadOnly', undefined, {
        extensions: { code: 'FORBIDDEN', department: DEPARTMENT, reason: 'NOT_HOUSEHOLD_HEAD' },
      });
  }
}

/** A part of the new address, trimmed, or `BAD_USER_INPUT` naming it when it is empty or too long. */
function addressPart(name: 'street' | 'community' | 'detail', value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) {
    throw badUserInput(
      DEPARTMENT,
      `input.address.${name}`,
      'LENGTH',
      text('publicSecurity.addressFieldLength', { name, max }),
    );
  }
  return trimmed;
}

/** The department refuses a citizen who is not the head with a 403; to the graph that is FORBIDDEN. */
function forbiddenIfRefusedAccess(error: unknown): unknown {
  const extensions = error instanceof GraphQLError ? error.extensions : undefined;
  if (extensions?.code === 'DEPARTMENT_REJECTED' && extensions.httpStatus === 403) {
    // The department's words, in the reader's language as the rejection had them.
    return withText(
      new GraphQLError((error as GraphQLError).message, {
        extensions: { code: 'FORBIDDEN', department: DEPARTMENT, reason: extensions.reason },
      }),
      textOf(error) ?? text('publicSecurity.addressChangeHeadOnly'),
    );
  }
  return error;
}

/** A change's overall status: syncing while any department is pending, then synced or needing attention. */
function statusOf(deliveries: readonly DepartmentSyncView[]): 'SYNCING' | 'SYNCED' | 'NEEDS_ATTENTION' {
  if (deliveries.some((delivery) => delivery.status === 'PENDING')) return 'SYNCING';
  return deliveries.some((delivery) => delivery.status === 'FAILED') ? 'NEEDS_ATTENTION' : 'SYNCED';
}

/** Resolvers of address changes, merged into the subgraph's resolver map. */
export const addressChangeResolvers = {
  Query: {
    /**
     * Staff with the read scope get the change, or null; anyone else must be a member of the
     * household that moved, and an unknown id is refused like another household's change.
     */
    addressChange: async (_: unknown, args: { id: string }, context: PublicSecurityContext) => {
      const { identity } = context;
      if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
      if (!CHANGE_ID.test(args.id)) {
        throw badUserInput(
          DEPARTMENT,
          'id',
          'FORMAT',
          text('input.format', {
            argument: 'id',
            expected: text('expected.uuid'),
            got: JSON.stringify(args.id),
          }),
        );
      }
      if (identity.kind === 'staff' && !staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) {
        throw forbidden(DEPARTMENT, text('refused.addressChanges'));
      }
      const change = await context.addressChanges.load(args.id.toLowerCase());
      if (hasStaffScope(identity, READ_SCOPE)) return change;
      readableHousehold(identity, change && (await context.households.load(change.householdId)));
      return change;
    },
  },

  Mutation: {
    /** Called once, never retried here: the idempotency key makes the caller's repeat safe. */
    changeHouseholdAddress: async (
      _: unknown,
      args: { input: ChangeHouseholdAddressInput },
      context: PublicSecurityContext,
    ): Promise<AddressChangeView> => {
      requireMover(context.identity);
      const { input } = args;
      if (!HOUSEHOLD_ID.test(input.householdId)) {
        throw badUserInput(
          DEPARTMENT,
          'input.householdId',
          'FORMAT',
          text('input.format', {
            argument: 'input.householdId',
            expected: text('expected.householdId'),
            got: JSON.stringify(input.householdId),
          }),
        );
      }
      if (!DIVISION_CODE.test(input.address.divisionCode)) {
        throw badUserInput(
          DEPARTMENT,
          'input.address.divisionCode',
          'FORMAT',
          text('input.format', {
            argument: 'input.address.divisionCode',
            expected: text('expected.divisionCode'),
            got: JSON.stringify(input.address.divisionCode),
          }),
        );
      }
      const address = {
        divisionCode: input.address.divisionCode,
        street: addressPart('street', input.address.street, 100),
        community: addressPart('community', input.address.community, 100),
        detail: addressPart('detail', input.address.detail, 200),
      };
      const idempotencyKey = requireIdempotencyKey(DEPARTMENT, input.idempotencyKey);
      try {
        const change = await context.client.changeHouseholdAddress(
          input.householdId,
          { address },
          idempotencyKey,
        );
        context.addressChanges.prime(change.id, change);
        return change;
      } catch (error) {
        throw forbiddenIfRefusedAccess(error);
      }
    },
  },

  Household: {
    addressChanges: async (household: HouseholdEntity, _: unknown, context: PublicSecurityContext) => {
      const { id } = readableHousehold(context.identity, household);
      return (await context.householdAddressChanges.load(id))?.changes ?? [];
    },
  },

  AddressChange: {
    household: async (change: AddressChangeView, _: unknown, context: PublicSecurityContext) => {
      const household = await context.households.load(change.householdId);
      if (!household)
        throw new Error(`address change ${change.id} refers to unknown household ${change.householdId}`);
      return household;
    },
    from: (change: AddressChangeView) => addressOf(change.from),
    to: (change: AddressChangeView) => addressOf(change.to),
    requester: (change: AddressChangeView, _: unknown, context: PublicSecurityContext) =>
      change.requestedBy === 'staff' ? null : personReference(context, change.requestedBy),
    status: (change: AddressChangeView) => statusOf(change.deliveries),
  },
};
