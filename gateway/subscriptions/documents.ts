/**
 * The two documents the gateway derives from a client's subscription: the one it sends the owning
 * subgraph (the same field and arguments, selecting only `__typename`: the subgraph sends when, the
 * graph answers what) and the query it answers each event with (the same selection, through the query
 * field that returns the same type, under the subscription field's response name).
 */
import {
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  print,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

/** The subscription's one root field, when it is written as a field (not through a fragment). */
export function rootFieldOf(operation: OperationDefinitionNode): FieldNode | undefined {
  const [first, ...rest] = operation.selectionSet.selections;
  return rest.length === 0 && first?.kind === Kind.FIELD ? first : undefined;
}

/** The variables a node uses. */
function variablesUsedIn(node: FieldNode): Set<string> {
  const used = new Set<string>();
  visit(node, {
    Variable(variable) {
      used.add(variable.name.value);
    },
  });
  return used;
}

/** The subscription sent to the owning subgraph: `field(args) { __typename }` and the variables its arguments use. */
export function upstreamSubscription(operation: OperationDefinitionNode, field: FieldNode): string {
  const used = variablesUsedIn({ ...field, selectionSet: undefined });
  const variableDefinitions: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter(
    (definition) => used.has(definition.variable.name.value),
  );
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'subscription' as OperationDefinitionNode['operation'],
        name: operation.name,
        variableDefinitions,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: field.name,
              arguments: field.arguments,
              selectionSet: {
                kind: Kind.SELECTION_SET,
                selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
              },
            },
          ],
        },
      },
    ],
  };
  return print(document);
}

/**
 * The query answering each event: the client's document with its subscription turned into a query of
 * `rereadField`, aliased to the subscription field's response name so the answer has the shape the
 * client asked for. Fragments are kept.
 */
export function rereadQuery(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
  rereadField: string,
): string {
  const query: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          ...field,
          alias: field.alias ?? field.name,
          name: { kind: Kind.NAME, value: rereadField },
        },
      ],
    },
  };
  const definitions: DefinitionNode[] = document.definitions.flatMap((definition): DefinitionNode[] =>
    definition === operation ? [query] : definition.kind === Kind.FRAGMENT_DEFINITION ? [definition] : [],
  );
  return print({ kind: Kind.DOCUMENT, definitions });
}
