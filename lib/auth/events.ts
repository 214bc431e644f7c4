/**
 * Signed events: a department system publishing an event (public security's relay) signs each delivery
 * with its own key, for the one system it delivers to. The token names the event and carries the
 * SHA-256 digest of its envelope, so a receiver can tell an event its publisher sent from an unsigned,
 * forged, altered or stale one — the envelope as JSON.stringify writes it, so any byte changed in what
 * it says changes the digest. A delivery is signed anew for each attempt and lives a few minutes: a
 * token replayed later is refused, and one replayed with another body does not match its digest.
 */
import { createHash } from 'node:crypto';
import { text } from '../i18n/messages.ts';
import { claimsOf } from './claims.ts';
import type { ServiceSigner, ServiceTokenVerifier } from './delegation.ts';
import { bearerTokenOf, TokenError } from './tokens.ts';

/** The JOSE `typ` of a signed event delivery. */
export const EVENT_TOKEN_TYPE = 'onething-event+jwt';

/** How long a signed delivery may be presented: one attempt and its clock skew. */
export const EVENT_TOKEN_TTL_SECONDS = 300;

/** The base64url SHA-256 of an event envelope as JSON. */
export function eventDigest(envelope: unknown): string {
  return createHash('sha256').update(JSON.stringify(envelope)).digest('base64url');
}

/** The `Authorization` header value of one delivery of `envelope` (with its `eventId`) to `receiver`. */
export async function signEventDelivery(
  signer: ServiceSigner,
  receiver: string,
  envelope: { eventId: string },
): Promise<string> {
  const token = await signer.sign(
    {
      ...claimsOf({ kind: 'service', service: signer.service, actingFor: null, applicationId: null }),
      event_id: envelope.eventId,
      digest: eventDigest(envelope),
    },
    { audience: receiver, type: EVENT_TOKEN_TYPE, ttlSeconds: EVENT_TOKEN_TTL_SECONDS },
  );
  return `Bearer ${token}`;
}

/**
 * The publisher of a delivered event, once its signature, receiver, freshness, event id and digest
 * check out.
 *
 * @throws TokenError `NO_CREDENTIALS` for an unsigned event, a 401 problem for one that does not verify
 *   or does not match what was sent, `CALLER_NOT_ALLOWED` (403) for a publisher not in `senders`
 */
export async function verifyEventDelivery(
  verifier: ServiceTokenVerifier,
  authorization: string | undefined,
  senders: readonly string[],
  envelope: { eventId: string },
): Promise<string> {
  if (!authorization) throw new TokenError('NO_CREDENTIALS', text('auth.eventUnsigned'));
  const { payload, issuer } = await verifier.verify(bearerTokenOf(authorization), EVENT_TOKEN_TYPE);
  if (!senders.includes(issuer)) {
    throw new TokenError(
      'CALLER_NOT_ALLOWED',
      text('auth.takesNoEventsFrom', { service: verifier.service, issuer }),
    );
  }
  if (payload.event_id !== envelope.eventId || payload.digest !== eventDigest(envelope)) {
    throw new TokenError('BAD_SIGNATURE', text('auth.eventNotSigned'));
  }
  return issuer;
}
