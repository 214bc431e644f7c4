/**
 * The cost of an operation counted with its list arguments: a field asked for a list of IDs
 * (`people(citizenIds: $ids)`) is one look-up per ID, so its cost is its selection's cost times the
 * number of IDs, whether they are written in the document or sent as a variable. GraphQL Armor's cost
 * limit sees only the document and would price twenty aliases of `people` with one 500-ID variable
 * like twenty single look-ups; an Apollo Server plugin's `didResolveOperation` has the document and
 * the variables, so the limit is enforced there, before any resolver runs or any subgraph is asked.
 *
 * Costs are Armor's (objects 2, scalars 1, ×1.5 per level), so `*_MAX_COST` keeps its meaning for an
 * operation without list arguments; fragments add their fields at the level they are spread at.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { localizedError } from '../i18n/errors.ts';

/** What an operation asks of the servers. */
export interface OperationMeasure {
  /** Its estimated cost, each field's times the IDs it is asked for. */
  cost: number;
  /** The IDs (items of list arguments) it asks about in all, over every field and alias. */
  ids: number;
}

/** The limits enforced on a {@link OperationMeasure}. */
export interface OperationCostLimits {
  /** Highest estimated cost. */
  maxCost: number;
  /** Most IDs in list arguments, summed over the whole operation. */
  maxIds: number;
}

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_COST_FACTOR = 1.5;

/**
 * Federation's `_entities` is the query planner's, not a client's: its representations are one step
 * of a plan the gateway has already priced (the client's IDs counted there), so they multiply nothing.
 */
const UNCOUNTED_FIELDS = new Set(['_entities']);

/** Introspection is priced at nothing, as Armor's `ignoreIntrospection` does. */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** The number of items of an argument's value when it is a list, written or sent as a variable; else 0. */
function listLength(
  value: ValueNode,
  variables: Readonly<Record<string, unknown>>,
  defaults: ReadonlyMap<string, ValueNode>,
): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind !== Kind.VARIABLE) return 0;
  const name = value.name.value;
  if (name in variables) {
    const sent = variables[name];
    return Array.isArray(sent) ? sent.length : 0;
  }
  const fallback = defaults.get(name);
  return fallback?.kind === Kind.LIST ? fallback.values.length : 0;
}

/**
 * Measures `operation` of `document` with the request's `variables` (raw, as sent: they are coerced
 * only when the operation runs). A fragment spread twice is counted twice, as its fields are asked twice.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  let ids = 0;

  /** The cost of a selection set's fields; `times` is how many look-ups its parent field stands for. */
  const costOf = (selectionSet: SelectionSetNode, times: number, spreading: ReadonlySet<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += costOf(selection.selectionSet, times, spreading);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation refuses cycles before this runs; the guard keeps a bad document from looping.
        if (fragment && !spreading.has(name)) {
          cost += costOf(fragment.selectionSet, times, new Set([...spreading, name]));
        }
      } else if (!INTROSPECTION_FIELDS.has(selection.name.value)) {
        let asked = 0;
        if (!UNCOUNTED_FIELDS.has(selection.name.value)) {
          for (const argument of selection.arguments ?? []) {
            asked += listLength(argument.value, variables, defaults);
          }
        }
        // Each ID asked for under a parent asked for many IDs is a look-up for each of them.
        ids += asked * times;
        const multiplier = Math.max(asked, 1);
        const own = selection.selectionSet
          ? OBJECT_COST + DEPTH_COST_FACTOR * costOf(selection.selectionSet, times * multiplier, spreading)
          : SCALAR_COST;
        cost += multiplier * own;
      }
    }
    return cost;
  };

  const cost = costOf(operation.selectionSet, 1, new Set());
  return { cost: Math.round(cost * 100) / 100, ids };
}

/**
 * The refusal of an operation over a limit, or null within them: over the IDs cap `BAD_USER_INPUT`
 * (`reason: MAX_IDS_PER_OPERATION`), over the cost `GRAPHQL_VALIDATION_FAILED` (`reason: MAX_COST`,
 * as GraphQL Armor's other limits answer), both HTTP 400.
 */
export function operationRefusal(
  measure: OperationMeasure,
  limits: OperationCostLimits,
): GraphQLError | null {
  if (measure.ids > limits.maxIds) {
    return localizedError(
      'limits.maxIds',
      { found: measure.ids, limit: limits.maxIds },
      {
        extensions: {
          code: 'BAD_USER_INPUT',
          reason: 'MAX_IDS_PER_OPERATION',
          limit: limits.maxIds,
          found: measure.ids,
          http: { status: 400 },
        },
      },
    );
  }
  if (measure.cost > limits.maxCost) {
    return localizedError(
      'limits.maxCost',
      { limit: limits.maxCost, found: measure.cost },
      {
        extensions: {
          code: 'GRAPHQL_VALIDATION_FAILED',
          reason: 'MAX_COST',
          limit: limits.maxCost,
          found: measure.cost,
          http: { status: 400 },
        },
      },
    );
  }
  return null;
}

/**
 * Refuses, once the operation is resolved and before it runs, an operation over `limits` (see
 * {@link operationRefusal}). The plugin reads nothing of the context, so it serves a server of any
 * context type.
 */
export function useOperationCost<TContext extends BaseContext>(
  limits: OperationCostLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const refusal = operationRefusal(measureOperation(document, operation, request.variables), limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
