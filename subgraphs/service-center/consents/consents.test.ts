import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../../lib/citizenId.ts';
import type { GraphQLTestResponse } from '../../kit/testing.ts';
import { BIRTHS, FAMILY, type TestServiceCenter, testServiceCenter } from '../fixtures.ts';
import { openServiceCenterDatabase, type ServiceCenterDatabase, sql } from '../storage/database.ts';
import { migrationsFor } from '../storage/migrations.ts';
import { type ApplicationRow, ServiceCenterStore } from '../store.ts';
import { ConsentRegister, consentTtlDaysFrom, NEWBORN_REGISTRATION } from './ConsentRegister.ts';
import { GRANT_CONSENT, MY_CONSENTS, newbornConsentVariables, REVOKE_CONSENT } from './operations.ts';

let center: TestServiceCenter;

beforeEach(async () => {
  center = await testServiceCenter();
});

afterEach(async () => {
  await center?.close();
});

interface ApplicationAnswer {
  id: string;
  status: string;
  applicant: { citizenId: string };
  awaitingConsentFrom: { citizenId: string } | null;
  awaitingConsentBecause: string | null;
  items: Array<{ step: string; status: string }>;
}

interface ConsentAnswer {
  id: string;
  status: string;
  purpose: string;
  objectId: string | null;
  givenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  grantor: { citizenId: string };
  grantee: { citizenId: string };
  usedAt: string | null;
  usedBy: { id: string; status: string } | null;
}

const APPLICATION_FIELDS =
  'id status applicant { citizenId } awaitingConsentFrom { citizenId } awaitingConsentBecause items { step status }';

function registerNewborn(identity: string, birthRecordId = BIRTHS.couple, idempotencyKey?: string) {
  return center.as<{ registerNewborn: { application: ApplicationAnswer } }>(
    identity,
    `mutation($input: RegisterNewbornInput!) { registerNewborn(input: $input) { application { ${APPLICATION_FIELDS} } } }`,
    { input: { birthRecordId, childName: '王小宝', household: 'MOTHER', idempotencyKey } },
  );
}

/** The mother's application for the couple's newborn. */
async function waitingApplication(): Promise<ApplicationAnswer> {
  const response = await registerNewborn(FAMILY.mother);
  expect(response.errors).toBeUndefined();
  return response.data?.registerNewborn.application as ApplicationAnswer;
}

async function grantConsent(
  grantor: string,
  grantee: string,
  birthRecordId = BIRTHS.couple,
): Promise<ConsentAnswer> {
  const response = await center.as<{ grantConsent: ConsentAnswer }>(
    grantor,
    GRANT_CONSENT,
    newbornConsentVariables(grantee, birthRecordId),
  );
  expect(response.errors).toBeUndefined();
  return response.data?.grantConsent as ConsentAnswer;
}

