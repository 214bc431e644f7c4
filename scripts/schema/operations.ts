/**
 * The client operations of `schema/operations/`: every `<Name>.graphql` there is an operation clients
 * of the graph send. They are the contract a schema change must keep: they are validated against the
 * API schema, and typed by `npm run codegen`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, type GraphQLSchema, parse, Source, validate } from 'graphql';
import { ROOT } from '../../system/topology.ts';

/** The folder of client operations. */
export const OPERATIONS_DIR = path.join(ROOT, 'schema', 'operations');

/** One client operation file. */
export interface ClientOperation {
  /** The file's name without `.graphql`, which is also the operation's name. */
  name: string;
  /** Absolute path of the file. */
  file: string;
  /** The file's text, comments (such as the `# identity:` line) included. */
  source: string;
}

/** Every `*.graphql` file of `dir` (not its sub-folders), by name. */
export function readClientOperations(dir = OPERATIONS_DIR): ClientOperation[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => entry.name)
    .sort()
    .map((fileName) => {
      const file = path.join(dir, fileName);
      return { name: path.basename(fileName, '.graphql'), file, source: readFileSync(file, 'utf8') };
    });
}

/** An operation that does not hold against a schema, and why. */
export interface OperationProblem {
  /** The operation's name. */
  operation: string;
  /** graphql-js's messages, each with its line and column in the file. */
  messages: string[];
}

/** Parses an operation, naming its file in syntax errors. */
export function parseOperation(operation: ClientOperation): DocumentNode {
  return parse(new Source(operation.source, path.relative(ROOT, operation.file)));
}

/**
 * The operations that do not parse or do not validate against `schema` (a field that was removed or
 * hidden, an argument whose type changed, …); empty when every operation holds.
 */
export function invalidOperations(schema: GraphQLSchema, operations: ClientOperation[]): OperationProblem[] {
  return operations.flatMap((operation): OperationProblem[] => {
    let document: DocumentNode;
    try {
      document = parseOperation(operation);
    } catch (error) {
      return [{ operation: operation.name, messages: [(error as Error).message] }];
    }
    const errors = validate(schema, document);
    if (errors.length === 0) return [];
    return [
      { operation: operation.name, messages: errors.map((error) => located(error.message, error.locations)) },
    ];
  });
}

function located(message: string, locations: readonly { line: number; column: number }[] | undefined) {
  const [first] = locations ?? [];
  return first ? `${message} (line ${first.line}, column ${first.column})` : message;
}
