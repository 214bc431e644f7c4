import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { SUPERGRAPH_FILE } from '../system/topology.ts';
import { OPERATIONS_DIR } from './support/operations.ts';
import {
  authorization,
  type GraphQLResponse,
  graphql,
  scenarios,
  startTestSystem,
} from './support/system.ts';

let system: RunningSystem;
let uncached: Gateway | undefined;
/** GraphQL requests each subgraph has received, counted at its own HTTP server. */
const received: Record<string, number> = {};

beforeAll(async () => {
  system = await startTestSystem();
  for (const { name, server } of system.subgraphs.values()) {
    received[name] = 0;
    server.app.server.on('request', (request: { url?: string }) => {
      if (request.url?.startsWith('/graphql')) received[name] = (received[name] ?? 0) + 1;
    });
  }
});

afterAll(async () => {
  await uncached?.app.close();
  await system?.stop();
});

function exampleOperation(name: string) {
  return {
    query: readFileSync(path.join(OPERATIONS_DIR, `${name}.graphql`), 'utf8'),
    variables: JSON.parse(readFileSync(path.join(OPERATIONS_DIR, `${name}.variables.json`), 'utf8')),
  };
}

/** The requests each subgraph receives while `work` runs. */
async function subgraphRequestsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = { ...received };
  await work();
  return Object.fromEntries(
    Object.entries(received)
      .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}

const lookup = exampleOperation('SchoolDistrictLookup');
const profile = exampleOperation('CitizenProfile');
const gatewayUrl = () => system.gatewayUrl as string;

/**
 * The school look-up of a street of 渝中区: each test asks about streets no other test asks about, so
 * the cache starts empty for them.
 */
function lookupOf(street: string) {
  return { ...lookup.variables, divisionCode: '500103', street };
}

