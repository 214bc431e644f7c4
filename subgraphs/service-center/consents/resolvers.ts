/**
 * Resolvers of consents: a citizen gives, revokes and lists their own. Consents are a citizen's own
 * act, so only a citizen signed in as themselves has them — not staff, not a service acting for one.
 */

import type { Identity } from '../../../lib/auth/identity.ts';
import { text } from '../../../lib/i18n/messages.ts';
import { forbidden, readerCitizenId, signInRequired } from '../../kit/access.ts';
import { requireCitizenId } from '../../kit/citizenIdArgument.ts';
import { badUserInput } from '../../kit/errors.ts';
import type { SubgraphResolvers } from '../../kit/server.ts';
import { DEPARTMENT, readableApplication } from '../access.ts';
import { personFor } from '../people.ts';
import type { ServiceCenterContext } from '../resolvers.ts';
import type { ConsentPurpose, ConsentRow } from './ConsentRegister.ts';

const CONSENT_ID = /^CS-\d{8}-[A-Z0-9]{6}$/;

/** The input of grantConsent. */
interface GrantConsentInput {
  granteeCitizenId: string;
  purpose: ConsentPurpose;
  objectId: string;
}

/**
 * The signed-in citizen, whose consents these are.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for anyone but a citizen
 */
function consentHolder(identity: Identity): string {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (identity.kind === 'citizen') return identity.citizenId;
  throw forbidden(DEPARTMENT, text('refused.consents'));
}

/** The consent its grantor asked for; anyone else is refused alike whether it exists or not. */
function grantorsConsent(consent: ConsentRow | undefined, citizenId: string): ConsentRow {
  if (consent?.grantorCitizenId === citizenId) return consent;
  throw forbidden(DEPARTMENT, text('refused.revokeConsent'));
}

/** Gives a consent as the signed-in citizen, once its input and object are checked. */
function giveConsent(
  input: GrantConsentInput,
  { center, identity }: ServiceCenterContext,
): Promise<ConsentRow> {
  const grantor = consentHolder(identity);
  const grantee = requireCitizenId(DEPARTMENT, 'input.granteeCitizenId', input.granteeCitizenId);
  if (grantee === grantor) {
    throw badUserInput(DEPARTMENT, 'input.granteeCitizenId', 'SELF', text('consent.self'));
  }
  const objectId = input.objectId.trim();
  if (!objectId) {
    throw badUserInput(DEPARTMENT, 'input.objectId', 'REQUIRED', text('consent.objectRequired'));
  }
  return center.giveConsent(grantor, grantee, input.purpose, objectId);
}

/** Revokes a consent the signed-in citizen gave, naming why one cannot be. */
async function revokeConsent(id: string, { center, identity }: ServiceCenterContext): Promise<ConsentRow> {
  const grantor = consentHolder(identity);
  if (!CONSENT_ID.test(id)) {
    throw badUserInput(DEPARTMENT, 'id', 'FORMAT', text('consent.idFormat', { got: JSON.stringify(id) }));
  }
  const consent = grantorsConsent(await center.consents.consent(id), grantor);
  const revoked = (await center.consents.revoke(consent.id)) as ConsentRow;
  if (revoked.status === 'EXPIRED') {
    throw badUserInput(
      DEPARTMENT,
      'id',
      'EXPIRED',
      text('consent.expired', { id: revoked.id, at: revoked.expiresAt }),
    );
  }
  if (revoked.status === 'USED') {
    throw badUserInput(
      DEPARTMENT,
      'id',
      'ALREADY_USED',
      text('consent.alreadyUsed', {
        id: revoked.id,
        application: String(revoked.usedBy),
        at: String(revoked.usedAt),
      }),
    );
  }
  return revoked;
}

/** Merged into the subgraph's resolvers (`resolvers.ts`). */
export const consentResolvers = {
  Query: {
    myConsents: (_: unknown, __: unknown, { center, identity }: ServiceCenterContext) =>
      center.consents.ofCitizen(consentHolder(identity)),
  },

  Mutation: {
    // Recorded in the audit log, given or refused: the grantor's records are what it opens.
    grantConsent: (_: unknown, args: { input: GrantConsentInput }, context: ServiceCenterContext) =>
      context.center.processing.recorded(
        {
          by: context.identity,
          purpose: null,
          action: 'grantConsent',
          subjects: [readerCitizenId(context.identity)],
          requestId: context.requestId,
        },
        () => giveConsent(args.input, context),
        (consent) => ({
          purpose: `consent ${consent.id}`,
          subjects: [consent.grantorCitizenId, consent.granteeCitizenId],
        }),
      ),

    revokeConsent: async (_: unknown, args: { id: string }, context: ServiceCenterContext) => {
      const known = CONSENT_ID.test(args.id) ? await context.center.consents.consent(args.id) : undefined;
      return context.center.processing.recorded(
        {
          by: context.identity,
          purpose: `consent ${args.id}`,
          action: 'revokeConsent',
          // Refused, an existing consent's parties learn someone tried to revoke it.
          subjects: known ? [known.grantorCitizenId, known.granteeCitizenId] : [],
          requestId: context.requestId,
        },
        () => revokeConsent(args.id, context),
      );
    },
  },

  Consent: {
    // The grantee sees who consented masked: a consent must not hand them the grantor's full ID.
    grantor: (consent: ConsentRow, _: unknown, { identity }: ServiceCenterContext) =>
      personFor(identity, consent.grantorCitizenId),
    // The grantor typed the grantee's ID when consenting: it is shown back to them whole.
    grantee: (consent: ConsentRow, _: unknown, { identity }: ServiceCenterContext) =>
      personFor(identity, consent.granteeCitizenId, {
        namedByReader: readerCitizenId(identity) === consent.grantorCitizenId,
      }),
    // The grantor is the other parent the application names, so both parties may read it.
    usedBy: async (consent: ConsentRow, _: unknown, { center, identity }: ServiceCenterContext) =>
      consent.usedBy ? readableApplication(identity, await center.store.application(consent.usedBy)) : null,
  },
} satisfies SubgraphResolvers<ServiceCenterContext>;
