/**
 * `npm run codegen`: writes the typed client operations of `schema/operations/generated/` from the
 * committed API schema (`schema/api.graphql`, written by `npm run compose`) and `schema/operations/*.graphql`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../system/topology.ts';
import { API_SCHEMA_FILE } from './schema/apiSchema.ts';
import { GENERATED_DIR, generateOperationTypes, writeGeneratedFiles } from './schema/codegen.ts';
import { readClientOperations } from './schema/operations.ts';

try {
  const operations = readClientOperations();
  const files = await generateOperationTypes(readFileSync(API_SCHEMA_FILE, 'utf8'), operations);
  writeGeneratedFiles(files);
  console.log(
    `Wrote ${files.map((file) => file.name).join(', ')} in ${path.relative(ROOT, GENERATED_DIR)} ` +
      `from ${operations.length} operations.`,
  );
} catch (error) {
  console.error(`Code generation failed: ${(error as Error).message}`);
  process.exit(1);
}
