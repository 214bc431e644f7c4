/**
 * The API schema: what clients of the gateway see. It is the supergraph without federation's
 * machinery (`join__*`, `link__*`, `_entities`, `_service`) and without anything marked
 * `@inaccessible` — the schema frontend teams read and generate their types from.
 */
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema, printSchema } from 'graphql';
import { ROOT } from '../../system/topology.ts';

/** The committed API schema, written by `npm run compose` beside the supergraph. */
export const API_SCHEMA_FILE = path.join(ROOT, 'schema', 'api.graphql');

/**
 * The API schema of a composed supergraph as SDL, with every description, in the order composition
 * gives (types by name), ending with one newline.
 */
export function printApiSchema(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(api).trimEnd()}\n`;
}

/** The API schema of a composed supergraph, as graphql-js validates operations against it. */
export function buildApiSchema(supergraphSdl: string): GraphQLSchema {
  return buildSchema(printApiSchema(supergraphSdl));
}
