import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCitizenId } from '../lib/citizenId.ts';
import { AUDIT_BY_SUBJECT_PATH, MAX_AUDIT_ENTRIES_PER_SUBJECT } from '../lib/contract/protocol.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import {
  asOwnSubgraph,
  authorization,
  graphql,
  scenarios,
  startTestSystem,
  TEST_CASE,
} from './support/system.ts';

// "Who used my data, and why" end to end: the citizen reads their profile, a clerk looks them up,
// and the citizen's per-department data-use fields show the clerk's look-up with its operation.

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const citizen = scenarios.citizens.profile;
/** A clerk who may read the register and health records, but audit nobody's data uses. */
const CLERK = 'staff:public-security:public-security:read,health:read';
/** The case the clerk reads for: what the citizen sees as the purpose. */
const CLERK_CASE = 'case HZ-2026-0042';

interface DataUse {
  department: string;
  at: string;
  who: string;
  actingFor: string | null;
  purpose: string | null;
  action: string;
  outcome: number;
}
type DataUseFields = Record<
  | 'publicSecurityDataUses'
  | 'healthDataUses'
  | 'civilAffairsDataUses'
  | 'educationDataUses'
  | 'medicalInsuranceDataUses',
  DataUse[] | null
>;

const USE = 'department at who actingFor purpose action outcome';
/** The departments whose data uses MY_DATA_USES reads: one refusal each for someone else. */
const DEPARTMENTS = 5;
const MY_DATA_USES = `query MyDataUses($citizenId: CitizenId!) {
  person(citizenId: $citizenId) {
    name
    publicSecurityDataUses { ${USE} }
    healthDataUses { ${USE} }
    civilAffairsDataUses { ${USE} }
    educationDataUses { ${USE} }
    medicalInsuranceDataUses { ${USE} }
  }
}`;

async function ask<T>(identity: string, query: string, variables: Record<string, unknown>) {
  return graphql<T>(system.gatewayUrl as string, query, variables, await authorization(system, identity));
}

function readDataUses(identity: string, citizenId: string) {
  return ask<{ person: ({ name: string } & DataUseFields) | null }>(identity, MY_DATA_USES, { citizenId });
}

/** The running department system of `department`. */
function departmentSystem(department: string) {
  const api = system.departmentSystems.get(department)?.server;
  if (!api) throw new Error(`no ${department} department system in the test system`);
  return api;
}

/** Every entry the department's audit log holds about the citizen, newest first. */
function auditLogOf(department: string, citizenId: string) {
  return departmentSystem(department).audit.entriesAbout(citizenId);
}

/**
 * The citizen's spouse, a member of their household, as the household register says: asked by a
 * public-security clerk, since the citizen sees the spouse's citizen ID masked.
 */
async function spouseOf(citizenId: string): Promise<string> {
  const response = await ask<{
    person: { household: { members: Array<{ citizenId: string; relationToHead: string }> } };
  }>(
    'staff:public-security:public-security:read',
    'query Household($id: CitizenId!) { person(citizenId: $id) { household { members { citizenId relationToHead } } } }',
    { id: citizenId },
  );
  const spouse = response.data?.person.household.members.find((member) => member.relationToHead === 'SPOUSE');
  if (!spouse) throw new Error(`the seed has no spouse in the household of ${citizenId}`);
  return spouse.citizenId;
}

