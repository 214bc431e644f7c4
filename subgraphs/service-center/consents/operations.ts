/**
 * The consent operations as a client sends them through the gateway (or to this subgraph), for tests:
 * the subgraph's own and the end-to-end tests, which give the other parent's consent before a
 * newborn application so that it completes in the same response.
 */

/** Gives a consent as the signed-in citizen; variables `{ input: { granteeCitizenId, purpose } }`. */
export const GRANT_CONSENT = `mutation GrantConsent($input: GrantConsentInput!) {
  grantConsent(input: $input) {
    id status purpose objectId givenAt expiresAt revokedAt usedAt
    grantor { citizenId } grantee { citizenId } usedBy { id status }
  }
}`;

/** Revokes a consent the signed-in citizen gave; variables `{ id }`. */
export const REVOKE_CONSENT = `mutation RevokeConsent($id: ID!) {
  revokeConsent(id: $id) { id status revokedAt usedBy { id } }
}`;

/** The signed-in citizen's consents, given and received. */
export const MY_CONSENTS = `query MyConsents {
  myConsents {
    id status purpose objectId givenAt expiresAt revokedAt usedAt
    grantor { citizenId } grantee { citizenId } usedBy { id status }
  }
}`;

/**
 * The variables of {@link GRANT_CONSENT} for the newborn errand: the other parent consents to the
 * applicant, for this birth record only.
 */
export function newbornConsentVariables(applicantCitizenId: string, birthRecordId: string) {
  return {
    input: { granteeCitizenId: applicantCitizenId, purpose: 'NEWBORN_REGISTRATION', objectId: birthRecordId },
  };
}
