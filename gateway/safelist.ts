/**
 * The persisted-document safelist: with it on, the gateway runs only the documents its clients were
 * built with, as `npm run codegen` lists them in a folder (`schema/operations/generated/`):
 *
 * - `persisted-query-manifest.json`, Apollo's persisted-query manifest (`apollo-persisted-query-manifest`,
 *   version 1): each operation's body exactly as Apollo Client sends it (`__typename` added), under
 *   its id, the SHA-256 of the body;
 * - `persisted-documents.json`, GraphQL Code Generator's client-preset map: the SHA-256 of each
 *   printed document → the document.
 *
 * A client sends a listed document by its id — `extensions.persistedQuery.sha256Hash` (Apollo's
 * protocol, what Apollo Client's `PersistedQueryLink`, urql's `persistedExchange` and the client
 * preset's examples send) or `documentId` (GraphQL over HTTP's persisted documents, see
 * `persistedRequest.ts`) — or in full: a text is listed when it prints (graphql's `print(parse(…))`,
 * so comments and layout do not count) like a listed document, with or without the `__typename`
 * fields Apollo Client adds. Anything else is refused with `PERSISTED_QUERY_NOT_IN_SAFELIST`, an
 * unknown id with `PERSISTED_QUERY_NOT_FOUND`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse, print, visit } from 'graphql';
import { z } from 'zod';
import { localizedError } from '../lib/i18n/errors.ts';
import type { GatewayContext } from './context.ts';

/** Apollo's persisted-query manifest, as `npm run codegen` writes it beside the typed operations. */
export const APOLLO_MANIFEST_FILE = 'persisted-query-manifest.json';

/** GraphQL Code Generator's client-preset persisted documents (hash → document). */
export const CODEGEN_DOCUMENTS_FILE = 'persisted-documents.json';

/** A document the safelist holds, under the id clients send for it. */
export interface ListedDocument {
  /** The SHA-256 (hex) of `body`. */
  id: string;
  /** The text the gateway runs when the client sends only the id. */
  body: string;
  /** Which file listed it. */
  source: typeof APOLLO_MANIFEST_FILE | typeof CODEGEN_DOCUMENTS_FILE;
}

/** The documents the gateway runs, by id, and the printed forms a full text is compared by. */
export interface Safelist {
  /** Every listed document by its id (SHA-256 of its body). */
  byId: ReadonlyMap<string, ListedDocument>;
  /** The normal form ({@link normalForm}) of every listed document. */
  normalForms: ReadonlySet<string>;
}

const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

const codegenDocuments = z.record(z.string(), z.string());

/**
 * The form two texts of the same document share: parsed, every unaliased `__typename` field removed
 * (Apollo Client adds them; a document lists them or not), printed by graphql's `print`, so comments,
 * commas and layout do not count.
 */
export function normalForm(document: DocumentNode): string {
  return print(
    visit(document, {
      Field(field) {
        const added = field.name.value === '__typename' && !field.alias && !field.directives?.length;
        return added ? null : undefined;
      },
    }),
  );
}

