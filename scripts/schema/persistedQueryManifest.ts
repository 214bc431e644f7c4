/**
 * Apollo's persisted-query manifest of the client operations (`apollo-persisted-query-manifest`,
 * version 1): for each operation the body exactly as Apollo Client sends it — after its default
 * document transform has added `__typename` to every selection set but the root — and its id, the
 * SHA-256 of that body. This is what `@apollo/generate-persisted-query-manifest` writes: it too sends
 * each operation through an `ApolloClient` whose link keeps what arrives,
 * `print(sortTopLevelDefinitions(operation.query))`, hashed with SHA-256, operations sorted by name.
 * A client sends the id (`extensions.persistedQuery.sha256Hash`) with `PersistedQueryLink` and
 * `generatePersistedQueryIdsFromManifest` (`@apollo/persisted-query-lists`), or its own
 * `generateHash` reading the manifest.
 */
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { createFragmentRegistry } from '@apollo/client/cache';
import { type DocumentNode, Kind, type OperationDefinitionNode, print } from 'graphql';
import { Observable } from 'rxjs';
import { type ClientOperation, parseOperation } from './operations.ts';

/** The manifest's file name in the generated folder, as Apollo's generator names it. */
export const PERSISTED_QUERY_MANIFEST_FILE = 'persisted-query-manifest.json';

/** One operation of the manifest. */
export interface PersistedQueryManifestOperation {
  /** SHA-256 (hex) of `body`: the id a client sends. */
  id: string;
  /** The operation's name. */
  name: string;
  /** `query`, `mutation` or `subscription`. */
  type: OperationDefinitionNode['operation'];
  /** The document as Apollo Client sends it: printed, `__typename` added, fragments after the operation. */
  body: string;
}

/** Apollo's persisted-query manifest, version 1. */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedQueryManifestOperation[];
}

/**
 * Orders a document's definitions as Apollo's persisted-query tooling does (`sortTopLevelDefinitions`
 * of `@apollo/persisted-query-lists`): operations before fragments, each kind by name.
 */
function sortTopLevelDefinitions(document: DocumentNode): DocumentNode {
  const nameOf = (definition: DocumentNode['definitions'][number]) =>
    definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION
      ? (definition.name?.value ?? '')
      : '';
  const definitions = [...document.definitions].sort((a, b) => {
    // A reverse sort by kind puts OperationDefinition before FragmentDefinition.
    if (a.kind !== b.kind) return a.kind > b.kind ? -1 : 1;
    const [aName, bName] = [nameOf(a), nameOf(b)];
    return aName < bName ? -1 : aName > bName ? 1 : 0;
  });
  return { ...document, definitions };
}

/**
 * Builds the manifest by sending every operation through Apollo Client (the installed
 * `@apollo/client`, with its default `InMemoryCache`) to a link that records the document and answers
 * nothing. Fails when two operations share a name, an operation has none, or a file holds more than one.
 */
export async function persistedQueryManifest(operations: ClientOperation[]): Promise<PersistedQueryManifest> {
  const documents = operations.map((operation) => ({ operation, document: parseOperation(operation) }));
  const byName = new Map<string, OperationDefinitionNode>();
  for (const { operation, document } of documents) {
    const definitions = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const [definition] = definitions;
    if (definitions.length !== 1 || !definition?.name) {
      throw new Error(`${operation.file} must hold exactly one named operation`);
    }
    if (byName.has(definition.name.value)) {
      throw new Error(`two operations are named ${definition.name.value}`);
    }
    byName.set(definition.name.value, definition);
  }
  const sent: PersistedQueryManifestOperation[] = [];
  const client = new ApolloClient({
    // Fragments are found wherever they are defined, as a client's fragment registry would.
    cache: new InMemoryCache({ fragments: createFragmentRegistry(...documents.map((d) => d.document)) }),
    link: new ApolloLink((operation) => {
      const body = print(sortTopLevelDefinitions(operation.query));
      const definition = operation.query.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      sent.push({
        id: createHash('sha256').update(body).digest('hex'),
        name: operation.operationName ?? '',
        type: definition?.operation ?? ('query' as OperationDefinitionNode['operation']),
        body,
      });
      return new Observable((observer) => {
        observer.next({ data: null });
        observer.complete();
      });
    }),
  });
  for (const [name, definition] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition] };
    const before = sent.length;
    // The answer is empty and does not matter: only what reached the link does.
    if (definition.operation === 'mutation') {
      await client.mutate({ mutation: document, fetchPolicy: 'no-cache' }).catch(() => undefined);
    } else if (definition.operation === 'query') {
      await client.query({ query: document, fetchPolicy: 'no-cache' }).catch(() => undefined);
    } else {
      await new Promise<void>((resolve) => {
        client.subscribe({ query: document, fetchPolicy: 'no-cache' }).subscribe({
          next: () => {},
          error: () => resolve(),
          complete: () => resolve(),
        });
      });
    }
    if (sent.length !== before + 1) throw new Error(`Apollo Client did not send ${name}`);
  }
  client.stop();
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: sent };
}
