/**
 * Purpose limitation and refused reads, end to end (issue 15): a staff read names its purpose — a
 * case or an application, in the `OneThing-Purpose` header — or is refused `PURPOSE_REQUIRED`; the
 * purpose each department records comes from the signed request, never from a header; and a refused
 * read is logged as refused (403) with the person it concerned, who sees it in their data uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../lib/audit/auditLog.ts';
import { composeCitizenId } from '../lib/citizenId.ts';
import { AUDIT_REFUSALS_PATH } from '../lib/contract/protocol.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { changeHouseholdAddress, GUANYINQIAO } from './support/addressChange.ts';
import { eventually } from './support/eventually.ts';
import { asOwnSubgraph, authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const citizen = scenarios.citizens.profile;
/** A clerk who may read the register and health records. */
const CLERK = 'staff:public-security/E2001:public-security:read,health:read';
const CASE = 'case HZ-2026-0042';

async function ask<T = Record<string, unknown>>(
  identity: string,
  query: string,
  variables: Record<string, unknown>,
  purpose?: string | null,
) {
  return graphql<T>(
    system.gatewayUrl as string,
    query,
    variables,
    await authorization(system, identity, purpose),
  );
}

function departmentSystem(department: string) {
  const api = system.departmentSystems.get(department)?.server;
  if (!api) throw new Error(`no ${department} department system in the test system`);
  return api;
}

/** The newest entry of `department`'s log about `citizenId` that `match` accepts, waiting for it. */
function newestEntry(department: string, citizenId: string, match: (entry: AuditEntry) => boolean) {
  return eventually(
    () => departmentSystem(department).audit.entriesAbout(citizenId).find(match),
    { timeoutMs: 5_000 },
    () => departmentSystem(department).audit.entriesAbout(citizenId).slice(0, 3),
  );
}

const reasonsOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  response.errors?.map((error) => `${error.extensions?.code} ${error.extensions?.reason}`);

describe('a staff read names its purpose', () => {
  it('refuses a health clerk without a purpose PURPOSE_REQUIRED, and logs the refusal 403 for the person', async () => {
    const response = await ask(
      'staff:health/E1024:health:read',
      'query NoPurposeHealth($id: CitizenId!) { person(citizenId: $id) { vaccinationRecord { doses { vaccine } } } }',
      { id: citizen },
      null,
    );
    expect(reasonsOf(response)).toContain('FORBIDDEN PURPOSE_REQUIRED');
    expect(JSON.stringify(response.data)).not.toContain('vaccine"');
    const refusal = await newestEntry('health', citizen, (entry) => entry.outcome === 403);
    expect(refusal).toMatchObject({
      actor: 'staff:health/E1024',
      purpose: 'operation NoPurposeHealth',
      subjects: [citizen],
      outcome: 403,
    });
    expect(refusal.action).toBe('GraphQL Person.vaccinationRecord');

    // The person sees the refused read in their health data uses, as refused, with its purpose.
    const uses = await ask<{ person: { healthDataUses: Array<Record<string, unknown>> } }>(
      citizen,
      'query MyDataUses($id: CitizenId!) { person(citizenId: $id) { healthDataUses { who purpose action outcome } } }',
      { id: citizen },
    );
    expect(uses.data?.person.healthDataUses).toContainEqual({
      who: 'staff:health/E1024',
      purpose: 'operation NoPurposeHealth',
      action: refusal.action,
      outcome: 403,
    });
  });

  it('refuses a public-security clerk without a purpose PURPOSE_REQUIRED, whether the ID is registered or not', async () => {
    const unregistered = composeCitizenId({
      divisionCode: '500103',
      birthDate: '1990-01-01',
      sequence: 998,
      sex: 'FEMALE',
    });
    for (const id of [citizen, unregistered]) {
      const response = await ask(
        'staff:public-security:public-security:read',
        'query NoPurposeRegister($id: CitizenId!) { person(citizenId: $id) { name } }',
        { id },
        null,
      );
      expect(response.data?.person ?? null).toBeNull();
      expect(reasonsOf(response)).toEqual(['FORBIDDEN PURPOSE_REQUIRED']);
    }
  });

  it('lets a clerk with a case read, and each department records the case as the purpose', async () => {
    const response = await ask<{ person: { name: string; birthCertificate: unknown } }>(
      CLERK,
      'query ClerkLookup($id: CitizenId!) { person(citizenId: $id) { name birthCertificate { number } } }',
      { id: citizen },
      CASE,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.person.name).toBeTruthy();
    for (const department of ['public-security', 'health']) {
      const [latest] = departmentSystem(department).audit.entriesAbout(citizen);
      expect(latest).toMatchObject({ actor: 'staff:public-security/E2001', purpose: CASE });
    }
  });

  it('refuses a purpose not in the form with 400 BAD_USER_INPUT, whoever sends it', async () => {
    for (const identity of [CLERK, citizen]) {
      for (const purpose of ['curiosity', 'case ', 'operation ClerkLookup', `case ${'9'.repeat(65)}`]) {
        const response = await ask(
          identity,
          'query Lookup($id: CitizenId!) { person(citizenId: $id) { name } }',
          { id: citizen },
          purpose,
        );
        expect(response.status).toBe(400);
        expect(reasonsOf(response)).toEqual(['BAD_USER_INPUT BAD_PURPOSE']);
      }
    }
  });

  it('ignores the header of a client that is not staff: a citizen’s purpose is their operation', async () => {
    const response = await ask(
      citizen,
      'query OwnProfile($id: CitizenId!) { person(citizenId: $id) { name } }',
      { id: citizen },
      'case FORGED-1',
    );
    expect(response.errors).toBeUndefined();
    const [latest] = departmentSystem('public-security').audit.entriesAbout(citizen);
    expect(latest).toMatchObject({ actor: citizen, purpose: 'operation OwnProfile' });
  });
});