/** The application as `reader` sees it once its errand stops running (waits, or settles). */
async function settled(id: string, reader: string, within = 3000): Promise<ApplicationAnswer> {
  const deadline = Date.now() + within;
  for (;;) {
    const response = await center.as<{ application: ApplicationAnswer }>(
      reader,
      `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`,
      { id },
    );
    const application = response.data?.application as ApplicationAnswer;
    if (!['SUBMITTED', 'IN_PROGRESS'].includes(application.status) || Date.now() > deadline)
      return application;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const myConsents = (identity: string | null) =>
  center.as<{ myConsents: ConsentAnswer[] }>(identity, MY_CONSENTS);
const codeOf = (response: GraphQLTestResponse<unknown>) => response.errors?.[0]?.extensions?.code;

describe('the newborn errand and the other parent’s consent', () => {
  it('waits for the father’s consent without reading or doing anything, naming whom it waits for', async () => {
    const response = await registerNewborn(FAMILY.mother);
    expect(response.errors).toBeUndefined();
    const application = response.data?.registerNewborn.application;
    // The mother sees whom it waits for, masked: the father's records are not hers to read.
    expect(application).toMatchObject({
      status: 'AWAITING_CONSENT',
      applicant: { citizenId: FAMILY.mother },
      awaitingConsentFrom: { citizenId: maskCitizenId(FAMILY.father) },
    });
    expect(new Set(application?.items.map((item) => item.status))).toEqual(new Set(['PENDING']));
    // Only the birth record was read, at submission: no parent's records, no act.
    expect(center.departments.calls.map((call) => call.operation)).toEqual(['NewbornBirthRecord']);
  });

  it('carries on by itself once the father consents, reading his records on his behalf under the consent, then USED', async () => {
    const { id } = await waitingApplication();
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    expect(consent).toMatchObject({ status: 'GIVEN', grantor: { citizenId: FAMILY.father } });

    const application = await settled(id, FAMILY.mother);
    expect(application).toMatchObject({ status: 'COMPLETED', awaitingConsentFrom: null });
    const [used] = (await myConsents(FAMILY.father)).data?.myConsents ?? [];
    expect(used).toMatchObject({ id: consent.id, status: 'USED', usedBy: { id, status: 'COMPLETED' } });
    expect(used?.usedAt).not.toBeNull();

    // Each parent's records are read on that parent's behalf; the acts are the applicant's.
    const reads = center.departments.calls.filter((call) =>
      ['NewbornParents', 'NewbornFamily'].includes(call.operation),
    );
    expect(reads).toHaveLength(4);
    for (const read of reads) {
      const subject =
        read.operation === 'NewbornParents'
          ? (read.variables.ids as string[])[0]
          : (read.variables.representations as Array<{ citizenId: string }>)[0]?.citizenId;
      expect(read).toMatchObject({ actingFor: subject, applicationId: id });
    }
    expect(center.departments.callsOf('RegisterBirth')).toEqual([
      expect.objectContaining({ actingFor: FAMILY.mother, applicationId: id }),
    ]);
  });

  it('completes in the same response when the consent was given before, and uses it once', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    const again = await grantConsent(FAMILY.father, FAMILY.mother);
    expect(again.id).toBe(consent.id);

    const first = (await registerNewborn(FAMILY.mother, BIRTHS.couple, 'key-1')).data?.registerNewborn
      .application;
    expect(first?.status).toBe('COMPLETED');
    const repeat = (await registerNewborn(FAMILY.mother, BIRTHS.couple, 'key-1')).data?.registerNewborn
      .application;
    expect(repeat?.id).toBe(first?.id);
    expect((await myConsents(FAMILY.mother)).data?.myConsents).toEqual([
      expect.objectContaining({
        id: consent.id,
        status: 'USED',
        usedBy: { id: first?.id, status: 'COMPLETED' },
      }),
    ]);
    expect(center.departments.callsOf('RegisterBirth')).toHaveLength(1);
  });

  it('asks the mother’s consent when the father applies', async () => {
    const application = (await registerNewborn(FAMILY.father)).data?.registerNewborn.application;
    expect(application).toMatchObject({
      status: 'AWAITING_CONSENT',
      applicant: { citizenId: FAMILY.father },
      awaitingConsentFrom: { citizenId: maskCitizenId(FAMILY.mother) },
    });
    // A consent to someone else, or from someone else, cannot even be given for this birth.
    const toStranger = await center.as(
      FAMILY.mother,
      GRANT_CONSENT,
      newbornConsentVariables(FAMILY.stranger, BIRTHS.couple),
    );
    const fromStranger = await center.as(
      FAMILY.stranger,
      GRANT_CONSENT,
      newbornConsentVariables(FAMILY.father, BIRTHS.couple),
    );
    expect(toStranger.errors?.[0]?.extensions?.reason).toBe('OBJECT_NOT_SHARED');
    expect(fromStranger.errors?.[0]?.extensions?.reason).toBe('OBJECT_NOT_YOURS');
    expect((await settled(application?.id as string, FAMILY.father)).status).toBe('AWAITING_CONSENT');
    await grantConsent(FAMILY.mother, FAMILY.father);
    expect((await settled(application?.id as string, FAMILY.father)).status).toBe('COMPLETED');
  });

  it('needs no consent when the birth record names no father', async () => {
    const application = (await registerNewborn(FAMILY.singleMother, BIRTHS.noFather)).data?.registerNewborn
      .application;
    // The errand runs its checks at once (and rejects: there is no marriage to find).
    expect(application).toMatchObject({ status: 'REJECTED', awaitingConsentFrom: null });
    expect((await myConsents(FAMILY.singleMother)).data?.myConsents).toEqual([]);
  });

  it('does not count a revoked consent: the application waits for a new one', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    const revoked = await center.as<{ revokeConsent: ConsentAnswer }>(FAMILY.father, REVOKE_CONSENT, {
      id: consent.id,
    });
    expect(revoked.data?.revokeConsent).toMatchObject({ id: consent.id, status: 'REVOKED', usedBy: null });
    const application = (await registerNewborn(FAMILY.mother)).data?.registerNewborn.application;
    expect(application?.status).toBe('AWAITING_CONSENT');
    const renewed = await grantConsent(FAMILY.father, FAMILY.mother);
    expect(renewed.id).not.toBe(consent.id);
    expect((await settled(application?.id as string, FAMILY.mother)).status).toBe('COMPLETED');
  });
});

