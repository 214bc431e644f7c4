/**
 * Who may read what civil affairs holds. A person's records: the person, whoever public security
 * grants (a parent of a minor, a household member, the service-center acting for one) and staff with
 * `civil-affairs:read`. A marriage registration: its spouses and staff. An assistance case, also as a
 * household's: its members and staff. A reader who may not read a record gets the same `FORBIDDEN`
 * whether it exists or not; only staff learn that a number is unknown (null).
 *
 * Reading a record does not open the people it names: a spouse, the other party of a marriage and a
 * case's members appear whole only to whom `EntitledPeople` shows them (the reader, people whose
 * grant verified in the request, civil-affairs staff with `civil-affairs:read`, the service-center),
 * masked to everyone else — the certificate names both spouses, but an ex-spouse's ID is not the
 * divorcee's household member's to learn, nor a spouse's the other's to look up in other departments.
 */

import type { Identity } from '../../lib/auth/identity.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';
import type { AssistanceCaseView, MarriageView } from '../../schema/civil-affairs/contract.ts';
import { forbidden, readerCitizenId, signInRequired, staffReadsWith } from '../kit/access.ts';
import { DEPARTMENT } from './client.ts';

/** The scope civil-affairs staff read every record with. */
const READ_SCOPE = `${DEPARTMENT}:read`;

export type { PersonReference } from '../kit/access.ts';

/**
 * Reads a record only its parties may see: staff with `civil-affairs:read` get it (or null when
 * unknown); a citizen, or the service acting for one, gets it when `partiesOf` names them; anyone
 * else — and a party asking for a record that does not exist — is refused alike.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` when not a party
 */
async function readAsParty<T>(
  identity: Identity,
  load: () => Promise<T | null>,
  partiesOf: (record: T) => readonly string[],
  what: Text,
): Promise<T | null> {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT)) return load();
  const reader = readerCitizenId(identity);
  // Staff of other departments and hospitals are no party to any record: refused without a look-up.
  if (!reader) throw forbidden(DEPARTMENT, what);
  const record = await load();
  if (record && partiesOf(record).includes(reader)) return record;
  throw forbidden(DEPARTMENT, what);
}

/** A marriage registration, for its spouses and civil-affairs staff. */
export function readMarriage(
  identity: Identity,
  load: () => Promise<MarriageView | null>,
): Promise<MarriageView | null> {
  return readAsParty(
    identity,
    load,
    (marriage) => [marriage.husbandCitizenId, marriage.wifeCitizenId],
    text('refused.marriage'),
  );
}

/** An assistance case, for its members and civil-affairs staff. */
export function readAssistanceCase(
  identity: Identity,
  load: () => Promise<AssistanceCaseView | null>,
): Promise<AssistanceCaseView | null> {
  return readAsParty(
    identity,
    load,
    (assistanceCase) => assistanceCase.memberCitizenIds,
    text('refused.assistanceCase'),
  );
}

/**
 * A household's assistance case, for the case's members and civil-affairs staff. The household is
 * public security's: civil affairs cannot tell its other members from strangers, so they are refused
 * alike, and alike whether the household receives assistance or not.
 */
export function readHouseholdAssistanceCase(
  identity: Identity,
  load: () => Promise<AssistanceCaseView | null>,
): Promise<AssistanceCaseView | null> {
  return readAsParty(
    identity,
    load,
    (assistanceCase) => assistanceCase.memberCitizenIds,
    text('refused.householdAssistance'),
  );
}
