/**
 * The service-center's operations: what it sends to the department subgraphs, one operation per file
 * beside the errand that sends it, in a folder named after the department it is aimed at:
 *
 *   subgraphs/service-center/<module>/operations/<department>/<OperationName>.graphql
 *
 * (`newborn/operations/health/IssueBirthCertificate.graphql`; operations several errands share sit
 * beside their module, e.g. `operations/public-security/AccessGrants.graphql` for representations.ts).
 * The department is the folder's name, as in rover.yaml. Each file is checked against that
 * department's subgraph schema — `@inaccessible` acts and `_entities` included — and typed by
 * `npm run codegen`. Who sends an operation is not read from where its file is: each step and look-up
 * of an errand declares the operations it sends (`sends`), the service-center refuses to send any
 * other, and the checks read those declarations (`operationSenders`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DocumentNode, type GraphQLSchema, Kind, parse, Source, validate } from 'graphql';
import { operationSenders } from '../../subgraphs/service-center/errandCatalogue.ts';
import type { Sender } from '../../subgraphs/service-center/errands/definition.ts';
import { operationName } from '../../subgraphs/service-center/SubgraphClient.ts';
import { ROOT } from '../../system/topology.ts';

/** The service-center subgraph's folder. */
export const SERVICE_CENTER_DIR = path.join(ROOT, 'subgraphs', 'service-center');

/** The folder every operation file sits in, inside a folder named after its department. */
const OPERATIONS_FOLDER = 'operations';

/** One operation file of the service-center. */
export interface ServiceCenterOperation {
  /**
   * The department whose subgraph receives it: the name of the folder the file is in, under an
   * `operations/` folder; null for a file that is not where the rule puts it.
   */
  department: string | null;
  /** The file's name without `.graphql`, which must also be the operation's name. */
  name: string;
  /** Absolute path of the file. */
  file: string;
  /** The file's text. */
  source: string;
}

/** A service-center operation that breaks the layout rule, does not parse or does not validate. */
export interface ServiceCenterOperationProblem {
  /** The operation's (the file's) name. */
  operation: string;
  /** The file, relative to the repository root. */
  file: string;
  department: string | null;
  /** What is wrong: the rule broken, or graphql-js's messages with their line and column. */
  messages: string[];
}

/** Every `.graphql` file under `dir` (the service-center's folder), in path order. */
export function readServiceCenterOperations(dir = SERVICE_CENTER_DIR): ServiceCenterOperation[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.graphql') && !entry.split(path.sep).includes('node_modules'))
    .sort()
    .map((entry) => {
      const file = path.join(dir, entry);
      const folders = path.dirname(entry).split(path.sep);
      const inOperations = folders.length >= 2 && folders.at(-2) === OPERATIONS_FOLDER;
      return {
        department: inOperations ? (folders.at(-1) ?? null) : null,
        name: path.basename(entry, '.graphql'),
        file,
        source: readFileSync(file, 'utf8'),
      };
    });
}

/** The file as the messages name it: relative to the repository root. */
export function relativeFile(operation: ServiceCenterOperation): string {
  return path.relative(ROOT, operation.file).split(path.sep).join('/');
}

/** Parses an operation file, naming the file in syntax errors. */
export function parseServiceCenterOperation(operation: ServiceCenterOperation): DocumentNode {
  return parse(new Source(operation.source, relativeFile(operation)));
}

/**
 * What is wrong with each operation: its place (`operations/<department>/`, a department that has a
 * subgraph in `schemas`), its shape (one operation, named as its file, the only one of that name)
 * and whether it validates against its department's subgraph schema. Empty when all hold.
 *
 * @param schemas - the subgraph schema of each department operations may be aimed at
 */
export function serviceCenterOperationProblems(
  operations: ServiceCenterOperation[],
  schemas: ReadonlyMap<string, GraphQLSchema>,
): ServiceCenterOperationProblem[] {
  const names = new Map<string, number>();
  for (const operation of operations) names.set(operation.name, (names.get(operation.name) ?? 0) + 1);
  return operations.flatMap((operation): ServiceCenterOperationProblem[] => {
    const messages = problemsOf(operation, schemas, (names.get(operation.name) ?? 0) > 1);
    return messages.length === 0
      ? []
      : [
          {
            operation: operation.name,
            file: relativeFile(operation),
            department: operation.department,
            messages,
          },
        ];
  });
}

function problemsOf(
  operation: ServiceCenterOperation,
  schemas: ReadonlyMap<string, GraphQLSchema>,
  duplicate: boolean,
): string[] {
  if (operation.department === null) {
    return [
      `a service-center operation lives in <module>/${OPERATIONS_FOLDER}/<department>/<OperationName>.graphql, the department as in rover.yaml`,
    ];
  }
  const schema = schemas.get(operation.department);
  if (!schema) return [`no department subgraph is named "${operation.department}" (its folder's name)`];
  let document: DocumentNode;
  try {
    document = parseServiceCenterOperation(operation);
  } catch (error) {
    return [(error as Error).message];
  }
  const messages: string[] = [];
  const [definition, ...others] = document.definitions;
  if (definition?.kind !== Kind.OPERATION_DEFINITION || others.length > 0) {
    messages.push('a service-center operation file holds exactly one operation and nothing else');
  } else if (definition.name?.value !== operation.name) {
    messages.push(
      `the operation is named ${definition.name ? `"${definition.name.value}"` : 'nothing'}; it must be named as its file, "${operation.name}"`,
    );
  }
  if (duplicate) messages.push(`another service-center operation is also named "${operation.name}"`);
  for (const error of validate(schema, document)) {
    const [first] = error.locations ?? [];
    messages.push(first ? `${error.message} (line ${first.line}, column ${first.column})` : error.message);
  }
  return messages;
}

/** Who sends each operation, by operation name, as the errands' steps and look-ups declare it. */
export function sendersByOperation(senders: Sender[] = operationSenders()): Map<string, Sender[]> {
  const byOperation = new Map<string, Sender[]>();
  for (const sender of senders) {
    for (const document of sender.sends) {
      const name = operationName(document);
      byOperation.set(name, [...(byOperation.get(name) ?? []), sender]);
    }
  }
  return byOperation;
}

/** The operation files no step or look-up declares it sends: never sent, or sent undeclared. */
export function undeclaredOperations(
  operations: ServiceCenterOperation[],
  senders: ReadonlyMap<string, Sender[]>,
): ServiceCenterOperationProblem[] {
  return operations
    .filter((operation) => !senders.has(operation.name))
    .map((operation) => ({
      operation: operation.name,
      file: relativeFile(operation),
      department: operation.department,
      messages: [
        'no step or look-up of an errand declares it in its `sends`: declare it where it is sent, or remove the file',
      ],
    }));
}
