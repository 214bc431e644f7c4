/**
 * The service-center's own processing, audited: what it records, who may read it
 * (`Person.serviceCenterDataUses`), and that `npm run audit:verify` checks its log like a department's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../../lib/citizenId.ts';
import { verifyAuditLogs } from '../../scripts/audit-verify.ts';
import { GRANT_CONSENT, newbornConsentVariables, REVOKE_CONSENT } from './consents/operations.ts';
import { BIRTHS, FAMILY, type TestServiceCenter, testServiceCenter } from './fixtures.ts';

interface DataUse {
  department: string;
  who: string;
  actingFor: string | null;
  purpose: string | null;
  action: string;
  outcome: number;
}

const DATA_USES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { serviceCenterDataUses { department at who actingFor purpose action outcome } }
  }
}`;
const REGISTER = `mutation($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) { application { id status } }
}`;
const APPLICATION = 'query($id: ID!) { application(id: $id) { id } }';

let dir: string;
let center: TestServiceCenter;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onething-service-center-audit-'));
  center = await testServiceCenter({ dataDir: dir });
});

afterEach(async () => {
  await center.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dataUses(reader: string | null, of: string) {
  return center.as<{ _entities: Array<{ serviceCenterDataUses: DataUse[] | null }> }>(reader, DATA_USES, {
    representations: [{ __typename: 'Person', citizenId: of }],
  });
}

async function usesOf(citizenId: string): Promise<DataUse[]> {
  const response = await dataUses(citizenId, citizenId);
  expect(response.errors).toBeUndefined();
  return response.data?._entities[0]?.serviceCenterDataUses ?? [];
}

/** The father consents, the mother registers the newborn: the application's number. */
async function register(): Promise<string> {
  const consent = await center.as(
    FAMILY.father,
    GRANT_CONSENT,
    newbornConsentVariables(FAMILY.mother, BIRTHS.couple),
  );
  expect(consent.errors).toBeUndefined();
  const response = await center.as<{ registerNewborn: { application: { id: string; status: string } } }>(
    FAMILY.mother,
    REGISTER,
    { input: { birthRecordId: BIRTHS.couple, childName: '王小宝', household: 'MOTHER' } },
  );
  expect(response.data?.registerNewborn.application.status).toBe('COMPLETED');
  return response.data?.registerNewborn.application.id as string;
}

describe("the service-center's own processing, audited", () => {
  it('records the application, the consent given and its use for each person concerned, with actor, acting-for and purpose', async () => {
    const id = await register();
    const mother = await usesOf(FAMILY.mother);
    expect(mother).toContainEqual(
      expect.objectContaining({
        department: 'service-center',
        who: 'self',
        action: 'registerNewborn',
        purpose: `application ${id}`,
        outcome: 200,
      }),
    );
    expect(mother).toContainEqual(
      expect.objectContaining({
        who: 'service:service-center',
        actingFor: 'self',
        purpose: `application ${id}`,
        action: expect.stringMatching(/^use consent CS-/),
        outcome: 200,
      }),
    );
    const father = await usesOf(FAMILY.father);
    expect(father).toContainEqual(
      expect.objectContaining({
        who: 'self',
        action: 'grantConsent',
        purpose: expect.stringMatching(/^consent CS-/),
      }),
    );
    // The father sees his records used for the mother's application, the mother masked.
    expect(father).toContainEqual(
      expect.objectContaining({
        who: 'service:service-center',
        actingFor: `citizen:${maskCitizenId(FAMILY.mother)}`,
        action: expect.stringMatching(/^use consent CS-/),
      }),
    );
    expect(father).toContainEqual(
      expect.objectContaining({ action: 'registerNewborn', who: `citizen:${maskCitizenId(FAMILY.mother)}` }),
    );
    // The newborn is a subject of its own registration.
    expect(await usesOf(FAMILY.newborn)).toContainEqual(
      expect.objectContaining({ action: 'registerNewborn', purpose: `application ${id}`, outcome: 200 }),
    );
  });

  it('records staff reads and refused attempts as refused (403), for the family to see', async () => {
    const id = await register();
    expect(
      (await center.as('staff:service-center:service-center:read', APPLICATION, { id })).errors,
    ).toBeUndefined();
    expect((await center.as(FAMILY.stranger, APPLICATION, { id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const [consent] = (await usesOf(FAMILY.father)).filter((use) => use.action === 'grantConsent');
    const consentId = consent?.purpose?.replace('consent ', '');
    await center.as(FAMILY.stranger, REVOKE_CONSENT, { id: consentId });
    const mother = await usesOf(FAMILY.mother);
    expect(mother).toContainEqual(
      expect.objectContaining({
        who: 'staff:service-center',
        action: 'read application',
        purpose: `application ${id}`,
        outcome: 200,
      }),
    );
    expect(mother).toContainEqual(
      expect.objectContaining({
        who: `citizen:${maskCitizenId(FAMILY.stranger)}`,
        action: 'read application',
        outcome: 403,
      }),
    );
    expect(await usesOf(FAMILY.father)).toContainEqual(
      expect.objectContaining({ action: 'revokeConsent', purpose: `consent ${consentId}`, outcome: 403 }),
    );
  });

  it('shows the log to the person and staff with service-center:audit only, recording an auditor reading it', async () => {
    await register();
    for (const [reader, code] of [
      [FAMILY.father, 'FORBIDDEN'],
      ['staff:service-center:service-center:read', 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ] as const) {
      expect((await dataUses(reader, FAMILY.mother)).errors?.[0]?.extensions?.code).toBe(code);
    }
    const masked = await dataUses('staff:service-center:service-center:audit', maskCitizenId(FAMILY.mother));
    expect(masked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const audited = await dataUses('staff:service-center:service-center:audit', FAMILY.mother);
    expect(audited.data?._entities[0]?.serviceCenterDataUses?.length).toBeGreaterThan(0);
    expect(await usesOf(FAMILY.mother)).toContainEqual(
      expect.objectContaining({ who: 'staff:service-center', action: 'read data uses', outcome: 200 }),
    );
  });

  it('is checked by npm run audit:verify, naming the service-center, and a deleted entry is found', async () => {
    await register();
    await center.close();
    const intact = await verifyAuditLogs(dir, {}, center.serviceKeys);
    expect(intact).toEqual([
      expect.objectContaining({ department: 'service-center', ok: true, signaturesChecked: true }),
    ]);
    expect((intact[0] as { witnessed: number }).witnessed).toBeGreaterThan(0);

    // The log lies in the store (`processing_log` of `service-center.sqlite`).
    const db = new Database(path.join(dir, 'service-center.sqlite'));
    db.exec('DROP TRIGGER processing_log_no_delete; DELETE FROM processing_log WHERE seq = 2;');
    db.close();
    expect(await verifyAuditLogs(dir, {}, center.serviceKeys)).toEqual([
      expect.objectContaining({ department: 'service-center', ok: false }),
    ]);
    // Reopened for afterEach's close.
    center = await testServiceCenter({ dataDir: dir });
  });
});
