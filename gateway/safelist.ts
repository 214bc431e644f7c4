/**
 * The persisted-operation safelist: with it on, the gateway runs only the operations in a folder of
 * `.graphql` files (the clients' registered operations, e.g. `schema/operations/`) and refuses any
 * other document. A client may send the full text or just its SHA-256 hash (Apollo's automatic
 * persisted-query protocol, `extensions.persistedQuery.sha256Hash`): the safelisted documents are
 * preloaded under their hashes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from './context.ts';

/** The operations of a folder, by the SHA-256 hash of their exact text. */
export function readSafelist(dir: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.graphql'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    operations.set(createHash('sha256').update(text).digest('hex'), text);
  }
  if (operations.size === 0) throw new Error(`the safelist folder ${dir} holds no .graphql operations`);
  return operations;
}

/** Whether `text` is on the safelist (the subscriptions' check; queries are checked by {@link useSafelist}). */
export function isSafelisted(operations: Map<string, string>, text: string): boolean {
  return operations.has(createHash('sha256').update(text).digest('hex'));
}

/** A persisted-query cache that answers the safelisted documents and nothing else. */
export function safelistCache(operations: Map<string, string>): KeyValueCache<string> {
  return {
    get: async (key) => operations.get(key.replace(/^apq:/, '')),
    set: async () => {},
    delete: async () => {},
  };
}

/**
 * Refuses any operation whose text is not on the safelist: `PERSISTED_QUERY_NOT_IN_SAFELIST`. With
 * `allowIntrospection` (development, where the explorer reads the schema) a query that asks only about
 * the schema passes too; in production introspection is off anyway.
 */
export function useSafelist(
  operations: Map<string, string>,
  options: { allowIntrospection?: boolean } = {},
): ApolloServerPlugin<GatewayContext> {
  const allowed = new Set(operations.keys());
  return {
    async requestDidStart() {
      return {
        // Checked once the operation is resolved: an error thrown here is answered as the client's error.
        async didResolveOperation({ source, operation, contextValue }) {
          if (options.allowIntrospection && isIntrospection(operation)) return;
          // A subscription's reads: its own document was checked when it started.
          if (contextValue.rereadFor === 'subscription') return;
          const hash = createHash('sha256').update(source).digest('hex');
          if (!allowed.has(hash)) {
            throw new GraphQLError('this operation is not on the safelist of registered operations', {
              extensions: { code: 'PERSISTED_QUERY_NOT_IN_SAFELIST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** True for a query that asks only about the schema (`__schema`, `__type`): no data of anyone. */
function isIntrospection(operation: OperationDefinitionNode | undefined): boolean {
  return (
    operation?.operation === 'query' &&
    operation.selectionSet.selections.every(
      (selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'),
    )
  );
}
