/**
 * Reading rover.yaml (rover's supergraph-config format) and composing the subgraph schemas it lists.
 * Shared by `npm run compose`, the start script and the tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The committed, composed supergraph. */
export const SUPERGRAPH_FILE = path.join(ROOT, 'schema', 'supergraph.graphql');

const roverConfig = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, 'subgraph names are lowercase words joined by dashes'),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string().min(1) }),
    }),
  ),
});

/** One subgraph of the supergraph config. */
export interface SubgraphEntry {
  /** The subgraph's name, which is also its folder under `subgraphs/` and `mocks/`. */
  name: string;
  /** The URL the gateway routes to by default. */
  routingUrl: string;
  /** Absolute path of its SDL file. */
  schemaFile: string;
}

/** The parsed rover.yaml. */
export interface SupergraphConfig {
  subgraphs: SubgraphEntry[];
}

/** Reads and checks rover.yaml; fails naming the field that is wrong. */
export function readSupergraphConfig(file = path.join(ROOT, 'rover.yaml')): SupergraphConfig {
  const parsed = roverConfig.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return {
    subgraphs: Object.entries(parsed.data.subgraphs).map(([name, entry]) => ({
      name,
      routingUrl: entry.routing_url,
      schemaFile: path.resolve(path.dirname(file), entry.schema.file),
    })),
  };
}

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
