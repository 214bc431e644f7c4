/**
 * Who used a person's data, when and why (each department's `Person.<department>DataUses`): the
 * department's audit log as the person sees it, after Estonia's Data Tracker.
 *
 * Only the person themselves (signed in as a citizen) and the department's staff holding
 * `<department>:audit` read it. Not the parents or household members public security grants the
 * records to: a grant cannot tell a parent of a minor from a household member, and the log says who
 * else looked at the person, which is the person's to know. So the field needs no grant and does not
 * `@requires` one. Other citizens the log names are masked for every reader.
 */

import DataLoader from 'dataloader';
import type { Identity } from '../../lib/auth/identity.ts';
import { isMaskedCitizenId, maskCitizenId } from '../../lib/citizenId.ts';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import { AUDIT_BY_SUBJECT_PATH, auditBySubjectAnswer, MAX_BATCH_IDS } from '../../lib/contract/protocol.ts';
import { text } from '../../lib/i18n/messages.ts';
import { forbidden, signInRequired, staffReadsWith } from './access.ts';
import type { DepartmentClient, ForwardedHeaders } from './departmentClient.ts';

/** A citizen ID as the audit log records it (a token subject of any other kind never looks like one). */
const CITIZEN_ID_FORM = /^\d{17}[\dX]$/;

/** One use of a person's data, as `DataUse` answers it. */
export interface DataUse {
  department: string;
  at: string;
  who: string;
  actingFor: string | null;
  purpose: string | null;
  action: string;
  outcome: number;
}

/**
 * Each person's audit entries, newest first; every person asked for in one tick costs one call.
 * Only keys in a citizen ID's form are sent: the department refuses the whole batch over one that is not.
 */
export function createDataUsesLoader(
  fetchMany: (citizenIds: string[]) => Promise<Array<{ citizenId: string; entries: AuditEntryView[] }>>,
): DataLoader<string, AuditEntryView[]> {
  return new DataLoader<string, AuditEntryView[]>(
    async (citizenIds) => {
      const asked = citizenIds.filter((citizenId) => CITIZEN_ID_FORM.test(citizenId));
      const answered = asked.length > 0 ? await fetchMany(asked) : [];
      const byCitizen = new Map(answered.map((item) => [item.citizenId, item.entries]));
      return citizenIds.map((citizenId) => byCitizen.get(citizenId) ?? []);
    },
    { maxBatchSize: MAX_BATCH_IDS },
  );
}

/**
 * The data-uses loader of one request over a department system's `POST /v1/audit/by-subject`, which the
 * mock kit gives every department: {@link createDataUsesLoader} with the call made for it.
 */
export function createDepartmentDataUsesLoader(
  client: DepartmentClient,
  headers: ForwardedHeaders,
): DataLoader<string, AuditEntryView[]> {
  return createDataUsesLoader(
    async (citizenIds) =>
      (await client.post(AUDIT_BY_SUBJECT_PATH, { ids: citizenIds }, auditBySubjectAnswer, { headers }))
        .items,
  );
}

/**
 * Refuses whoever may not read `citizenId`'s data uses in `department`: anyone but the person and the
 * department's auditors (`<department>:audit`), who read it for a purpose like every staff read, and
 * everyone for a masked reference.
 *
 * @throws GraphQLError `UNAUTHENTICATED` without a token, `FORBIDDEN` otherwise
 */
export function requireDataUseReader(department: string, identity: Identity, citizenId: string): void {
  if (identity.kind === 'anonymous') throw signInRequired(department);
  // A masked reference stands for someone the reader may not read: it opens nothing, auditors included.
  if (isMaskedCitizenId(citizenId)) {
    throw forbidden(department, text('refused.dataUses'), citizenId);
  }
  if (identity.kind === 'citizen' && identity.citizenId === citizenId) return;
  if (staffReadsWith(identity, `${department}:audit`, department, citizenId)) return;
  throw forbidden(department, text('refused.dataUsesAuditors'), citizenId);
}

/** A token subject as the person sees it: `self`, another citizen masked, anyone else as recorded. */
function partyAs(subject: string, party: string): string {
  if (party === subject) return 'self';
  return CITIZEN_ID_FORM.test(party) ? `citizen:${maskCitizenId(party)}` : party;
}

/** An audit entry as a `DataUse` of `subject`'s data. */
export function dataUseOf(subject: string, entry: AuditEntryView): DataUse {
  return {
    department: entry.department,
    at: entry.at,
    who: partyAs(subject, entry.actor),
    actingFor: entry.actingFor === null ? null : partyAs(subject, entry.actingFor),
    purpose: entry.purpose,
    action: entry.action,
    outcome: entry.outcome,
  };
}
