import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { readSupergraphConfig } from '../../system/topology.ts';
import { API_SCHEMA_FILE } from './apiSchema.ts';
import {
  generateOperationTypes,
  generateServiceCenterOperationTypes,
  SERVICE_CENTER_GENERATED_DIR,
  staleGeneratedFiles,
} from './codegen.ts';
import { readSubgraphSchemas } from './composition.ts';
import { invalidOperations, readClientOperations } from './operations.ts';
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
