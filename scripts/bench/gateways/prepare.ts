/**
 * What the benchmark settles before any load: the supergraph every gateway serves (the committed one,
 * routed to the running subgraphs), which identity each query is sent with, and that the floor's
 * query is answered by public security alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningSystem } from '../../../system/startSystem.ts';
import { SUPERGRAPH_FILE } from '../../../system/topology.ts';
import type { RequestVariant } from './protocol.ts';
import type { SubgraphCounter } from './SubgraphCounter.ts';
import { AUDITOR, type QuerySpec, variantsOf } from './workload.ts';

/**
 * Writes the committed supergraph into `dir` with each subgraph's routing URL replaced by where it
 * runs, so that all three gateways serve the same file without any override of their own.
 */
export function writeRoutedSupergraph(dir: string, system: RunningSystem): string {
  let sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
  for (const [name, { url }] of system.subgraphs) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`);
    if (!pattern.test(sdl)) throw new Error(`the supergraph has no join__graph for subgraph ${name}`);
    sdl = sdl.replace(pattern, `$1"${url}"`);
  }
  const file = path.join(dir, 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}

/** Sends one request and answers its status and body. */
export async function send(url: string, variant: RequestVariant): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...variant.headers, 'content-type': 'application/json' },
    body: variant.body,
  });
  return { status: response.status, body: await response.text() };
}

/** The first GraphQL error of an answer (or its status), or undefined for a clean answer. */
export function problemOf({ status, body }: { status: number; body: string }): string | undefined {
  try {
    const parsed = JSON.parse(body) as {
      data?: unknown;
      errors?: { message: string; extensions?: unknown }[];
    };
    const [first] = parsed.errors ?? [];
    if (first) return `${first.message} ${JSON.stringify(first.extensions ?? {})}`;
    if (status !== 200 || parsed.data == null) return `HTTP ${status} without data`;
    return undefined;
  } catch {
    return `HTTP ${status}, not JSON: ${body.slice(0, 200)}`;
  }
}

/**
 * Sends every request of each query once through `gatewayUrl` with the identity it names. A request
 * that answers errors for that identity (authorization rules change as departments tighten them) is
 * sent with the auditor's token instead: changes `queries` in place and answers a note per query
 * saying how many requests were switched and why.
 */
export async function settleIdentities(
  gatewayUrl: string,
  queries: QuerySpec[],
  tokens: Map<string, string[]>,
): Promise<string[]> {
  const notes: string[] = [];
  for (const query of queries) {
    const variants = variantsOf(query, tokens);
    const problems = await Promise.all(
      query.requests.map(async (request, i) =>
        request.identity && request.identity !== AUDITOR
          ? problemOf(await send(gatewayUrl, variants[i] as RequestVariant))
          : undefined,
      ),
    );
    const switched = query.requests.filter((_, i) => problems[i]);
    const first = problems.findIndex(Boolean);
    if (first < 0) continue;
    notes.push(
      `${query.name}: ${switched.length} of ${query.requests.length} requests answered an error for ` +
        `their own identity (first: ${query.requests[first]?.identity}, ${problems[first]}); they are ` +
        'sent with the auditor’s token instead.',
    );
    for (const request of switched) request.identity = AUDITOR;
  }
  return notes;
}

/**
 * Checks that `variant` is answered by the public-security subgraph alone through `gatewayUrl`, so
 * that sending it straight to that subgraph is the same query without the gateway.
 */
export async function checkSingleDepartment(
  gatewayUrl: string,
  variant: RequestVariant,
  counter: SubgraphCounter,
): Promise<void> {
  const before = counter.snapshot().subgraphs;
  const problem = problemOf(await send(gatewayUrl, variant));
  const after = counter.snapshot().subgraphs;
  const asked = Object.keys(after).filter((name) => (after[name] ?? 0) > (before[name] ?? 0));
  if (problem || asked.join() !== 'public-security') {
    throw new Error(
      `the floor's query must be answered by public security alone; through the gateway it asked ` +
        `${asked.join(', ') || 'no subgraph'}${problem ? ` and answered ${problem}` : ''}`,
    );
  }
}