describe('giving, revoking and listing consents', () => {
  it('are a signed-in citizen’s own: UNAUTHENTICATED without a token, FORBIDDEN to staff and services', async () => {
    const variables = newbornConsentVariables(FAMILY.mother, BIRTHS.couple);
    expect(codeOf(await center.as(null, GRANT_CONSENT, variables))).toBe('UNAUTHENTICATED');
    expect(codeOf(await myConsents(null))).toBe('UNAUTHENTICATED');
    for (const identity of [
      'staff:service-center:service-center:write',
      'service:service-center',
      'hospital:H1',
    ]) {
      expect(codeOf(await center.as(identity, GRANT_CONSENT, variables))).toBe('FORBIDDEN');
      expect(codeOf(await myConsents(identity))).toBe('FORBIDDEN');
    }
    const self = await center.as(FAMILY.mother, GRANT_CONSENT, variables);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SELF' });
  });

  it('lists a consent to its grantor and its grantee, and to no one else; the grantee sees the grantor masked', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    for (const [party, grantor] of [
      [FAMILY.father, FAMILY.father],
      [FAMILY.mother, maskCitizenId(FAMILY.father)],
    ] as const) {
      expect((await myConsents(party)).data?.myConsents).toEqual([
        expect.objectContaining({
          id: consent.id,
          grantor: { citizenId: grantor },
          grantee: { citizenId: FAMILY.mother },
        }),
      ]);
    }
    expect((await myConsents(FAMILY.stranger)).data?.myConsents).toEqual([]);
  });

  it('lets only the grantor revoke, refuses anyone else alike whether the consent exists or not, and never revokes a USED one', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    const byGrantee = await center.as(FAMILY.mother, REVOKE_CONSENT, { id: consent.id });
    const unknown = await center.as(FAMILY.mother, REVOKE_CONSENT, { id: 'CS-20261120-ZZZZZZ' });
    expect(byGrantee.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      department: 'service-center',
    });
    expect(unknown.errors?.[0]).toEqual(byGrantee.errors?.[0]);
    const malformed = await center.as(FAMILY.father, REVOKE_CONSENT, { id: 'nonsense' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FORMAT' });

    await registerNewborn(FAMILY.mother);
    const used = await center.as(FAMILY.father, REVOKE_CONSENT, { id: consent.id });
    expect(used.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_USED' });
    expect((await myConsents(FAMILY.father)).data?.myConsents[0]?.status).toBe('USED');
  });
});

