import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../lib/auth/identity.ts';
import { PURPOSE_HEADER } from '../lib/auth/purpose.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { registerNewborn } from './support/newborn.ts';
import { type ExampleOperation, exampleOperations, runsOnTheSeed } from './support/operations.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** Runs an example operation as the identity its first line names (anonymously when none), for its purpose. */
async function run<T = Record<string, unknown>>(op: ExampleOperation | undefined) {
  if (!op) throw new Error('no such example operation');
  const headers: Record<string, string> = {};
  if (op.identity) {
    headers.authorization = `Bearer ${await system.authentication.issuer.mint(parseIdentity(op.identity))}`;
  }
  if (op.purpose) headers[PURPOSE_HEADER] = op.purpose;
  return graphql<T>(system.gatewayUrl as string, op.query, op.variables, headers);
}

/** Every leaf of a response: the test fails if an operation's data is mostly empty. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [value];
}

describe('example operations in schema/operations', () => {
  const operations = exampleOperations();

  it('include the citizen profile, the household and the school district look-up', () => {
    expect(operations.map((op) => op.name)).toEqual(
      expect.arrayContaining(['CitizenProfile', 'HouseholdMembers', 'SchoolDistrictLookup']),
    );
  });

  it.each(operations.filter(runsOnTheSeed).map((op) => [op.name, op] as const))(
    '%s runs against the seed with no errors',
    async (_, op) => {
      const response = await run(op);
      expect(response.errors).toBeUndefined();
      expect(response.status).toBe(200);
      const [root] = Object.values(response.data ?? {});
      expect(root).not.toBeNull();
      const values = leaves(response.data);
      expect(values.filter((v) => v !== null).length).toBeGreaterThan(values.length / 2);
    },
  );

  it('the citizen profile carries data from all four departments', async () => {
    const op = operations.find((o) => o.name === 'CitizenProfile');
    type Child = { birthCertificate: { number: string } | null; enrolments: unknown[] | null };
    type Profile = {
      name: string;
      maritalStatus: string;
      household: { schoolDistrict: { name: string }; members: Array<{ name: string }> };
    };
    const response = await run<{ person: Profile; children: Child[] }>(op);
    const person = response.data?.person;
    // The children under 18, whom a parent reads in full: the other adults show only as the register does.
    const children = response.data?.children ?? [];
    expect(person?.name).toBeTruthy(); // public security
    expect(person?.household.members.length).toBeGreaterThan(children.length);
    expect(person?.maritalStatus).toBe('MARRIED'); // civil affairs
    expect(children.some((c) => c.birthCertificate?.number)).toBe(true); // health
    expect(children.some((c) => c.enrolments?.length)).toBe(true); // education
    expect(person?.household.schoolDistrict.name).toBeTruthy(); // education, from the public-security address
  });

  it('ApplicationProgress follows the application RegisterNewborn created: one event, completed, then the end', async () => {
    const mine = await run<{ person: { applications: Array<{ id: string; kind: string }> } }>(
      operations.find((o) => o.name === 'MyApplications'),
    );
    const id = mine.data?.person.applications.find((application) => application.kind === 'NEWBORN')?.id;
    const op = operations.find((o) => o.name === 'ApplicationProgress');
    if (!op?.identity || !id) throw new Error('no ApplicationProgress example, or no application to follow');
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;subscriptionSpec=1.0',
        authorization: `Bearer ${await system.authentication.issuer.mint(parseIdentity(op.identity))}`,
      },
      body: JSON.stringify({ query: op.query, variables: { ...op.variables, id } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    const body = await response.text();
    // Heartbeats (`{}`) and one event, then the closing boundary: a completed application changes no more.
    const parts = body
      .split('\r\n--graphql')
      .slice(1, -1)
      .map((part) => JSON.parse(part.split('\r\n\r\n')[1] ?? ''));
    const events = parts.filter((part) => part.payload);
    expect(events).toEqual([
      { payload: { data: { applicationProgress: expect.objectContaining({ id, status: 'COMPLETED' }) } } },
    ]);
    expect(body.endsWith('\r\n--graphql--\r\n')).toBe(true);
  });

  it('the clerk’s examples take, note and resolve a ticket an errand opened, and the errand completes', async () => {
    // A ticket to act on: a newborn errand whose school-age registration education refuses for now.
    const birth = scenarios.birthRecords.eligible.filter(
      (id) => id !== scenarios.birthRecords.assistanceFamily && !scenarios.birthRecords.twins.includes(id),
    )[1] as string;
    const education = system.departmentSystems.get('education')?.server;
    education?.faults.inject('POST /v1/school-age-registrations', { kind: 'status', status: 503 });
    let ticket: string | undefined;
    try {
      const registered = await registerNewborn(
        system.gatewayUrl as string,
        system.authentication.issuer,
        birth,
      );
      const application = registered.data?.registerNewborn.application;
      expect(application?.status).toBe('NEEDS_ATTENTION');
      ticket = application?.tickets[0]?.id;
    } finally {
      education?.faults.clear();
    }
    expect(ticket).toMatch(/^TK-/);
    const answers: Record<string, unknown> = {};
    for (const name of ['TakeTicket', 'NoteTicket', 'ResolveTicket']) {
      const op = operations.find((o) => o.name === name);
      expect(op?.needs).toContain('ticket');
      const variables = JSON.parse(
        JSON.stringify(op?.variables ?? {}).replaceAll('TK-000001', ticket as string),
      );
      const response = await run({ ...(op as ExampleOperation), variables });
      expect({ example: name, errors: response.errors }).toEqual({ example: name, errors: undefined });
      answers[name] = response.data;
    }
    // Resolved with `resume`: the school-age registration went through this time.
    expect(answers.ResolveTicket).toMatchObject({
      resolveTicket: { ticket: { status: 'RESOLVED' }, applicationStatus: 'COMPLETED' },
    });
  });

  it('MyApplications shows the application RegisterNewborn created, completed', async () => {
    const op = operations.find((o) => o.name === 'MyApplications');
    const response = await run<{ person: { applications: Array<{ kind: string; status: string }> } }>(op);
    expect(response.data?.person.applications).toContainEqual(
      expect.objectContaining({ kind: 'NEWBORN', status: 'COMPLETED' }),
    );
  });
});
