/**
 * The example operations of `schema/operations/`, read as the explorer reads them
 * (`gateway/explorer/examples.ts`): `<Name>.graphql`, its `<Name>.variables.json` and the identity its
 * first line names (`# identity: …`), for the tests that run every one.
 */
import type { ExampleOperation } from '../../gateway/explorer/contract.ts';
import { DEFAULT_OPERATIONS_DIR, readExampleOperations } from '../../gateway/explorer/examples.ts';

export type { ExampleOperation };

/** The folder of example operations. */
export const OPERATIONS_DIR = DEFAULT_OPERATIONS_DIR;

/** True when the operation is a mutation. */
export function isMutation(operation: ExampleOperation): boolean {
  return /^\s*mutation\b/m.test(operation.query.replace(/^#.*$/gm, ''));
}

/** True when the operation is a subscription (answered as a multipart stream, not a JSON body). */
export function isSubscription(operation: ExampleOperation): boolean {
  return /^\s*subscription\b/m.test(operation.query.replace(/^#.*$/gm, ''));
}

/** True when the example runs against the seed as it is: no `# needs:` line, and not a subscription. */
export function runsOnTheSeed(operation: ExampleOperation): boolean {
  return !operation.needs && !isSubscription(operation);
}

/** Every example operation: mutations first, then queries, each group by name. */
export function exampleOperations(): ExampleOperation[] {
  return readExampleOperations(OPERATIONS_DIR).sort((a, b) => Number(isMutation(b)) - Number(isMutation(a)));
}