describe('a restarted service-center', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'service-center-data-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carries on with an application whose consent was given while no process ran it', async () => {
    await center.close();
    center = await testServiceCenter({ dataDir });
    const { id } = await waitingApplication();
    await center.close();

    // The consent is on record, but no process woke the application (it stopped first).
    const database = await openServiceCenterDatabase({ dataDir });
    try {
      await new ConsentRegister(database.db).give(
        FAMILY.father,
        FAMILY.mother,
        NEWBORN_REGISTRATION,
        BIRTHS.couple,
      );
    } finally {
      await database.close();
    }

    center = await testServiceCenter({ dataDir });
    expect((await settled(id, FAMILY.mother)).status).toBe('COMPLETED');
    expect(center.departments.callsOf('RegisterBirth')).toHaveLength(1);
  });
});

describe('a consent bound to its purpose and its birth, expiring, used once', () => {
  const DAY = 24 * 60 * 60 * 1000;
  let now: Date;

  beforeEach(async () => {
    await center.close();
    now = new Date('2026-11-20T02:00:00.000Z');
    center = await testServiceCenter({ clock: () => now });
  });

  it('is for one birth record: a consent for the couple’s first birth does not let the twin’s application read', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother, BIRTHS.couple);
    const twin = (await registerNewborn(FAMILY.mother, BIRTHS.coupleTwin)).data?.registerNewborn.application;
    expect(twin).toMatchObject({
      status: 'AWAITING_CONSENT',
      awaitingConsentFrom: { citizenId: maskCitizenId(FAMILY.father) },
      awaitingConsentBecause: 'CONSENT_NOT_FOR_THIS_BIRTH',
    });
    // Still there, unused, for the birth it was given for.
    expect((await myConsents(FAMILY.father)).data?.myConsents).toEqual([
      expect.objectContaining({ id: consent.id, status: 'GIVEN', objectId: BIRTHS.couple, usedBy: null }),
    ]);
    const first = (await registerNewborn(FAMILY.mother, BIRTHS.couple)).data?.registerNewborn.application;
    expect(first?.status).toBe('COMPLETED');
    // Used by the first birth's application, it still does not serve the twin's.
    const waiting = await settled(twin?.id as string, FAMILY.mother);
    expect(waiting).toMatchObject({ status: 'AWAITING_CONSENT', awaitingConsentBecause: 'CONSENT_MISSING' });
  });

  it('expires unused after 30 days: the application waits, naming CONSENT_EXPIRED, and the consent shows EXPIRED', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    expect(consent).toMatchObject({
      purpose: 'NEWBORN_REGISTRATION',
      objectId: BIRTHS.couple,
      givenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    });
    now = new Date(now.getTime() + 30 * DAY);
    const application = (await registerNewborn(FAMILY.mother)).data?.registerNewborn.application;
    expect(application).toMatchObject({
      status: 'AWAITING_CONSENT',
      awaitingConsentBecause: 'CONSENT_EXPIRED',
    });
    expect((await myConsents(FAMILY.mother)).data?.myConsents).toEqual([
      expect.objectContaining({ id: consent.id, status: 'EXPIRED', usedBy: null, usedAt: null }),
    ]);
    const revoked = await center.as(FAMILY.father, REVOKE_CONSENT, { id: consent.id });
    expect(revoked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EXPIRED' });
    // A new consent, given in time, lets it carry on.
    const renewed = await grantConsent(FAMILY.father, FAMILY.mother);
    expect(renewed.id).not.toBe(consent.id);
    expect((await settled(application?.id as string, FAMILY.mother)).status).toBe('COMPLETED');
  });

  it('still serves a day before it expires', async () => {
    await grantConsent(FAMILY.father, FAMILY.mother);
    now = new Date(now.getTime() + 29 * DAY);
    const application = (await registerNewborn(FAMILY.mother)).data?.registerNewborn.application;
    expect(application).toMatchObject({ status: 'COMPLETED', awaitingConsentBecause: null });
  });

  it('refuses a consent revoked before use, naming CONSENT_REVOKED', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    await center.as(FAMILY.father, REVOKE_CONSENT, { id: consent.id });
    const application = (await registerNewborn(FAMILY.mother)).data?.registerNewborn.application;
    expect(application).toMatchObject({
      status: 'AWAITING_CONSENT',
      awaitingConsentBecause: 'CONSENT_REVOKED',
    });
    const [listed] = (await myConsents(FAMILY.father)).data?.myConsents ?? [];
    expect(listed).toMatchObject({ status: 'REVOKED', revokedAt: now.toISOString(), usedBy: null });
  });

  it('myConsents shows what it is for, when it was given, when it expires and which application used it', async () => {
    const consent = await grantConsent(FAMILY.father, FAMILY.mother);
    now = new Date(now.getTime() + DAY);
    const application = (await registerNewborn(FAMILY.mother)).data?.registerNewborn.application;
    for (const [party, grantor] of [
      [FAMILY.father, FAMILY.father],
      [FAMILY.mother, maskCitizenId(FAMILY.father)],
    ] as const) {
      expect((await myConsents(party)).data?.myConsents).toEqual([
        {
          id: consent.id,
          status: 'USED',
          purpose: 'NEWBORN_REGISTRATION',
          objectId: BIRTHS.couple,
          givenAt: consent.givenAt,
          expiresAt: consent.expiresAt,
          revokedAt: null,
          usedAt: now.toISOString(),
          grantor: { citizenId: grantor },
          grantee: { citizenId: FAMILY.mother },
          usedBy: { id: application?.id, status: 'COMPLETED' },
        },
      ]);
    }
  });

  it('refuses a consent for a birth that is unknown, not the grantor’s, or not the grantee’s, naming why, and records nothing', async () => {
    const cases: Array<[string, string, string, string]> = [
      [FAMILY.father, FAMILY.mother, BIRTHS.unknown, 'OBJECT_NOT_YOURS'],
      [FAMILY.stranger, FAMILY.mother, BIRTHS.couple, 'OBJECT_NOT_YOURS'],
      [FAMILY.father, FAMILY.stranger, BIRTHS.couple, 'OBJECT_NOT_SHARED'],
      [FAMILY.father, FAMILY.mother, 'SCH500103-01', 'FORMAT'],
    ];
    for (const [grantor, grantee, birth, reason] of cases) {
      const response = await center.as(grantor, GRANT_CONSENT, newbornConsentVariables(grantee, birth));
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        department: 'service-center',
        reason,
      });
    }
    // An unknown birth and another family's answer alike: nothing learnt about others' births.
    const unknown = await center.as(
      FAMILY.stranger,
      GRANT_CONSENT,
      newbornConsentVariables(FAMILY.mother, BIRTHS.unknown),
    );
    const others = await center.as(
      FAMILY.stranger,
      GRANT_CONSENT,
      newbornConsentVariables(FAMILY.mother, BIRTHS.couple),
    );
    expect(unknown.errors?.[0]?.message.replace(BIRTHS.unknown, '')).toBe(
      others.errors?.[0]?.message.replace(BIRTHS.couple, ''),
    );
    for (const party of [FAMILY.father, FAMILY.mother, FAMILY.stranger]) {
      expect((await myConsents(party)).data?.myConsents).toEqual([]);
    }
  });

  it('refuses a consent without an object', async () => {
    const response = await center.as(
      FAMILY.father,
      GRANT_CONSENT,
      newbornConsentVariables(FAMILY.mother, ' '),
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED' });
  });
});

