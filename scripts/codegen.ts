/**
 * `npm run codegen`: writes the typed operations —
 * - the client operations' in `schema/operations/generated/`, from the committed API schema
 *   (`schema/api.graphql`, written by `npm run compose`) and `schema/operations/*.graphql`, as the
 *   root `codegen.ts` configures GraphQL Code Generator's client preset, with their persisted
 *   documents (`persisted-documents.json`) and Apollo's persisted-query manifest
 *   (`persisted-query-manifest.json`), the lists the gateway's safelist reads;
 * - the service-center's in `subgraphs/service-center/generated/<department>.generated.ts`, from each
 *   department's subgraph schema (`schema/<department>/<department>.graphql`) and the service-center's
 *   `operations/<department>/*.graphql`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, readSupergraphConfig } from '../system/topology.ts';
import { API_SCHEMA_FILE } from './schema/apiSchema.ts';
import {
  GENERATED_DIR,
  generateOperationTypes,
  generateServiceCenterOperationTypes,
  SERVICE_CENTER_GENERATED_DIR,
  writeGeneratedFiles,
} from './schema/codegen.ts';
import { readSubgraphSchemas } from './schema/composition.ts';
import { readClientOperations } from './schema/operations.ts';
import { readServiceCenterOperations } from './schema/serviceCenterOperations.ts';
import { departmentSubgraphSchemas } from './schema/subgraphSchema.ts';

try {
  const operations = readClientOperations();
  const files = await generateOperationTypes(readFileSync(API_SCHEMA_FILE, 'utf8'), operations);
  writeGeneratedFiles(files);
  console.log(
    `Wrote ${files.map((file) => file.name).join(', ')} in ${path.relative(ROOT, GENERATED_DIR)} ` +
      `from ${operations.length} operations.`,
  );
  const serviceCenterOperations = readServiceCenterOperations();
  const serviceCenterFiles = await generateServiceCenterOperationTypes(
    departmentSubgraphSchemas(readSubgraphSchemas(readSupergraphConfig())),
    serviceCenterOperations,
  );
  writeGeneratedFiles(serviceCenterFiles, SERVICE_CENTER_GENERATED_DIR);
  console.log(
    `Wrote ${serviceCenterFiles.map((file) => file.name).join(', ')} in ` +
      `${path.relative(ROOT, SERVICE_CENTER_GENERATED_DIR)} from the service-center's ` +
      `${serviceCenterOperations.length} operations.`,
  );
} catch (error) {
  console.error(`Code generation failed: ${(error as Error).message}`);
  process.exit(1);
}
