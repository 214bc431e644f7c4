/**
 * Who may apply for a one-thing errand and who may follow an application, decided where the
 * applications live.
 *
 * - Applying: a signed-in citizen for their own family (each errand checks the family in the
 *   departments' records), or staff at the window holding `service-center:write` for a family.
 * - Reading an application: its family — the applicant, and the other parent its records name (the
 *   birth record's mother and father, the child's father and mother), who gets the same application
 *   back when sending the same request — the service-center acting for one of them, and staff with
 *   `service-center:read` reading for a purpose (a case, an application, an act of theirs;
 *   `PURPOSE_REQUIRED` without one). Everyone else is `FORBIDDEN`, whether the application exists or
 *   not; only staff with the scope learn that a number is unknown.
 * - Resuming an application: its applicant, or staff with `service-center:write`.
 */

import type { GraphQLError } from 'graphql';
import type { Identity } from '../../lib/auth/identity.ts';
import { isMaskedCitizenId } from '../../lib/citizenId.ts';
import { localizedError } from '../../lib/i18n/errors.ts';
import { type Text, text } from '../../lib/i18n/messages.ts';
import { forbidden, hasStaffScope, readerCitizenId, signInRequired, staffReadsWith } from '../kit/access.ts';
import { badUserInput } from '../kit/errors.ts';
import { parentsOfChild, SCHOOL_ENROLMENT, type SchoolEnrolmentInput } from './enrolment/application.ts';
import { NEWBORN, type NewbornApplicationInput, parentsOnBirthRecord } from './newborn/application.ts';
import type { ApplicationRow } from './store.ts';

/** The service-center's name in errors and scopes. */
export const DEPARTMENT = 'service-center';

/** The scope that lets staff read every application. */
export const READ_SCOPE = `${DEPARTMENT}:read`;

/** The scope that lets staff apply for a family at the window and resume any application. */
export const WRITE_SCOPE = `${DEPARTMENT}:write`;

/** Who is applying: a citizen for their own family, or staff at the window for a family. */
export type Applicant = { kind: 'citizen'; citizenId: string } | { kind: 'staff' };

/** `UNAUTHENTICATED` (HTTP 401) for an errand asked for without a token. */
export function signInToApply(what: Text): GraphQLError {
  return localizedError(
    'serviceCenter.signInTo',
    { what },
    {
      extensions: { code: 'UNAUTHENTICATED', department: DEPARTMENT, http: { status: 401 } },
    },
  );
}

/**
 * Who may apply for an errand: a signed-in citizen, or staff holding `service-center:write` or one
 * of `staffScopes` (e.g. `education:write` for school enrolment at the education office).
 *
 * @param what - what is applied for, for the messages, e.g. `register a newborn`
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for any other caller
 */
export function applicantOf(identity: Identity, what: Text, staffScopes: readonly string[] = []): Applicant {
  if (identity.kind === 'anonymous') throw signInToApply(what);
  if (identity.kind === 'citizen') return { kind: 'citizen', citizenId: identity.citizenId };
  if ([WRITE_SCOPE, ...staffScopes].some((scope) => hasStaffScope(identity, scope))) return { kind: 'staff' };
  const scopes = [WRITE_SCOPE, ...staffScopes].join(' or ');
  throw forbidden(DEPARTMENT, text('serviceCenter.onlyFamily', { what, scopes }));
}

/** The citizens an application belongs to: its applicant and the parents its records name. */
export function familyOf(application: ApplicationRow): Set<string> {
  const family = new Set([application.applicantCitizenId]);
  if (application.kind === NEWBORN) {
    for (const parent of parentsOnBirthRecord((application.input as NewbornApplicationInput).birth))
      family.add(parent);
  }
  if (application.kind === SCHOOL_ENROLMENT) {
    for (const parent of parentsOfChild((application.input as SchoolEnrolmentInput).child))
      family.add(parent);
  }
  return family;
}

const notYours = () => forbidden(DEPARTMENT, text('refused.application'));

/**
 * The application the caller asked for by number, or a refusal. An unknown number is refused exactly
 * like another family's application; staff with `service-center:read` get null for it.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` when the caller may not read it
 */
export function readableApplication(
  identity: Identity,
  application: ApplicationRow | undefined,
): ApplicationRow | null {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT, application?.applicantCitizenId)) {
    return application ?? null;
  }
  const reader = readerCitizenId(identity);
  if (application && reader && familyOf(application).has(reader)) return application;
  throw notYours();
}

/**
 * Refuses to list a person's applications to anyone but that person (or the service-center acting
 * for them) and staff with `service-center:read`.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` for anyone else
 */
export function requireApplicationsReader(identity: Identity, citizenId: string): void {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  // A masked key resolves nothing, for every reader.
  if (isMaskedCitizenId(citizenId)) throw forbidden(DEPARTMENT, text('refused.maskedApplications'));
  if (staffReadsWith(identity, READ_SCOPE, DEPARTMENT, citizenId) || readerCitizenId(identity) === citizenId)
    return;
  throw forbidden(DEPARTMENT, text('refused.personsApplications'));
}

/**
 * The application the caller asked to resume, or a refusal: its applicant and staff with
 * `service-center:write` may. An unknown number is refused like another's; staff learn it is unknown.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` when the caller may not resume
 *   it, `BAD_USER_INPUT` (NOT_FOUND) to staff for an unknown number
 */
export function resumableApplication(
  identity: Identity,
  id: string,
  application: ApplicationRow | undefined,
): ApplicationRow {
  if (identity.kind === 'anonymous') throw signInRequired(DEPARTMENT);
  if (hasStaffScope(identity, WRITE_SCOPE)) {
    if (application) return application;
    throw badUserInput(DEPARTMENT, 'id', 'NOT_FOUND', text('serviceCenter.noApplication', { id }));
  }
  const reader = readerCitizenId(identity);
  if (application && reader === application.applicantCitizenId) return application;
  throw forbidden(DEPARTMENT, text('refused.resume'));
}
