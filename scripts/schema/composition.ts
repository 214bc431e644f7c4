/**
 * Composing the subgraph schemas rover.yaml lists into the supergraph: what `npm run compose` writes,
 * what `npm run check` tries a working copy against, and what the tests compare with the committed
 * file. A tool, not part of the running system: the gateway only reads the composed file.
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SupergraphConfig } from '../../system/topology.ts';

/** The outcome of a composition: the supergraph SDL, or the errors that prevented it. */
export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; errors: string[] };

/** A subgraph's schema as text, with the URL the gateway routes to. */
export interface SubgraphSchema {
  name: string;
  routingUrl: string;
  /** The subgraph's SDL. */
  sdl: string;
}

/**
 * Composes subgraph schemas given as text; a schema that does not parse is a composition error
 * naming its subgraph.
 */
export function composeSubgraphs(subgraphs: SubgraphSchema[]): CompositionOutcome {
  const services = [];
  for (const subgraph of subgraphs) {
    try {
      services.push({ name: subgraph.name, url: subgraph.routingUrl, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      return { ok: false, errors: [`[${subgraph.name}] ${(error as Error).message}`] };
    }
  }
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return {
    ok: true,
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    hints: result.hints.map((hint) => hint.toString()),
  };
}

/** The subgraphs of `config` with their SDL files read, or `overrides[name]` instead when given. */
export function readSubgraphSchemas(
  config: SupergraphConfig,
  overrides: Record<string, string> = {},
): SubgraphSchema[] {
  return config.subgraphs.map((subgraph) => ({
    name: subgraph.name,
    routingUrl: subgraph.routingUrl,
    sdl: overrides[subgraph.name] ?? readFileSync(subgraph.schemaFile, 'utf8'),
  }));
}

/**
 * Composes the subgraphs of `config`, reading each SDL file, or `overrides[name]` instead when given
 * (how a working copy is tried against the others).
 */
export function composeSupergraph(
  config: SupergraphConfig,
  overrides: Record<string, string> = {},
): CompositionOutcome {
  return composeSubgraphs(readSubgraphSchemas(config, overrides));
}
