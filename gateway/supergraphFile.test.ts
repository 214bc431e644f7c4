import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/schema/composition.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from '../test/support/eventually.ts';
import { buildGateway, type Gateway } from './server.ts';

/** Every subgraph at a host that never resolves: these tests need no subgraph to answer. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

const gateways: Gateway[] = [];
let dir: string | undefined;

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.app.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The committed supergraph with education's Query given one more field, `reloadProbe`. */
function changedSupergraph(): string {
  const config = readSupergraphConfig();
  const education = config.subgraphs.find((s) => s.name === 'education');
  const sdl = readFileSync(education?.schemaFile as string, 'utf8').replace(
    'type Query {',
    'type Query {\n  """A field added to prove the gateway reloads its supergraph."""\n  reloadProbe: String\n',
  );
  const composed = composeSupergraph(config, { education: sdl });
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  return composed.supergraphSdl;
}

async function queryFields({ app }: Gateway): Promise<string[]> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query: '{ __type(name: "Query") { fields { name } } }' },
  });
  return (
    response.json() as { data: { __type: { fields: Array<{ name: string }> } } }
  ).data.__type.fields.map((field) => field.name);
}

async function reloadsCounted({ app }: Gateway, outcome: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const match = text.match(
    new RegExp(
      `^onething_gateway_supergraph_reloads_total\\{outcome="${outcome}",service="gateway"\\} (\\d+)$`,
      'm',
    ),
  );
  return match ? Number(match[1]) : 0;
}

describe('the supergraph from a shared file', { timeout: 60_000 }, () => {
  it('is reloaded by every replica watching it, and a bad file keeps each one’s running supergraph', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'onething-shared-supergraph-'));
    const file = path.join(dir, 'supergraph.graphql');
    writeFileSync(file, readFileSync(SUPERGRAPH_FILE));
    for (let replica = 0; replica < 2; replica += 1) {
      gateways.push(
        await buildGateway({ supergraph: { file, pollIntervalMs: 50 }, subgraphUrls: UNREACHABLE_SUBGRAPHS }),
      );
    }
    for (const replica of gateways) expect(await queryFields(replica)).not.toContain('reloadProbe');

    // Published as deploy tools do: written aside, then renamed over the shared file.
    writeFileSync(`${file}.new`, changedSupergraph());
    renameSync(`${file}.new`, file);
    for (const replica of gateways) {
      await eventually(
        async () => ((await queryFields(replica)).includes('reloadProbe') ? true : undefined),
        {
          timeoutMs: 10_000,
        },
      );
      expect(await reloadsCounted(replica, 'reloaded')).toBe(1);
    }

    writeFileSync(file, 'this is not a supergraph');
    for (const replica of gateways) {
      await eventually(async () => ((await reloadsCounted(replica, 'invalid')) > 0 ? true : undefined), {
        timeoutMs: 10_000,
      });
      expect(await queryFields(replica)).toContain('reloadProbe');
    }
  });
});