describe('a staff member’s act is its own purpose', () => {
  it('moves a household without a stated purpose, recorded as the act', async () => {
    const household = '500108-678801';
    const answer = await changeHouseholdAddress(
      system,
      { householdId: household, address: GUANYINQIAO, idempotencyKey: 'purpose-act-1' },
      await authorization(system, 'staff:public-security/E3003:public-security:write', null),
    );
    expect(answer.errors).toBeUndefined();
    const entry = departmentSystem('public-security')
      .db.prepare('SELECT purpose FROM audit_log WHERE actor = ? ORDER BY seq DESC LIMIT 1')
      .get('staff:public-security/E3003');
    expect(entry).toEqual({ purpose: 'act ChangeHouseholdAddress' });
  });
});

describe('a department system records the purpose from the signed request only', () => {
  it('does not record a purpose header sent to it straight', async () => {
    const api = departmentSystem('health');
    const reply = await api.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      headers: {
        ...(await asOwnSubgraph(system, 'health', {
          kind: 'staff',
          department: 'health',
          employeeId: 'E7',
          scopes: ['health:read'],
        })),
        'onething-purpose': 'case FORGED-2',
        purpose: 'case FORGED-2',
      },
      payload: { ids: [citizen] },
    });
    expect(reply.statusCode).toBe(200);
    const [latest] = api.audit.entriesAbout(citizen);
    expect(latest).toMatchObject({ actor: 'staff:health/E7', purpose: null });
  });

  it('records refusals under the signed delegation’s reader, and refuses callers other than its subgraph', async () => {
    const api = departmentSystem('civil-affairs');
    const reader = scenarios.citizens.withDotName;
    const reply = await api.app.inject({
      method: 'POST',
      url: AUDIT_REFUSALS_PATH,
      headers: await asOwnSubgraph(system, 'civil-affairs', { kind: 'citizen', citizenId: reader }),
      payload: { refusals: [{ action: 'GraphQL Person.marriages', subjects: [citizen] }] },
    });
    expect(reply.json()).toEqual({ recorded: 1 });
    expect(api.audit.entriesAbout(citizen)[0]).toMatchObject({
      actor: reader,
      action: 'GraphQL Person.marriages',
      subjects: [citizen],
      outcome: 403,
    });

    const fromAnother = await api.app.inject({
      method: 'POST',
      url: AUDIT_REFUSALS_PATH,
      headers: await asOwnSubgraph(system, 'health', { kind: 'citizen', citizenId: reader }),
      payload: { refusals: [{ action: 'GraphQL Person.marriages', subjects: [citizen] }] },
    });
    expect(fromAnother.statusCode).toBeGreaterThanOrEqual(401);
  });

  it('logs the ids a batch look-up did not answer apart, 404, not as read', async () => {
    const api = departmentSystem('health');
    const child = scenarios.citizens.child; // health holds the child's records
    const unknown = composeCitizenId({
      divisionCode: '500103',
      birthDate: '1990-01-01',
      sequence: 997,
      sex: 'MALE',
    });
    const reply = await api.app.inject({
      method: 'POST',
      url: '/v1/people/batch-get',
      headers: await asOwnSubgraph(system, 'health'),
      payload: { ids: [child, unknown] },
    });
    expect(reply.statusCode).toBe(200);
    expect(api.audit.entriesAbout(child)[0]).toMatchObject({ subjects: [child], outcome: 200 });
    expect(api.audit.entriesAbout(unknown)[0]).toMatchObject({ subjects: [unknown], outcome: 404 });
  });
});
