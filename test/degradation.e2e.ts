import { afterEach, describe, expect, it } from 'vitest';
import { composeCitizenId } from '../lib/citizenId.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { AUDITOR, authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem | undefined;

afterEach(async () => {
  await system?.stop();
  system = undefined;
});

/** Sends an operation as a staff member who may read every department's data. */
async function asAuditor<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  if (!system) throw new Error('the system is not running');
  return graphql<T>(url, query, variables, { ...(await authorization(system, AUDITOR)), ...headers });
}

const PROFILE = `query($id: CitizenId!) {
  person(citizenId: $id) { name maritalStatus vaccinationRecord { openedOn } enrolments { entryYear } }
}`;

describe('one department down', () => {
  it('answers the other departments’ fields and an error naming the department whose API is down', async () => {
    system = await startTestSystem();
    await system.departmentSystems.get('civil-affairs')?.server.app.close();

    const response = await asAuditor<{ person: Record<string, unknown> }>(
      system.gatewayUrl as string,
      PROFILE,
      {
        id: scenarios.citizens.child,
      },
    );

    expect(response.status).toBe(200);
    expect(response.data?.person).toMatchObject({ name: expect.any(String), maritalStatus: null });
    expect(response.data?.person.vaccinationRecord).not.toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'civil-affairs',
      reason: 'UNREACHABLE',
    });
  });

  it('answers the other departments’ fields and an error naming a subgraph that is down', async () => {
    system = await startTestSystem();
    await system.subgraphs.get('education')?.server.app.close();

    const response = await asAuditor<{ person: Record<string, unknown> }>(
      system.gatewayUrl as string,
      PROFILE,
      {
        id: scenarios.citizens.child,
      },
    );

    expect(response.data?.person).toMatchObject({
      name: expect.any(String),
      maritalStatus: expect.any(String),
    });
    expect(response.data?.person.enrolments).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'DOWNSTREAM_SERVICE_ERROR',
      department: 'education',
      reason: 'SUBGRAPH_UNAVAILABLE',
    });
    // The gateway keeps serving.
    const again = await asAuditor(
      system.gatewayUrl as string,
      '{ schools(divisionCode: "500103") { name } }',
    );
    expect(again.errors?.[0]?.extensions?.department).toBe('education');
    const publicSecurity = await asAuditor(
      system.gatewayUrl as string,
      'query($id: CitizenId!) { person(citizenId: $id) { name } }',
      {
        id: scenarios.citizens.child,
      },
    );
    expect(publicSecurity.errors).toBeUndefined();
  });
});

describe('bad input', () => {
  it('rejects a citizen ID with a wrong checksum, length or date as BAD_USER_INPUT naming the problem', async () => {
    system = await startTestSystem();
    const valid = scenarios.citizens.profile;
    const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const cases = [
      [wrongCheck, 'CHECKSUM'],
      [valid.slice(0, 17), 'LENGTH'],
      ['500103199002301234', 'BIRTH_DATE'],
    ] as const;
    for (const [id, reason] of cases) {
      const response = await asAuditor(
        system.gatewayUrl as string,
        'query($id: CitizenId!) { person(citizenId: $id) { name } }',
        { id },
      );
      expect(response.data?.person).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(response.errors?.[0]?.message).toMatch(/不是有效的公民身份号码/);
    }
  });

  it('answers null, not an error, for a valid citizen ID nobody has', async () => {
    system = await startTestSystem();
    const unknown = composeCitizenId({
      divisionCode: '500103',
      birthDate: '1970-01-01',
      sequence: 999,
      sex: 'MALE',
    });
    const response = await asAuditor(system.gatewayUrl as string, PROFILE, { id: unknown });
    expect(response).toMatchObject({ data: { person: null } });
    expect(response.errors).toBeUndefined();
  });

  it('answers malformed requests with 400 and keeps serving', async () => {
    system = await startTestSystem();
    const url = system.gatewayUrl as string;
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    const syntax = await asAuditor(url, '{ person(citizenId: ');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await asAuditor(url, '{ nosuchfield }');
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const wrongVariable = await asAuditor(url, 'query($id: CitizenId!) { person(citizenId: $id) { name } }', {
      id: 42,
    });
    expect(wrongVariable.status).toBe(200);
    expect(wrongVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await asAuditor(url, 'query($id: CitizenId!) { person(citizenId: $id) { name } }', {
      id: scenarios.citizens.profile,
    });
    expect(ok.errors).toBeUndefined();
  });
});

describe('request tracing', () => {
  it('passes the request id from the client through the gateway and subgraph to the department system', async () => {
    const lines: Array<{ name?: string; reqId?: string }> = [];
    const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
    system = await startTestSystem({ logger: { level: 'info', stream } });
    const response = await asAuditor(
      system.gatewayUrl as string,
      'query($id: CitizenId!) { person(citizenId: $id) { name } }',
      { id: scenarios.citizens.profile },
      { 'x-request-id': 'trace-me-123' },
    );
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    const services = new Set(lines.filter((line) => line.reqId === 'trace-me-123').map((line) => line.name));
    expect(services).toEqual(new Set(['gateway', 'public-security', 'public-security-system']));
  });

  it('carries one W3C trace through gateway, subgraph and department system, a span per hop, starting one when the client did not', async () => {
    system = await startTestSystem();
    // Read the traceparent each request arrives with, off the subgraph's and the API's HTTP servers.
    const arrivals = (server: {
      on(event: 'request', listener: (r: { headers: Record<string, string> }) => void): unknown;
    }) => {
      const seen: string[] = [];
      server.on('request', (request) => seen.push(request.headers.traceparent ?? ''));
      return seen;
    };
    const atSubgraph = arrivals(system.subgraphs.get('public-security')?.server.app.server as never);
    const atApi = arrivals(system.departmentSystems.get('public-security')?.server.app.server as never);
    const query = 'query($id: CitizenId!) { person(citizenId: $id) { name } }';
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    await asAuditor(
      system.gatewayUrl as string,
      query,
      { id: scenarios.citizens.profile },
      { traceparent: `00-${traceId}-${clientSpan}-01` },
    );
    const [, subgraphTrace, subgraphParent] = (atSubgraph.at(-1) ?? '').split('-');
    const [, apiTrace, apiParent] = (atApi.at(-1) ?? '').split('-');
    expect([subgraphTrace, apiTrace]).toEqual([traceId, traceId]);
    // Each hop is a span of its own: the gateway's fetch is the subgraph's parent, the subgraph's call
    // the API's.
    expect(new Set([clientSpan, subgraphParent, apiParent]).size).toBe(3);

    await asAuditor(system.gatewayUrl as string, query, { id: scenarios.citizens.profile });
    expect(atApi.at(-1)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(atApi.at(-1)).not.toContain(traceId);
    expect(atApi.at(-1)?.split('-')[1]).toBe(atSubgraph.at(-1)?.split('-')[1]);
  });
});
