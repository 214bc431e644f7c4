/**
 * The example operations of `schema/operations/`: `<Name>.graphql` with `<Name>.variables.json`
 * beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of example operations. */
export const OPERATIONS_DIR = fileURLToPath(new URL('../../schema/operations', import.meta.url));

/** One example operation. */
export interface ExampleOperation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /**
   * Who must run it, from a first line `# identity: <identity>` (a citizen ID, `staff:<department>…`,
   * `hospital:<id>`); undefined for operations anyone may run.
   */
  identity: string | undefined;
}

/** The identity an operation's first line names, if any. */
export function identityLineOf(query: string): string | undefined {
  return /^#\s*identity:\s*(\S+)\s*$/m.exec(query.split('\n', 1)[0] ?? '')?.[1];
}

/** True when the operation is a mutation. */
export function isMutation(operation: ExampleOperation): boolean {
  return /^\s*mutation\b/m.test(operation.query.replace(/^#.*$/gm, ''));
}

/** Every example operation: mutations first, then queries, each group by name. */
export function exampleOperations(): ExampleOperation[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file): ExampleOperation => {
      const name = path.basename(file, '.graphql');
      const variablesFile = path.join(OPERATIONS_DIR, `${name}.variables.json`);
      const query = readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
      return {
        name,
        query,
        variables: existsSync(variablesFile) ? JSON.parse(readFileSync(variablesFile, 'utf8')) : {},
        identity: identityLineOf(query),
      };
    })
    .sort((a, b) => Number(isMutation(b)) - Number(isMutation(a)));
}
