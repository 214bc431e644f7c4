/**
 * The system's topology: which subgraphs make up the graph, where each SDL file lies and where the
 * gateway routes to by default — read from rover.yaml (rover's supergraph-config format), the one list
 * of departments. `startSystem`, the service-center's `main.ts` and public security's event relay read
 * it at run time; the tools in `scripts/` use it too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SERVICE_CENTER, servicesOf } from '../lib/auth/services.ts';

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

/** The port a department system listens on by default: its subgraph's port + 100 (4003 → 4103). */
export function defaultDepartmentSystemPort(subgraph: SubgraphEntry): number {
  return Number(new URL(subgraph.routingUrl).port) + 100;
}

/**
 * Every service of the deployment rover.yaml describes, by service name: the gateway, each subgraph,
 * and the system of each department (every subgraph but the service-center, which has none).
 */
export function deploymentServices(config: SupergraphConfig = readSupergraphConfig()): string[] {
  const subgraphs = config.subgraphs.map((subgraph) => subgraph.name);
  return servicesOf(
    subgraphs,
    subgraphs.filter((name) => name !== SERVICE_CENTER),
  );
}
