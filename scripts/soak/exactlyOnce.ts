/**
 * The soak's exactly-once check, after the load: every errand submitted reached a final state
 * (COMPLETED or REJECTED) as its rules say, under one application, and every department act of it
 * was done once — one hukou registration per birth certificate, one row per act in each department's
 * store, one keyed write per `<application>/<step>` — however often it was asked for across the
 * department's restart.
 */
import { type ErrandOutcome, FINAL_STATES } from './ErrandRunner.ts';
import { DEPARTMENT_ACTS, type KeyedWrite, type RowCounts, type SoakStores } from './stores.ts';

/** One named check and what it found. */
export interface Check {
  name: string;
  ok: boolean;
  /** What was counted, and each offender when it failed. */
  detail: string;
}

/** Requests to an act's route against the writes it kept: the difference was answered as a replay or failed. */
export interface ActCalls {
  department: string;
  route: string;
  calls: number;
  writes: number;
}

/** The check's findings. */
export interface ExactlyOnceReport {
  ok: boolean;
  checks: Check[];
  acts: ActCalls[];
}

/** Requests a department system answered on a route, over every life of the API. */
export type CallsTo = (department: string, route: string) => number;

const MAX_LISTED = 5;

function check(name: string, offenders: string[], counted: string): Check {
  const listed = offenders.slice(0, MAX_LISTED).join('; ');
  const more = offenders.length > MAX_LISTED ? `; and ${offenders.length - MAX_LISTED} more` : '';
  return { name, ok: offenders.length === 0, detail: offenders.length ? `${listed}${more}` : counted };
}

const applicationOf = (outcome: ErrandOutcome) => outcome.applicationIds[0] as string;
const label = (outcome: ErrandOutcome) => `${outcome.errand.kind} ${outcome.errand.subjectKey}`;
const doneActs = (outcome: ErrandOutcome) =>
  (outcome.application?.items ?? [])
    .filter((item) => item.status === 'DONE' && DEPARTMENT_ACTS.some((act) => act.step === item.step))
    .map((item) => item.step);

/** What every check reads: the errands' outcomes, the stores, and the rows added during the load. */
interface Evidence {
  outcomes: ErrandOutcome[];
  /** The errands that got an application answered. */
  answered: ErrandOutcome[];
  stores: SoakStores;
  /** Rows a table gained during the load, as `<department>.<table>`. */
  delta: (table: string) => number;
  /** The completed errands of a kind. */
  completed: (kind: string) => ErrandOutcome[];
}

function finalStateChecks({ outcomes }: Evidence): Check[] {
  const held = outcomes.filter((o) => o.ticketsWhileHeld !== null);
  return [
    check(
      'every errand reached a final state',
      outcomes
        .filter((o) => !FINAL_STATES.has(o.finalStatus ?? ''))
        .map((o) => `${label(o)} ${o.finalStatus ?? 'without application'}: ${o.problem ?? ''}`),
      `${outcomes.length} of ${outcomes.length} COMPLETED or REJECTED`,
    ),
    check(
      'every errand ended as its rules say',
      outcomes
        .filter((o) => o.finalStatus !== o.errand.expected)
        .map((o) => `${label(o)} ${o.finalStatus} (expected ${o.errand.expected})`),
      `${outcomes.length} as expected`,
    ),
    check(
      'every errand held up had a ticket, resolved by the end',
      held.flatMap((o) => {
        const open = (o.application?.tickets ?? []).filter((t) => t.status === 'OPEN').length;
        if (o.ticketsWhileHeld === 0) return [`${label(o)} needed attention without an open ticket`];
        return open > 0 ? [`${label(o)} ended ${o.finalStatus} with ${open} open tickets`] : [];
      }),
      `${held.length} errands needed attention, each with a ticket, all resolved`,
    ),
  ];
}

/** Each errand's answers name one application, the store holds exactly that one, in the same state. */
function oneApplicationCheck({ outcomes, answered, stores, delta }: Evidence): Check {
  const stored = stores.serviceCenter((db) => {
    const bySubject = db.prepare<[string, string], { id: string; status: string }>(
      'SELECT id, status FROM applications WHERE kind = ? AND subject_key = ?',
    );
    return new Map(answered.map((o) => [o, bySubject.all(o.errand.kind, o.errand.subjectKey)]));
  });
  const offenders = outcomes.flatMap((o) => {
    const rows = stored.get(o) ?? [];
    if (o.applicationIds.length !== 1)
      return [`${label(o)} answered ${o.applicationIds.join(', ') || 'none'}`];
    if (rows.length !== 1) return [`${label(o)} has ${rows.length} applications in the store`];
    if (rows[0]?.id !== applicationOf(o))
      return [`${label(o)} answered ${applicationOf(o)}, stored ${rows[0]?.id}`];
    if (rows[0]?.status !== o.finalStatus)
      return [`${label(o)} is ${o.finalStatus} but stored ${rows[0]?.status}`];
    return [];
  });
  const applications = delta('service-center.applications');
  if (applications !== outcomes.length) {
    offenders.push(`${applications} applications stored for ${outcomes.length} errands`);
  }
  return check(
    'one application per errand',
    offenders,
    `${outcomes.length} errands, ${applications} applications, every answer and repeat naming its one`,
  );
}

/**
 * Each completed newborn has one hukou registration, under the one birth certificate of its birth
 * report; a rejected one has no certificate; no registration or certificate was added besides.
 */