describe('public answers: cached at the gateway by the subgraphs’ cache hints', () => {
  it('answers a public school look-up sent twice from one education request, the same both times', async () => {
    const variables = lookupOf('解放碑街道');
    let first: GraphQLResponse | undefined;
    let second: GraphQLResponse | undefined;
    const requests = await subgraphRequestsDuring(async () => {
      first = await graphql(gatewayUrl(), lookup.query, variables);
      second = await graphql(gatewayUrl(), lookup.query, variables);
    });

    expect(requests).toEqual({ education: 1 });
    expect(first?.errors).toBeUndefined();
    expect(first?.data).toMatchObject({
      schoolDistrictForAddress: { id: scenarios.schoolDistricts.profile },
    });
    expect(second?.data).toEqual(first?.data);
    // Public, for a minute: the look-up reads placesLeft, which changes with every admission.
    expect(first?.headers.get('cache-control')).toBe('max-age=60, public');
    expect(first?.headers.get('age')).toBeNull();
    expect(second?.headers.get('cache-control')).toBe('max-age=60, public');
    expect(Number(second?.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('serves the same public answer to a caller with a token, and caches the district alone for an hour', async () => {
    const variables = lookupOf('七星岗街道');
    const citizen = await authorization(system, scenarios.citizens.profile);
    const district = 'query District($id: ID!) { schoolDistrict(id: $id) { name streets } }';
    const requests = await subgraphRequestsDuring(async () => {
      const warm = await graphql(gatewayUrl(), lookup.query, variables);
      const withToken = await graphql(gatewayUrl(), lookup.query, variables, citizen);
      expect(withToken.data).toEqual(warm.data);
      expect(withToken.headers.get('age')).not.toBeNull();

      const byId = await graphql(gatewayUrl(), district, { id: scenarios.schoolDistricts.profile });
      expect(byId.headers.get('cache-control')).toBe('max-age=3600, public');
      await graphql(gatewayUrl(), district, { id: scenarios.schoolDistricts.profile });
    });
    // Once for the look-up, once for the district by id: each a query of its own.
    expect(requests).toEqual({ education: 2 });
  });

  it('stores no answer with errors: a malformed look-up reaches education each time', async () => {
    const malformed = { ...lookup.variables, divisionCode: 'not-a-code' };
    const requests = await subgraphRequestsDuring(async () => {
      for (let i = 0; i < 2; i++) {
        const response = await graphql(gatewayUrl(), lookup.query, malformed);
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    });
    expect(requests).toEqual({ education: 2 });
  });
});

describe('personal answers: never cached', () => {
  it('sends a citizen’s own profile, asked twice, to the subgraphs twice', async () => {
    const citizen = await authorization(system, profile.variables.citizenId as string);
    const answers: GraphQLResponse[] = [];
    const ask = async () =>
      answers.push(await graphql(gatewayUrl(), profile.query, profile.variables, citizen));
    const first = await subgraphRequestsDuring(ask);
    const second = await subgraphRequestsDuring(ask);

    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('age')).toBeNull();
    }
    expect(answers[1]?.data).toEqual(answers[0]?.data);
    // Every department is asked again, as often as the first time.
    expect(Object.keys(first).sort()).toEqual([
      'civil-affairs',
      'education',
      'health',
      'medical-insurance',
      'public-security',
    ]);
    expect(second).toEqual(first);
  });

  it('never shows one citizen another’s data, even for the very same request', async () => {
    const owner = profile.variables.citizenId as string;
    const other = scenarios.citizens.assistanceHead;
    const ownerHeaders = await authorization(system, owner);
    const otherHeaders = await authorization(system, other);
    const own = await graphql<{ person: { citizenId: string; name: string } | null }>(
      gatewayUrl(),
      profile.query,
      profile.variables,
      ownerHeaders,
    );
    expect(own.data?.person?.citizenId).toBe(owner);

    // The other citizen sends the owner's request, byte for byte, with their own token.
    const sameRequest = await graphql<{ person: unknown }>(
      gatewayUrl(),
      profile.query,
      profile.variables,
      otherHeaders,
    );
    expect(sameRequest.data?.person ?? null).toBeNull();
    expect(sameRequest.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(sameRequest)).not.toContain(own.data?.person?.name as string);

    const theirOwn = await graphql<{ person: { citizenId: string } | null }>(
      gatewayUrl(),
      profile.query,
      { citizenId: other, childCitizenIds: [] },
      otherHeaders,
    );
    expect(theirOwn.errors).toBeUndefined();
    expect(theirOwn.data?.person?.citizenId).toBe(other);
  });
});

describe('observing and switching off', () => {
  it('counts hits, misses and uncacheable queries at /metrics', async () => {
    await graphql(gatewayUrl(), lookup.query, lookupOf('上清寺街道'));
    await graphql(gatewayUrl(), lookup.query, lookupOf('上清寺街道'));
    const metrics = await (await fetch(gatewayUrl().replace(/graphql$/, 'metrics'))).text();
    const count = (result: string) =>
      Number(
        new RegExp(
          `onething_gateway_response_cache_total\\{result="${result}",service="gateway"\\} (\\d+)`,
        ).exec(metrics)?.[1],
      );
    expect(count('hit')).toBeGreaterThanOrEqual(1);
    expect(count('miss')).toBeGreaterThanOrEqual(1);
    expect(count('uncacheable')).toBeGreaterThanOrEqual(1);
  });

  it('sends every look-up to education when the cache is off', async () => {
    uncached = await buildGateway({
      supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
      trust: system.authentication.trustFor('gateway'),
      responseCache: false,
    });
    const url = `${await uncached.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
    const variables = lookupOf('大溪沟街道');
    const requests = await subgraphRequestsDuring(async () => {
      for (let i = 0; i < 2; i++) {
        const response = await graphql(url, lookup.query, variables);
        expect(response.errors).toBeUndefined();
        expect(response.headers.get('age')).toBeNull();
      }
    });
    expect(requests).toEqual({ education: 2 });
  });
});
