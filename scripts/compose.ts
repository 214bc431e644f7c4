/**
 * Composes the supergraph from rover.yaml with @apollo/composition (the library rover uses) and
 * writes `schema/supergraph.graphql` and the API schema clients see, `schema/api.graphql`; checks that
 * every client operation of `schema/operations/` still validates against that API schema, and every
 * operation the service-center sends a department (`subgraphs/service-center/<module>/operations/
 * <department>/*.graphql`) against that department's subgraph schema.
 *
 *   npm run compose              write the supergraph and the API schema
 *   npm run compose -- --check   exit 1 on composition errors, on an operation that no longer
 *                                validates, or when the supergraph, the API schema or the typed
 *                                operations (`npm run codegen`) committed are stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { ROOT, readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { API_SCHEMA_FILE, printApiSchema } from './schema/apiSchema.ts';
import {
  GENERATED_DIR,
  generateOperationTypes,
  generateServiceCenterOperationTypes,
  SERVICE_CENTER_GENERATED_DIR,
  staleGeneratedFiles,
} from './schema/codegen.ts';
import { composeSubgraphs, readSubgraphSchemas } from './schema/composition.ts';
import { contractDocumentOf, contractDocumentYaml, readDepartmentContracts } from './schema/contracts.ts';
import { invalidOperations, readClientOperations } from './schema/operations.ts';
import {
  readServiceCenterOperations,
  sendersByOperation,
  serviceCenterOperationProblems,
  undeclaredOperations,
} from './schema/serviceCenterOperations.ts';
import { departmentSubgraphSchemas } from './schema/subgraphSchema.ts';

const check = process.argv.includes('--check');
const config = readSupergraphConfig();
const subgraphs = readSubgraphSchemas(config);
const result = composeSubgraphs(subgraphs);

if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):`);
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
for (const hint of result.hints) console.warn(`hint: ${hint}`);

const apiSchemaSdl = printApiSchema(result.supergraphSdl);
const operations = readClientOperations();
const broken = invalidOperations(buildSchema(apiSchemaSdl), operations);
const failures: string[] = broken.map(
  ({ operation, messages }) =>
    `operation ${operation} no longer holds against the API schema:\n      ${messages.join('\n      ')}`,
);

// The service-center calls the department subgraphs directly: its operations must hold against each
// department's subgraph schema, not the API schema.
const departmentSchemas = departmentSubgraphSchemas(subgraphs);
const serviceCenterOperations = readServiceCenterOperations();
const brokenServiceCenterOperations = [
  ...serviceCenterOperationProblems(serviceCenterOperations, departmentSchemas),
  ...undeclaredOperations(serviceCenterOperations, sendersByOperation()),
];
failures.push(
  ...brokenServiceCenterOperations.map(
    ({ operation, file, department, messages }) =>
      `the service-center's operation ${operation} (${file}${department ? `, sent to the ${department} subgraph` : ''}) does not hold:\n      ${messages.join('\n      ')}`,
  ),
);

const relative = (file: string) => path.relative(ROOT, file);
const committed = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

// Each department system's contract, printed as the OpenAPI document committed beside it.
const contractDocuments = [...(await readDepartmentContracts(config)).values()].map(
  (contract) => [contractDocumentOf(contract.department), contractDocumentYaml(contract)] as const,
);

if (check) {
  for (const [file, expected] of [
    [SUPERGRAPH_FILE, result.supergraphSdl],
    [API_SCHEMA_FILE, apiSchemaSdl],
  ] as const) {
    if (committed(file) !== expected) {
      failures.push(
        `${relative(file)} is out of date with the subgraph schemas in rover.yaml; run \`npm run compose\`.`,
      );
    }
  }
  for (const [file, expected] of contractDocuments) {
    if (committed(file) !== expected) {
      failures.push(
        `${relative(file)} is out of date with its department's contract.ts; run \`npm run compose\`.`,
      );
    }
  }
  // Typed operations are generated only from operations that validate: the failures above say why.
  if (broken.length === 0) {
    const stale = staleGeneratedFiles(await generateOperationTypes(apiSchemaSdl, operations));
    if (stale.length > 0) {
      failures.push(
        `the typed operations in ${relative(GENERATED_DIR)} (${stale.join(', ')}) are out of date with the API schema and schema/operations; run \`npm run codegen\`.`,
      );
    }
  }
  if (brokenServiceCenterOperations.length === 0) {
    const stale = staleGeneratedFiles(
      await generateServiceCenterOperationTypes(departmentSchemas, serviceCenterOperations),
      SERVICE_CENTER_GENERATED_DIR,
    );
    if (stale.length > 0) {
      failures.push(
        `the service-center's typed operations in ${relative(SERVICE_CENTER_GENERATED_DIR)} (${stale.join(', ')}) are out of date with the department schemas and the service-center's operations; run \`npm run codegen\`.`,
      );
    }
  }
} else {
  writeFileSync(SUPERGRAPH_FILE, result.supergraphSdl);
  writeFileSync(API_SCHEMA_FILE, apiSchemaSdl);
  for (const [file, text] of contractDocuments) writeFileSync(file, text);
  console.log(
    `Wrote ${relative(SUPERGRAPH_FILE)} and ${relative(API_SCHEMA_FILE)} from ${config.subgraphs.length} subgraphs, ` +
      `and the OpenAPI documents of ${contractDocuments.length} department contracts.`,
  );
}

if (failures.length > 0) {
  console.error(`The schema check failed with ${failures.length} problem(s):`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exit(1);
}
if (check) {
  console.log(
    `Composition OK: ${config.subgraphs.length} subgraphs; the supergraph, the API schema, the typed ` +
      `operations and ${contractDocuments.length} department contract documents are up to date; ` +
      `${operations.length} operations hold against the API schema and the service-center's ` +
      `${serviceCenterOperations.length} against the department subgraph schemas.`,
  );
}