describe('the consent register', () => {
  const request = {
    grantorCitizenId: FAMILY.father,
    granteeCitizenId: FAMILY.mother,
    purpose: NEWBORN_REGISTRATION,
    objectId: BIRTHS.couple,
  };
  let database: ServiceCenterDatabase;

  /** Stores an application `id` of the mother's (a consent's `used_by` must name one). */
  async function application(store: ServiceCenterStore, id: string): Promise<ApplicationRow> {
    const { application } = await store.createApplication({
      id,
      kind: 'TEST',
      applicantCitizenId: FAMILY.mother,
      subjectKey: id,
      clientKey: null,
      input: {},
      submittedAt: '2026-11-20T00:00:00.000Z',
      dueAt: '2026-11-27T00:00:00.000Z',
      items: [{ step: 'check', department: 'civil-affairs' }],
    });
    return application;
  }

  beforeEach(async () => {
    database = await openServiceCenterDatabase({ inMemory: true });
    const store = new ServiceCenterStore(database.db);
    await application(store, 'A1');
    await application(store, 'A2');
  });

  afterEach(() => database.close());

  it('lets one application use a consent, once: a second application for the same birth cannot (CONSENT_USED)', async () => {
    const register = new ConsentRegister(database.db);
    const consent = await register.give(FAMILY.father, FAMILY.mother, NEWBORN_REGISTRATION, BIRTHS.couple);
    expect((await register.use(request, 'A1'))?.id).toBe(consent.id);
    expect((await register.use(request, 'A1'))?.id).toBe(consent.id); // the same application, retried
    expect(await register.available(request, 'A2')).toBe(false);
    expect(await register.use(request, 'A2')).toBeUndefined();
    expect(await register.refusal(request, 'A2')).toBe('CONSENT_USED');
    expect(await register.refusal(request, 'A1')).toBeUndefined();
  });

  it('takes its lifetime from CONSENT_TTL_DAYS', async () => {
    expect(consentTtlDaysFrom({})).toBe(30);
    expect(consentTtlDaysFrom({ CONSENT_TTL_DAYS: '7' })).toBe(7);
    expect(() => consentTtlDaysFrom({ CONSENT_TTL_DAYS: 'soon' })).toThrow(/CONSENT_TTL_DAYS/);
    const now = new Date('2026-11-20T00:00:00.000Z');
    const consent = await new ConsentRegister(database.db, () => now, 7).give(
      FAMILY.father,
      FAMILY.mother,
      NEWBORN_REGISTRATION,
      BIRTHS.couple,
    );
    expect(consent.expiresAt).toBe('2026-11-27T00:00:00.000Z');
  });

  it('never lets a consent stored before consents were bound (no object) serve a birth, and takes a bound one given beside it', async () => {
    // A row as a store made before consents were bound keeps it: no object. The register cannot
    // make one any more, so it is written as it lies in such a store.
    await sql`INSERT INTO consents (id, grantor_citizen_id, grantee_citizen_id, purpose, object_id, status, given_at, expires_at)
                VALUES ('CS-20261110-OLD001', ${FAMILY.father}, ${FAMILY.mother}, 'NEWBORN_REGISTRATION', NULL, 'GIVEN',
                  '2026-11-10T00:00:00.000Z', '2026-12-10T00:00:00.000Z')`.execute(database.db);
    const register = new ConsentRegister(database.db, () => new Date('2026-11-20T00:00:00.000Z'));
    expect(await register.consent('CS-20261110-OLD001')).toMatchObject({
      objectId: null,
      status: 'GIVEN',
      expiresAt: '2026-12-10T00:00:00.000Z',
    });
    expect(await register.available(request, 'A1')).toBe(false);
    expect(await register.use(request, 'A1')).toBeUndefined();
    expect(await register.refusal(request, 'A1')).toBe('CONSENT_NOT_FOR_THIS_BIRTH');
    // A new consent for the birth may be given beside it, and is the one used.
    const bound = await register.give(FAMILY.father, FAMILY.mother, NEWBORN_REGISTRATION, BIRTHS.couple);
    expect(bound.id).not.toBe('CS-20261110-OLD001');
    expect((await new ConsentRegister(database.db).use(request, 'A1'))?.id).toBe(bound.id);
    expect(await register.consent('CS-20261110-OLD001')).toMatchObject({ status: 'GIVEN', usedBy: null });
  });
});

