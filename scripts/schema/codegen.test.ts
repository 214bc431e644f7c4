import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import clientCodegenConfig, { CLIENT_SCALARS } from '../../codegen.ts';
import { SHARED_SCALARS } from '../../subgraphs/kit/scalars.ts';
import { ROOT, readSupergraphConfig } from '../../system/topology.ts';
import { API_SCHEMA_FILE } from './apiSchema.ts';
import {
  generateOperationTypes,
  generateServiceCenterOperationTypes,
  SERVICE_CENTER_GENERATED_DIR,
  staleGeneratedFiles,
} from './codegen.ts';
import { readSubgraphSchemas } from './composition.ts';
import { invalidOperations, OPERATIONS_DIR, readClientOperations } from './operations.ts';
import type { PersistedQueryManifest } from './persistedQueryManifest.ts';
import { readServiceCenterOperations } from './serviceCenterOperations.ts';
import { departmentSubgraphSchemas } from './subgraphSchema.ts';

const apiSchemaSdl = readFileSync(API_SCHEMA_FILE, 'utf8');
const scratch = mkdtempSync(path.join(tmpdir(), 'onething-codegen-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of operation files, for operations that are not in schema/operations. */
function operationsIn(folder: string, files: Record<string, string>) {
  const dir = path.join(scratch, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return readClientOperations(dir);
}

describe('typed operations (npm run codegen)', () => {
  const operations = readClientOperations();

  it('are committed as generated from the API schema and schema/operations', async () => {
    expect(staleGeneratedFiles(await generateOperationTypes(apiSchemaSdl, operations))).toEqual([]);
  });

  it('type each operation as a TypedDocumentNode with its result and variables, scalars as strings', async () => {
    const [first] = await generateOperationTypes(
      apiSchemaSdl,
      operationsIn('typed', {
        'Profile.graphql':
          '# identity: 500103198910149170\nquery Profile($citizenId: CitizenId!) { person(citizenId: $citizenId) { name birthDate } }\n',
      }),
    ).then((files) => files.filter((file) => file.name === 'graphql.ts'));
    expect(first?.content).toContain(
      "export type ProfileQuery = { __typename?: 'Query', person?: { __typename?: 'Person', name: string, birthDate: string } | null };",
    );
    expect(first?.content).toMatch(
      /export type ProfileQueryVariables = Exact<\{\n {2}citizenId: Scalars\['CitizenId'\]\['input'\];/,
    );
    expect(first?.content).toMatch(/CitizenId: \{ input: string; output: string; \}/);
    expect(first?.content).toMatch(
      /export const ProfileDocument = \{.*\} as unknown as DocumentNode<ProfileQuery, ProfileQueryVariables>;/,
    );
  });

  it('refuse an operation that asks for a field the API schema does not have, naming it', async () => {
    const broken = operationsIn('broken', {
      'Hidden.graphql':
        'query Hidden($citizenId: CitizenId!) { person(citizenId: $citizenId) { accessGrant } }\n',
    });
    await expect(generateOperationTypes(apiSchemaSdl, broken)).rejects.toThrow(/accessGrant/);
    expect(invalidOperations(buildSchema(apiSchemaSdl), broken)).toEqual([
      {
        operation: 'Hidden',
        messages: ['Cannot query field "accessGrant" on type "Person". (line 1, column 72)'],
      },
    ]);
  });

  it('are what `graphql-codegen` makes of the root codegen.ts, the configuration editors and the CLI read', async () => {
    const cli: Array<{ filename: string; content: string }> = await generate(
      { ...clientCodegenConfig, cwd: ROOT, silent: true },
      false,
    );
    const ours = await generateOperationTypes(apiSchemaSdl, operations);
    expect(cli.map((file) => [path.basename(file.filename), file.content]).sort()).toEqual(
      ours
        .filter((file) => file.name !== 'persisted-query-manifest.json')
        .map((file) => [file.name, file.content]),
    );
    const graphqlrc = parseYaml(readFileSync(path.join(ROOT, '.graphqlrc.yml'), 'utf8'));
    expect(graphqlrc).toEqual({
      schema: clientCodegenConfig.schema,
      documents: clientCodegenConfig.documents,
    });
    expect(Object.keys(CLIENT_SCALARS).sort()).toEqual(Object.keys(SHARED_SCALARS).sort());
  });

  it('import one another without a file extension, as a Vite or Next.js app resolves them', async () => {
    const files = await generateOperationTypes(apiSchemaSdl, operations);
    const imports = files.flatMap((file) =>
      [...file.content.matchAll(/from ["'](\.[^"']*)["']/g)].map((m) => m[1]),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => /\.[jt]s$/.test(specifier ?? ''))).toEqual([]);
  });

  it('list each operation as Apollo Client sends it, under the SHA-256 of that text', async () => {
    const files = await generateOperationTypes(apiSchemaSdl, operations);
    const manifest = JSON.parse(
      files.find((file) => file.name === 'persisted-query-manifest.json')?.content ?? '{}',
    ) as PersistedQueryManifest;
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map((operation) => operation.name)).toEqual(
      operations.map((o) => o.name).sort(),
    );
    for (const operation of manifest.operations) {
      expect(operation.id).toBe(createHash('sha256').update(operation.body).digest('hex'));
    }
    const lookup = manifest.operations.find((operation) => operation.name === 'SchoolDistrictLookup');
    // `__typename` in every selection set but the root's, as Apollo Client's cache adds it.
    expect(lookup).toMatchObject({ type: 'query' });
    expect(lookup?.body).toMatch(/^query SchoolDistrictLookup\(/);
    expect(lookup?.body).toContain(
      '      placesLeft(entryYear: $entryYear)\n      __typename\n    }\n    __typename\n  }\n}',
    );
    expect(lookup?.body).not.toContain('#');
    // The client preset's persisted documents are SHA-256 too, by the same ids as their documents.
    const documents = JSON.parse(
      files.find((file) => file.name === 'persisted-documents.json')?.content ?? '{}',
    );
    const typed = files.find((file) => file.name === 'graphql.ts')?.content ?? '';
    for (const [hash, body] of Object.entries(documents as Record<string, string>)) {
      expect(hash).toBe(createHash('sha256').update(body).digest('hex'));
      expect(typed).toContain(`"__meta__":{"hash":"${hash}"}`);
    }
    expect(Object.keys(documents)).toHaveLength(operations.length);
  });

  it('are stale, persisted documents and manifest included, when an operation changes', async () => {
    const dir = path.join(scratch, 'changed');
    mkdirSync(dir, { recursive: true });
    for (const operation of operations)
      copyFileSync(operation.file, path.join(dir, path.basename(operation.file)));
    const lookup = path.join(dir, 'SchoolDistrictLookup.graphql');
    writeFileSync(lookup, readFileSync(lookup, 'utf8').replace('streets', 'streets\n    id'));
    const changed = await generateOperationTypes(apiSchemaSdl, readClientOperations(dir));
    expect(staleGeneratedFiles(changed, path.join(OPERATIONS_DIR, 'generated'))).toEqual([
      'gql.ts',
      'graphql.ts',
      'persisted-documents.json',
      'persisted-query-manifest.json',
    ]);
  });

  it('are stale when a file differs, is missing or is left over', () => {
    const dir = path.join(scratch, 'generated');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'graphql.ts'), 'export {};\n');
    writeFileSync(path.join(dir, 'gql.ts'), 'changed by hand\n');
    writeFileSync(path.join(dir, 'old.ts'), 'from an operation since removed\n');
    const files = [
      { name: 'graphql.ts', content: 'export {};\n' },
      { name: 'gql.ts', content: 'generated\n' },
      { name: 'index.ts', content: 'generated\n' },
    ];
    expect(staleGeneratedFiles(files, dir)).toEqual(['gql.ts', 'index.ts', 'old.ts']);
  });
});

describe("the service-center's typed operations (npm run codegen)", () => {
  const schemas = departmentSubgraphSchemas(readSubgraphSchemas(readSupergraphConfig()));
  const operations = readServiceCenterOperations();
  const generated = generateServiceCenterOperationTypes(schemas, operations);

  it("are committed, one file per department, as generated from its subgraph schema and the service-center's operations", async () => {
    const files = await generated;
    // One file for each department subgraph of rover.yaml the service-center sends operations to.
    const receiving = new Set(operations.map((operation) => operation.department));
    expect(receiving.size).toBeGreaterThan(0);
    expect(files.map((file) => file.name)).toEqual(
      [...schemas.keys()]
        .filter((name) => receiving.has(name))
        .sort()
        .map((name) => `${name}.generated.ts`),
    );
    expect(staleGeneratedFiles(files, SERVICE_CENTER_GENERATED_DIR)).toEqual([]);
  });

  it('type a hidden act of the subgraph with its result and variables, nullable fields present as null', async () => {
    const health = (await generated).find((file) => file.name === 'health.generated.ts')?.content ?? '';
    expect(health).toMatch(/^\/\/ Generated by `npm run codegen` from schema\/health\/health\.graphql/);
    expect(health).toContain(
      'export type IssueBirthCertificateMutation = { issueBirthCertificate: { number: string } };',
    );
    expect(health).toMatch(
      /export type IssueBirthCertificateMutationVariables = Exact<\{\n {2}id: Scalars\['ID'\]\['input'\];\n {2}name: Scalars\['String'\]\['input'\];\n {2}key: Scalars\['String'\]\['input'\];\n\}>;/,
    );
    expect(health).toMatch(
      /export const IssueBirthCertificateDocument = \{.*\} as unknown as DocumentNode<IssueBirthCertificateMutation, IssueBirthCertificateMutationVariables>;/,
    );
    expect(health).toMatch(/certificate: \{ number: string \} \| null/);
  });
});
