/**
 * A department's schema as its subgraph serves it, not as the gateway shows it: the SDL of
 * `schema/<department>/<department>.graphql` built by @apollo/subgraph, so it has federation's additions
 * (`_entities`, `_Any`, `_service`) and every field and type marked `@inaccessible`. The
 * service-center sends its operations to the subgraphs directly, so this is the schema they must hold
 * against.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse, Source } from 'graphql';
import type { SubgraphSchema } from './composition.ts';

/** The subgraph that runs the errands; every other subgraph of rover.yaml is a department's. */
export const SERVICE_CENTER = 'service-center';

/**
 * Builds a department's subgraph schema from its SDL; `name` names the file in syntax errors.
 *
 * @throws GraphQLError when the SDL does not parse or is no valid subgraph schema
 */
export function buildDepartmentSubgraphSchema(sdl: string, name = 'subgraph'): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(new Source(sdl, `schema/${name}/${name}.graphql`)) });
}

/** The subgraph schema of every department among `subgraphs` (all but the service-center's), by name. */
export function departmentSubgraphSchemas(subgraphs: SubgraphSchema[]): Map<string, GraphQLSchema> {
  return new Map(
    subgraphs
      .filter((subgraph) => subgraph.name !== SERVICE_CENTER)
      .map((subgraph) => [subgraph.name, buildDepartmentSubgraphSchema(subgraph.sdl, subgraph.name)]),
  );
}
