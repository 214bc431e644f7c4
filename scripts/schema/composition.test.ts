import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../../system/topology.ts';
import { composeSupergraph } from './composition.ts';

describe('composition from rover.yaml', () => {
  const config = readSupergraphConfig();

  it('composes every subgraph into the committed supergraph', () => {
    const result = composeSupergraph(config);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(result.supergraphSdl).toBe(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  });

  // A type several subgraphs declare (@shareable DataUse, Division) is described the same in each, so a
  // department that joins copies it as it is and changes no other department's schema.
  it('composes without inconsistent descriptions of the types the subgraphs share', () => {
    const result = composeSupergraph(config);
    const hints = result.ok ? result.hints : [];
    expect(hints.filter((hint) => hint.includes('INCONSISTENT_DESCRIPTION'))).toEqual([]);
  });

  it('reports the errors of a subgraph that does not compose', () => {
    const [first] = config.subgraphs;
    if (!first) throw new Error('rover.yaml lists no subgraph');
    const broken = `${readFileSync(first.schemaFile, 'utf8')}\ntype Person @key(fields: "nosuchfield") { citizenId: CitizenId! }\n`;
    const result = composeSupergraph(config, { [first.name]: broken });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/Person/);
  });
});