/** Reads one of the listing files, failing with the file and the reason when it is not one. */
function readListing<T>(file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`the safelist file ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the safelist file ${file} is not in its format at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/**
 * Reads the safelist from a folder holding `persisted-query-manifest.json`,
 * `persisted-documents.json` or both (`npm run codegen` writes both into
 * `schema/operations/generated/`). Fails, naming the file and the entry, on a folder holding neither,
 * a file not in its format, a document that does not parse, or an id that is not the SHA-256 of its
 * document (a client-preset file generated with another `hashAlgorithm`, or edited by hand).
 */
export function readSafelist(dir: string): Safelist {
  const entries: ListedDocument[] = [];
  const manifest = path.join(dir, APOLLO_MANIFEST_FILE);
  if (existsSync(manifest)) {
    for (const operation of readListing(manifest, apolloManifest).operations) {
      entries.push({ id: operation.id, body: operation.body, source: APOLLO_MANIFEST_FILE });
    }
  }
  const documents = path.join(dir, CODEGEN_DOCUMENTS_FILE);
  if (existsSync(documents)) {
    for (const [id, body] of Object.entries(readListing(documents, codegenDocuments))) {
      entries.push({ id, body, source: CODEGEN_DOCUMENTS_FILE });
    }
  }
  if (entries.length === 0) {
    const hasOperations = existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.graphql'));
    throw new Error(
      `the safelist folder ${dir} holds no ${APOLLO_MANIFEST_FILE} or ${CODEGEN_DOCUMENTS_FILE} with operations` +
        (hasOperations
          ? '; it holds .graphql operations: run `npm run codegen` and point GATEWAY_SAFELIST_DIR at schema/operations/generated'
          : ''),
    );
  }
  const byId = new Map<string, ListedDocument>();
  const normalForms = new Set<string>();
  for (const entry of entries) {
    const where = `${entry.source} (${entry.id})`;
    if (createHash('sha256').update(entry.body).digest('hex') !== entry.id) {
      throw new Error(`the safelist entry ${where} is not the SHA-256 of its document`);
    }
    let document: DocumentNode;
    try {
      document = parse(entry.body);
    } catch (error) {
      throw new Error(`the safelist entry ${where} does not parse: ${(error as Error).message}`);
    }
    byId.set(entry.id, entry);
    normalForms.add(normalForm(document));
  }
  return { byId, normalForms };
}

/**
 * Whether a document the gateway runs outside Apollo Server (a subscription, `subscriptions/`) is
 * listed: its text exactly, or its normal form.
 */
export function isSafelisted(safelist: Safelist, text: string, document: DocumentNode): boolean {
  return (
    [...safelist.byId.values()].some((entry) => entry.body === text) ||
    safelist.normalForms.has(normalForm(document))
  );
}

/**
 * The request body with the listed document's text in `query` when it names one by hash alone
 * (`extensions.persistedQuery.sha256Hash`), as Apollo Server would fill it in; else the body as sent.
 */
export function withListedText(safelist: Safelist, body: unknown): unknown {
  if (!body || typeof body !== 'object' || 'query' in body) return body;
  const persisted = (body as { extensions?: { persistedQuery?: { sha256Hash?: unknown } } }).extensions
    ?.persistedQuery;
  const listed =
    typeof persisted?.sha256Hash === 'string' ? safelist.byId.get(persisted.sha256Hash) : undefined;
  return listed ? { ...body, query: listed.body } : body;
}

/** A persisted-query cache that answers the listed documents by id and learns nothing. */
export function safelistCache(safelist: Safelist): KeyValueCache<string> {
  return {
    // Apollo Server prefixes the hash with `apq:`.
    get: async (key) => safelist.byId.get(key.replace(/^apq:/, ''))?.body,
    set: async () => {},
    delete: async () => {},
  };
}

/**
 * Refuses any operation whose document is not listed: `PERSISTED_QUERY_NOT_IN_SAFELIST` (HTTP 400).
 * With `allowIntrospection` (development, where the explorer reads the schema) a query that asks only
 * about the schema passes too; in production introspection is off anyway.
 */
export function useSafelist(
  safelist: Safelist,
  options: { allowIntrospection?: boolean } = {},
): ApolloServerPlugin<GatewayContext> {
  const bodies = new Set([...safelist.byId.values()].map((entry) => entry.body));
  return {
    async requestDidStart() {
      return {
        // Checked once the operation is resolved: an error thrown here is answered as the client's error.
        async didResolveOperation({ source, document, operation, contextValue }) {
          if (bodies.has(source)) return;
          // A subscription's reads: its own document was checked when it started.
          if (contextValue.rereadFor === 'subscription') return;
          if (options.allowIntrospection && isIntrospection(operation)) return;
          if (!safelist.normalForms.has(normalForm(document))) {
            throw localizedError('gateway.notSafelisted', undefined, {
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
