import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('operation limits at the gateway', () => {
  it('refuses a query nested deeper than the limit before asking any subgraph', async () => {
    for (const { server } of system.departmentSystems.values()) server.calls.reset();
    // person → household → head → household → … : each hop is two levels.
    let selection = 'name';
    for (let i = 0; i < 8; i++) selection = `household { head { ${selection} } }`;
    const response = await graphql(
      system.gatewayUrl as string,
      `query($id: CitizenId!) { person(citizenId: $id) { ${selection} } }`,
      {
        id: scenarios.citizens.profile,
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/depth/i);
    expect(system.departmentSystems.get('public-security')?.server.calls.count()).toBe(0);
  });

  it('refuses an operation with more aliases than the limit', async () => {
    const aliases = Array.from(
      { length: 25 },
      (_, i) => `a${i}: schools(divisionCode: "500103") { name }`,
    ).join(' ');
    const response = await graphql(system.gatewayUrl as string, `{ ${aliases} }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a document with more tokens than the limit as a parse failure (400)', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const response = await graphql(system.gatewayUrl as string, `{ ${fields} }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a request body over the size limit with 413', async () => {
    const response = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(300 * 1024) } }),
    });
    expect(response.status).toBe(413);
  });

  it('lets every example-sized query through', async () => {
    const response = await graphql(
      system.gatewayUrl as string,
      '{ schools(divisionCode: "500103") { name district { name } } }',
    );
    expect(response.errors).toBeUndefined();
  });
});
