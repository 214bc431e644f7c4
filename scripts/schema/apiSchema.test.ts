import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSupergraphConfig } from '../../system/topology.ts';
import { API_SCHEMA_FILE, buildApiSchema, printApiSchema } from './apiSchema.ts';
import { composeSupergraph } from './composition.ts';

describe('the API schema clients see', () => {
  const composition = composeSupergraph(readSupergraphConfig());
  if (!composition.ok) throw new Error(`the subgraphs do not compose: ${composition.errors.join('; ')}`);
  const sdl = printApiSchema(composition.supergraphSdl);
  const schema = buildApiSchema(composition.supergraphSdl);

  it('is the committed schema/api.graphql', () => {
    expect(sdl).toBe(readFileSync(API_SCHEMA_FILE, 'utf8'));
  });

  it('has none of federation’s machinery', () => {
    expect(sdl).not.toMatch(/join__|link__|@link|@inaccessible|_entities|_service|_Any|_Entity/);
  });

  it('hides what the subgraphs mark @inaccessible: the departments’ own acts and the access grant', () => {
    // Both are in the supergraph, marked @inaccessible by the subgraphs that define them.
    expect(composition.supergraphSdl).toMatch(/\n {2}issueBirthCertificate\(/);
    expect(composition.supergraphSdl).toMatch(/\n {2}accessGrant: String @inaccessible/);
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).not.toContain('issueBirthCertificate');
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toContain('registerNewborn');
    expect(sdl).not.toMatch(/issueBirthCertificate|accessGrant/);
  });

  it('keeps the descriptions frontend teams read', () => {
    expect(schema.getType('Person')?.description).toMatch(/resident/i);
    expect(schema.getQueryType()?.getFields().person?.description).toBeTruthy();
  });
});