function hukouCheck({ outcomes, stores, delta, completed }: Evidence): Check {
  const newborns = completed('NEWBORN');
  const registrations = stores
    .department('public-security')
    .prepare<[string], { birth_certificate_number: string }>(
      'SELECT birth_certificate_number FROM birth_registrations WHERE citizen_id = ?',
    );
  const certificates = stores
    .department('health')
    .prepare<[string], { number: string }>('SELECT number FROM birth_certificates WHERE birth_record_id = ?');
  const offenders = newborns.flatMap((o) => {
    const citizenId = o.application?.items.find((i) => i.step === 'registerHukou')?.reference ?? '';
    const [registration, ...moreRegistrations] = registrations.all(citizenId);
    const [certificate, ...moreCertificates] = certificates.all(o.errand.subjectKey);
    if (!registration || !certificate || moreRegistrations.length || moreCertificates.length) {
      return [
        `${label(o)}: ${moreRegistrations.length + (registration ? 1 : 0)} registrations of ${citizenId}, ` +
          `${moreCertificates.length + (certificate ? 1 : 0)} certificates`,
      ];
    }
    return registration.birth_certificate_number === certificate.number
      ? []
      : [
          `${label(o)}: registered under ${registration.birth_certificate_number}, certified ${certificate.number}`,
        ];
  });
  for (const o of outcomes.filter((o) => o.errand.kind === 'NEWBORN' && o.finalStatus === 'REJECTED')) {
    const n = certificates.all(o.errand.subjectKey).length;
    if (n > 0) offenders.push(`${label(o)} was rejected but has ${n} birth certificates`);
  }
  for (const table of ['public-security.birth_registrations', 'health.birth_certificates']) {
    if (delta(table) !== newborns.length)
      offenders.push(`${delta(table)} new ${table} for ${newborns.length} newborns`);
  }
  return check(
    'one hukou registration per birth certificate',
    offenders,
    `${newborns.length} newborns, ${delta('public-security.birth_registrations')} registrations, ` +
      `${delta('health.birth_certificates')} certificates`,
  );
}

/**
 * Each act an application did has one keyed write `<application>/<step>` and none it did not do; no
 * keyed write belongs to anything else; each act's table gained one row per act.
 */
function actsCheck({ answered, delta, completed }: Evidence, writes: KeyedWrite[]): Check {
  const errandApplications = new Set(answered.map(applicationOf));
  const offenders = answered.flatMap((o) => {
    const keyed = writes
      .filter((w) => w.key.startsWith(`${applicationOf(o)}/`))
      .map((w) => w.key.split('/')[1]);
    const expected = doneActs(o);
    const twice = keyed.filter((step, n) => keyed.indexOf(step) !== n);
    const missing = expected.filter((step) => !keyed.includes(step));
    const extra = keyed.filter((step) => !expected.includes(step as string));
    return twice.length || missing.length || extra.length
      ? [`${label(o)}: twice [${twice}] missing [${missing}] not done [${extra}]`]
      : [];
  });
  for (const stray of writes.filter((w) => !errandApplications.has(w.key.split('/')[0] as string))) {
    offenders.push(`${stray.department} ${stray.route} keyed ${stray.key}: no errand of the soak`);
  }
  const newborns = completed('NEWBORN').length;
  const expectedRows: Record<string, number> = {
    'health.vaccination_records': newborns,
    'education.school_age_registrations': newborns,
    'education.enrolments': completed('SCHOOL_ENROLMENT').length,
    'civil-affairs.assistance_case_members': answered.filter((o) => doneActs(o).includes('updateAssistance'))
      .length,
    'service-center.deliveries': newborns,
  };
  for (const [table, n] of Object.entries(expectedRows)) {
    if (delta(table) !== n) offenders.push(`${delta(table)} new ${table}, expected ${n}`);
  }
  const acts = answered.reduce((sum, o) => sum + doneActs(o).length, 0);
  const rows = Object.entries(expectedRows).map(([table, n]) => `${table} +${n}`);
  return check(
    'every department act done once',
    offenders,
    `${writes.length} keyed writes for ${acts} acts done; ${rows.join(', ')}`,
  );
}

/**
 * Checks the errands' outcomes against the stores.
 *
 * @param before - the stores' row counts before the load
 * @param callsTo - requests each department system answered on a route, for the act table
 */
export function checkExactlyOnce(
  outcomes: ErrandOutcome[],
  stores: SoakStores,
  before: RowCounts,
  callsTo: CallsTo,
): ExactlyOnceReport {
  const after = stores.counts();
  const evidence: Evidence = {
    outcomes,
    answered: outcomes.filter((o) => o.applicationIds.length > 0),
    stores,
    delta: (table) => (after[table] ?? 0) - (before[table] ?? 0),
    completed: (kind) => outcomes.filter((o) => o.errand.kind === kind && o.finalStatus === 'COMPLETED'),
  };
  const writes = stores.keyedWrites();
  const checks = [
    ...finalStateChecks(evidence),
    oneApplicationCheck(evidence),
    hukouCheck(evidence),
    actsCheck(evidence, writes),
  ];
  const acts = DEPARTMENT_ACTS.map(({ department, route }) => ({
    department,
    route,
    calls: callsTo(department, `POST ${route}`),
    writes: writes.filter((w) => w.route === route).length,
  }));
  return { ok: checks.every((c) => c.ok), checks, acts };
}
