/**
 * Where each subscription of the supergraph is served from, read from the supergraph itself, so a
 * subgraph that adds a subscription needs nothing of the gateway: the subgraph that owns the
 * `Subscription` field (its `@join__field`, else the type's `@join__type`) sends the events, and each
 * event is answered by reading again through the query field that returns the same type with the same
 * arguments (`applicationProgress(id: ID!): Application!` → `application(id: ID!): Application`), so
 * the client may select any field of the graph and every read is authorised as a query is.
 */
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  Kind,
  parse,
} from 'graphql';

/** How one subscription field is served. */
export interface SubscriptionRoute {
  /** The subgraph whose events it follows, by its name (rover.yaml's). */
  subgraph: string;
  /** The query field each event is read again through. */
  rereadField: string;
}

function argumentOf(directive: ConstDirectiveNode, name: string): string | undefined {
  const argument = directive.arguments?.find((each) => each.name.value === name);
  return argument && (argument.value.kind === Kind.ENUM || argument.value.kind === Kind.STRING)
    ? argument.value.value
    : undefined;
}

/** The subgraph names of the supergraph's `join__Graph` values. */
function graphNames(supergraph: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      const name = graph && argumentOf(graph, 'name');
      if (name) names.set(value.name.value, name);
    }
  }
  return names;
}

/** The one query field of `schema` returning `field`'s type with the same argument names and types. */
function rereadFieldFor(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): string | undefined {
  const signature = (each: GraphQLField<unknown, unknown>) =>
    each.args
      .map((argument) => `${argument.name}:${argument.type}`)
      .sort()
      .join(',');
  const candidates = Object.values(schema.getQueryType()?.getFields() ?? {}).filter(
    (each) => getNamedType(each.type) === getNamedType(field.type) && signature(each) === signature(field),
  );
  return candidates.length === 1 ? candidates[0]?.name : undefined;
}

/**
 * Each subscription field of the supergraph with where it is served from. A field without a single
 * owning subgraph or a matching query field is left out (and refused when asked for), named in
 * `unserved`.
 */
export function subscriptionRoutes(
  supergraphSdl: string,
  apiSchema: GraphQLSchema,
): { routes: Map<string, SubscriptionRoute>; unserved: string[] } {
  const routes = new Map<string, SubscriptionRoute>();
  const unserved: string[] = [];
  const subscriptionType = apiSchema.getSubscriptionType();
  if (!subscriptionType) return { routes, unserved };
  const supergraph = parse(supergraphSdl);
  const graphs = graphNames(supergraph);
  const definition = supergraph.definitions.find(
    (each) => each.kind === Kind.OBJECT_TYPE_DEFINITION && each.name.value === subscriptionType.name,
  );
  if (definition?.kind !== Kind.OBJECT_TYPE_DEFINITION) return { routes, unserved };
  const typeOwners = (definition.directives ?? [])
    .filter((directive) => directive.name.value === 'join__type')
    .map((directive) => argumentOf(directive, 'graph'));
  for (const field of Object.values(subscriptionType.getFields())) {
    const fieldNode = definition.fields?.find((each) => each.name.value === field.name);
    const fieldOwners = (fieldNode?.directives ?? [])
      .filter((directive) => directive.name.value === 'join__field')
      .map((directive) => argumentOf(directive, 'graph'));
    const owners = fieldOwners.length > 0 ? fieldOwners : typeOwners;
    const subgraph = owners.length === 1 && owners[0] ? graphs.get(owners[0]) : undefined;
    const rereadField = rereadFieldFor(apiSchema, field);
    if (subgraph && rereadField) routes.set(field.name, { subgraph, rereadField });
    else unserved.push(field.name);
  }
  return { routes, unserved };
}
