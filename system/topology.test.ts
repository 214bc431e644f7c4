import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readSupergraphConfig } from './topology.ts';

describe('the topology in rover.yaml', () => {
  it('lists each subgraph with a routing URL and an SDL file that exists, named as its folder', () => {
    const { subgraphs } = readSupergraphConfig();
    expect(subgraphs.map((subgraph) => subgraph.name)).toContain('service-center');
    for (const subgraph of subgraphs) {
      expect(existsSync(subgraph.schemaFile), subgraph.schemaFile).toBe(true);
      expect(existsSync(path.join(ROOT, 'subgraphs', subgraph.name, 'server.ts')), subgraph.name).toBe(true);
      expect(URL.canParse(subgraph.routingUrl), subgraph.routingUrl).toBe(true);
    }
  });

  it('refuses a rover.yaml entry without a routing URL, naming the field', () => {
    const file = new URL('./fixtures/rover-missing-url.yaml', import.meta.url);
    expect(() => readSupergraphConfig(file.pathname)).toThrow(/routing_url/);
  });
});
