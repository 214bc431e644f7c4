/**
 * The GraphQL-over-HTTP conformance audits of the `graphql-http` package, run against the gateway
 * as a signed-in citizen: every MUST audit passes.
 *
 * The SHOULD and MAY audits that do not pass, and why (Apollo Server's choices, kept on purpose):
 * - 572B, FDE2, 7B9B (SHOULD answer 200 to a parse, validation or variable-coercion failure when the
 *   client accepts application/json): Apollo Server answers 400, which clients of this graph and its
 *   other tests rely on; the spec's 200 is for legacy clients of application/json only.
 * - 5A70, D6D5, 6A70 (MAY accept GET queries): the audits' GETs carry no header that forces a CORS
 *   preflight, so Apollo Server's CSRF prevention refuses them (400); a GET with
 *   `apollo-require-preflight` or a JSON content-type is served.
 */
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { authorization, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
let token: Record<string, string>;

beforeAll(async () => {
  system = await startTestSystem();
  token = await authorization(system, scenarios.citizens.profile);
});

afterAll(async () => {
  await system?.stop();
});

/** Every audit's request, sent with the citizen's token. */
const signedFetch = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(token)) headers.set(name, value);
  return fetch(input, { ...init, headers });
};

const audits = serverAudits({ url: () => system.gatewayUrl as string, fetchFn: signedFetch });
const must = audits.filter((audit) => audit.name.startsWith('MUST'));
const others = audits.filter((audit) => !audit.name.startsWith('MUST'));
/** The SHOULD and MAY audits known not to pass, each explained at the top of this file. */
const KNOWN_DEVIATIONS = new Set(['572B', 'FDE2', '7B9B', '5A70', 'D6D5', '6A70']);

/** What a failed audit said, for the assertion message. */
const outcome = (result: AuditResult) =>
  result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`;

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  it('has MUST audits to run', () => {
    expect(must.length).toBeGreaterThan(10);
  });

  it.each(must.map((audit) => [audit.id, audit.name, audit] as const))('%s %s', async (_id, _name, audit) => {
    expect(outcome(await audit.fn())).toBe('ok');
  });

  it('fails no SHOULD or MAY audit beyond the known deviations', async () => {
    const failed: Record<string, string> = {};
    for (const audit of others) {
      const result = await audit.fn();
      if (result.status !== 'ok' && !KNOWN_DEVIATIONS.has(audit.id)) failed[audit.name] = outcome(result);
    }
    expect(failed).toEqual({});
  });
});
