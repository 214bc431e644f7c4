/**
 * Typed operations: GraphQL Code Generator turns operations and the schema they are sent to into
 * TypeScript — a `TypedDocumentNode` per operation and its result and variables types:
 *
 * - the client operations of `schema/operations/`, against the API schema, with the client preset
 *   (usable as is with `@apollo/client`, urql, graphql-request), in `schema/operations/generated/`,
 *   with their persisted documents: the preset's `persisted-documents.json` and Apollo's
 *   `persisted-query-manifest.json`, which the gateway's safelist reads;
 * - the service-center's operations, against the subgraph schema of the department each is aimed at
 *   (typescript-operations and typed-document-node), one file per department in
 *   `subgraphs/service-center/generated/<department>.generated.ts`.
 *
 * `npm run codegen` writes them; `npm run compose -- --check` generates them in memory and fails when
 * the committed ones differ.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { type GraphQLSchema, printSchema } from 'graphql';
import clientCodegenConfig from '../../codegen.ts';
import { SHARED_SCALARS } from '../../subgraphs/kit/scalars.ts';
import { ROOT } from '../../system/topology.ts';
import { type ClientOperation, OPERATIONS_DIR } from './operations.ts';
import { PERSISTED_QUERY_MANIFEST_FILE, persistedQueryManifest } from './persistedQueryManifest.ts';
import { SERVICE_CENTER_DIR, type ServiceCenterOperation } from './serviceCenterOperations.ts';

/** Where the generated types of the client operations are committed. */
export const GENERATED_DIR = path.join(OPERATIONS_DIR, 'generated');

/** Where the generated types of the service-center's operations are committed, one file per department. */
export const SERVICE_CENTER_GENERATED_DIR = path.join(SERVICE_CENTER_DIR, 'generated');

/** A generated file: its name in {@link GENERATED_DIR} and its text. */
export interface GeneratedFile {
  name: string;
  content: string;
}

/**
 * The shared scalars travel as strings (citizen IDs, ISO dates and instants); a scalar a department
 * adds without telling the kit is typed `unknown` until it is mapped here, so nothing is typed `any`.
 */
const SCALARS = Object.fromEntries(Object.keys(SHARED_SCALARS).map((name) => [name, 'string']));

/**
 * A subgraph schema adds federation's `_Any`: an entity representation, its type name and its key
 * fields (and, for a person, the access grant), as `_entities` takes it.
 */
const SUBGRAPH_SCALARS = { ...SCALARS, _Any: '{ __typename: string; [field: string]: unknown }' };

/**
 * Generates what a frontend uses from the API schema's SDL and the operation files: the client
 * preset's files as the root `codegen.ts` configures them (typed documents and
 * `persisted-documents.json`), and Apollo's persisted-query manifest. The preset's files are exactly
 * what `npx graphql-codegen` writes from `codegen.ts`, so an editor's or a watcher's run agrees with
 * `npm run codegen`. Fails, naming the operation and the field, when an operation does not validate.
 */
export async function generateOperationTypes(
  apiSchemaSdl: string,
  operations: ClientOperation[],
): Promise<GeneratedFile[]> {
  const outputs: Array<{ filename: string; content: string }> = await generate(
    {
      ...clientCodegenConfig,
      cwd: ROOT,
      // The schema and the operations given, not the files the configuration names: the check
      // (`compose -- --check`) generates from the API schema it has just composed.
      schema: apiSchemaSdl,
      documents: operations.map((operation) => operation.file),
      silent: true,
    },
    false,
  );
  const manifest = await persistedQueryManifest(operations);
  return [
    ...outputs.map((output) => ({ name: path.basename(output.filename), content: output.content })),
    { name: PERSISTED_QUERY_MANIFEST_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` },
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Generates the service-center's typed operations: for each department its operations are aimed at,
 * `<department>.generated.ts` from the department's subgraph schema and those operations. Fails,
 * naming the operation and the field, when one does not validate.
 *
 * @param schemas - each department's subgraph schema (see `departmentSubgraphSchemas`)
 */
export async function generateServiceCenterOperationTypes(
  schemas: ReadonlyMap<string, GraphQLSchema>,
  operations: ServiceCenterOperation[],
): Promise<GeneratedFile[]> {
  const departments = [...new Set(operations.flatMap((operation) => operation.department ?? []))].sort();
  const generates = Object.fromEntries(
    departments.map((department) => {
      const schema = schemas.get(department);
      if (!schema) throw new Error(`no subgraph schema for the ${department} department`);
      const target = {
        schema: printSchema(schema),
        documents: operations.filter((o) => o.department === department).map((o) => o.file),
        plugins: ['typescript', 'typescript-operations', 'typed-document-node'],
        config: {
          scalars: SUBGRAPH_SCALARS,
          defaultScalarType: 'unknown',
          enumsAsTypes: true,
          useTypeImports: true,
          onlyOperationTypes: true,
          // The answers as the service-center reads them: no `__typename` it did not ask for, and a
          // nullable field present as null rather than optional.
          skipTypename: true,
          avoidOptionals: { field: true },
          importExtension: '.ts',
        },
      };
      return [`${department}.generated.ts`, target];
    }),
  );
  const outputs: Array<{ filename: string; content: string }> = await generate(
    { silent: true, generates },
    false,
  );
  return outputs
    .map((output) => {
      const department = path.basename(output.filename, '.generated.ts');
      const header =
        `// Generated by \`npm run codegen\` from schema/${department}/${department}.graphql (built as the ${department} subgraph)\n` +
        `// and subgraphs/service-center/**/operations/${department}/*.graphql: do not edit.\n`;
      return { name: path.basename(output.filename), content: `${header}${output.content}` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The names of the generated files that are missing, different or left over in `dir`. */
export function staleGeneratedFiles(files: GeneratedFile[], dir = GENERATED_DIR): string[] {
  const committed = existsSync(dir) ? readdirSync(dir) : [];
  const expected = new Set(files.map((file) => file.name));
  const differing = files
    .filter(
      (file) =>
        !committed.includes(file.name) || readFileSync(path.join(dir, file.name), 'utf8') !== file.content,
    )
    .map((file) => file.name);
  const leftOver = committed.filter((name) => !expected.has(name));
  return [...differing, ...leftOver].sort();
}

/** Replaces the contents of `dir` with the generated files. */
export function writeGeneratedFiles(files: GeneratedFile[], dir = GENERATED_DIR): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(path.join(dir, file.name), file.content);
}