describe('a service-center database opened again', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'service-center-reopen-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The migrations the database records as run, by name. */
  async function migrationsRun(database: ServiceCenterDatabase): Promise<string[]> {
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM service_center_migrations ORDER BY name`.execute(database.db);
    return rows.map((row) => row.name);
  }

  it('keeps its consents and applications: the migrations are versioned and run once', async () => {
    const request = {
      grantorCitizenId: FAMILY.father,
      granteeCitizenId: FAMILY.mother,
      purpose: NEWBORN_REGISTRATION,
      objectId: BIRTHS.couple,
    };
    let at = new Date('2026-11-20T02:00:00.000Z');
    const now = () => at;
    const first = await openServiceCenterDatabase({ dataDir });
    let before: {
      application: ApplicationRow | undefined;
      items: unknown;
      used: unknown;
      given: unknown;
    };
    try {
      expect(await migrationsRun(first)).toEqual(Object.keys(migrationsFor('sqlite')));
      const store = new ServiceCenterStore(first.db);
      const register = new ConsentRegister(first.db, now);
      const { application } = await store.createApplication({
        id: 'NB-20261120-AAAAAA',
        kind: 'NEWBORN_REGISTRATION',
        applicantCitizenId: FAMILY.mother,
        subjectKey: BIRTHS.couple,
        clientKey: 'key-1',
        input: { birthRecordId: BIRTHS.couple },
        submittedAt: now().toISOString(),
        dueAt: '2026-11-27T02:00:00.000Z',
        items: [
          { step: 'checkParents', department: 'public-security' },
          { step: 'registerHukou', department: 'public-security' },
        ],
      });
      await store.finishItem(
        application.id,
        'checkParents',
        { status: 'DONE', result: { ok: true } },
        now().toISOString(),
      );
      await register.give(FAMILY.father, FAMILY.mother, NEWBORN_REGISTRATION, BIRTHS.couple);
      const used = await register.use(request, application.id);
      at = new Date('2026-11-20T03:00:00.000Z');
      const given = await register.give(
        FAMILY.father,
        FAMILY.mother,
        NEWBORN_REGISTRATION,
        BIRTHS.coupleTwin,
      );
      before = {
        application: await store.application(application.id),
        items: await store.items(application.id),
        used,
        given,
      };
      expect(before.used).toMatchObject({ status: 'USED', usedBy: application.id });
    } finally {
      await first.close();
    }

    const second = await openServiceCenterDatabase({ dataDir });
    try {
      // Nothing ran again: the database records each migration once.
      expect(await migrationsRun(second)).toEqual(Object.keys(migrationsFor('sqlite')));
      const store = new ServiceCenterStore(second.db);
      const register = new ConsentRegister(second.db, now);
      const id = before.application?.id as string;
      expect(await store.application(id)).toEqual(before.application);
      expect(
        await store.findApplication('NEWBORN_REGISTRATION', BIRTHS.couple, 'key-1', FAMILY.mother),
      ).toEqual(before.application);
      expect(await store.items(id)).toEqual(before.items);
      expect(await register.ofCitizen(FAMILY.father)).toEqual([before.given, before.used]);
      // Still in force as they were: the used consent is this application's, the given one serves its birth.
      expect(await register.use(request, id)).toEqual(before.used);
      expect(await register.available({ ...request, objectId: BIRTHS.coupleTwin }, 'another')).toBe(true);
    } finally {
      await second.close();
    }
  });
});