describe('a citizen sees who used their data and why', () => {
  it('shows the citizen a clerk’s look-up, with its case, in public security and health', async () => {
    const profile = await ask(
      citizen,
      'query MyProfile($id: CitizenId!) { person(citizenId: $id) { name } }',
      {
        id: citizen,
      },
    );
    expect(profile.errors).toBeUndefined();
    const lookup = await graphql(
      system.gatewayUrl as string,
      'query ClerkLookup($id: CitizenId!) { person(citizenId: $id) { name birthCertificate { number } } }',
      { id: citizen },
      await authorization(system, CLERK, CLERK_CASE),
    );
    expect(lookup.errors).toBeUndefined();

    const response = await readDataUses(citizen, citizen);
    expect(response.errors).toBeUndefined();
    const person = response.data?.person;
    const clerkLookup = {
      who: 'staff:public-security',
      actingFor: null,
      purpose: CLERK_CASE,
    };
    expect(person?.publicSecurityDataUses).toContainEqual(
      expect.objectContaining({
        ...clerkLookup,
        department: 'public-security',
        action: 'POST /v1/people/batch-get',
      }),
    );
    expect(person?.publicSecurityDataUses).toContainEqual(
      expect.objectContaining({ who: 'self', purpose: 'operation MyProfile', department: 'public-security' }),
    );
    // Health was asked nothing since the clerk's look-up but the citizen's own log, which is no use.
    expect(person?.healthDataUses?.[0]).toMatchObject({
      ...clerkLookup,
      department: 'health',
      action: 'POST /v1/people/batch-get',
    });
    for (const uses of Object.values(person ?? {}).filter(Array.isArray)) {
      for (const use of uses as DataUse[]) expect(Date.parse(use.at)).not.toBeNaN();
    }
    // Newest first, as the department recorded them.
    const times = (person?.publicSecurityDataUses ?? []).map((use) => use.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('costs one audit call per department however many people are asked about', async () => {
    const api = departmentSystem('health');
    api.calls.reset();
    const auditor = 'staff:health:health:audit,health:read';
    const child = scenarios.citizens.child;
    const response = await ask<{ people: Array<{ healthDataUses: DataUse[] | null }> }>(
      auditor,
      'query Audit($ids: [CitizenId!]!) { people(citizenIds: $ids) { healthDataUses { who } } }',
      { ids: [citizen, child, scenarios.citizens.withDotName] },
    );
    // Staff of health may not read the register: the people are null there, their health fields answer.
    expect(response.data?.people).toHaveLength(3);
    expect(response.data?.people.every((person) => Array.isArray(person.healthDataUses))).toBe(true);
    expect(api.calls.count(`POST ${AUDIT_BY_SUBJECT_PATH}`)).toBe(1);
  });

  it('refuses another citizen, even one who may read the person’s records, with FORBIDDEN', async () => {
    const spouse = await spouseOf(citizen);
    const fromSpouse = await readDataUses(spouse, citizen);
    expect(fromSpouse.data?.person?.name).toBeTruthy(); // the name, which the household register shows
    expect(fromSpouse.data?.person).toMatchObject({
      publicSecurityDataUses: null,
      healthDataUses: null,
      civilAffairsDataUses: null,
      educationDataUses: null,
      medicalInsuranceDataUses: null,
    });
    expect(fromSpouse.errors?.map((error) => error.extensions?.code)).toEqual(
      Array(DEPARTMENTS).fill('FORBIDDEN'),
    );

    const fromStranger = await readDataUses(scenarios.citizens.withDotName, citizen);
    expect(fromStranger.data?.person ?? null).toBeNull();
    expect(fromStranger.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(fromStranger.data)).not.toContain('staff:');
  });

  it('refuses a parent the log of their minor child', async () => {
    const response = await readDataUses(citizen, scenarios.citizens.child);
    expect(response.data?.person?.name).toBeTruthy();
    expect(response.data?.person?.healthDataUses).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(
      Array(DEPARTMENTS).fill('FORBIDDEN'),
    );
  });

  it('does not record the citizen looking at their own log, but shows them an auditor who did', async () => {
    const before = auditLogOf('health', citizen).length;
    expect((await readDataUses(citizen, citizen)).errors).toBeUndefined();
    expect(auditLogOf('health', citizen)).toHaveLength(before);

    const auditor = 'staff:health:health:audit';
    const audit = await ask(
      auditor,
      'query AuditCase($id: CitizenId!) { person(citizenId: $id) { healthDataUses { who } } }',
      { id: citizen },
    );
    expect(audit.errors).toBeUndefined();
    const [latest] = auditLogOf('health', citizen);
    expect(latest).toMatchObject({
      actor: 'staff:health',
      action: `POST ${AUDIT_BY_SUBJECT_PATH}`,
      subjects: [citizen],
    });

    const response = await readDataUses(citizen, citizen);
    expect(response.data?.person?.healthDataUses?.[0]).toMatchObject({
      who: 'staff:health',
      purpose: TEST_CASE,
      action: `POST ${AUDIT_BY_SUBJECT_PATH}`,
    });
  });

  it('masks other citizens who used the person’s data', async () => {
    // The spouse reads the citizen's name, as the household register shows it.
    const spouse = await spouseOf(citizen);
    const lookup = await ask(
      spouse,
      'query SpouseLookup($id: CitizenId!) { person(citizenId: $id) { name } }',
      {
        id: citizen,
      },
    );
    expect(lookup.errors).toBeUndefined();
    const response = await readDataUses(citizen, citizen);
    const uses = response.data?.person?.publicSecurityDataUses ?? [];
    expect(uses).toContainEqual(
      expect.objectContaining({ who: `citizen:${maskCitizenId(spouse)}`, purpose: 'operation SpouseLookup' }),
    );
    expect(JSON.stringify(response.data)).not.toContain(spouse);
  });
});

describe(`the department audit look-up, ${AUDIT_BY_SUBJECT_PATH}`, () => {
  it(`answers at most ${MAX_AUDIT_ENTRIES_PER_SUBJECT} entries per person, newest first, without hashes`, async () => {
    const api = departmentSystem('education');
    const person = scenarios.citizens.extremePoverty;
    for (let i = 0; i < MAX_AUDIT_ENTRIES_PER_SUBJECT + 5; i++) {
      api.audit.append({
        at: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(),
        department: 'education',
        actor: 'staff:education',
        actingFor: null,
        purpose: `operation Bulk${i}`,
        action: 'POST /v1/people/batch-get',
        subjects: [person],
        outcome: 200,
        requestId: null,
      });
    }
    const reply = await api.app.inject({
      method: 'POST',
      url: AUDIT_BY_SUBJECT_PATH,
      headers: await asOwnSubgraph(system, 'education', { kind: 'staff', department: 'audit', scopes: [] }),
      payload: { ids: [person, person] },
    });
    expect(reply.statusCode).toBe(200);
    const { items } = reply.json() as {
      items: Array<{ citizenId: string; entries: Array<Record<string, unknown>> }>;
    };
    expect(items.map((item) => item.citizenId)).toEqual([person]);
    expect(items[0]?.entries).toHaveLength(MAX_AUDIT_ENTRIES_PER_SUBJECT);
    expect(items[0]?.entries[0]).toMatchObject({
      purpose: `operation Bulk${MAX_AUDIT_ENTRIES_PER_SUBJECT + 4}`,
    });
    expect(Object.keys(items[0]?.entries[0] ?? {})).not.toContain('hash');
    expect(api.audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses an id that is not in a citizen ID’s form, so no pattern matches other people', async () => {
    const api = departmentSystem('health');
    const reply = await api.app.inject({
      method: 'POST',
      url: AUDIT_BY_SUBJECT_PATH,
      headers: await asOwnSubgraph(system, 'health', { kind: 'staff', department: 'audit', scopes: [] }),
      payload: { ids: ['%'] },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
  });
});
