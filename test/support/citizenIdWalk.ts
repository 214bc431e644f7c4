/**
 * Walks the API schema for every field that can give a citizen ID: each path of fields from a root
 * field to a `CitizenId` leaf, through the `Person`s the graph links (a spouse, a household's members,
 * a birth record's parents, …) up to a bounded number of hops. The paths become operations that fit
 * the gateway's limits, so a test can ask the whole graph, as a reader, for every ID it could reach.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { measureOperation } from '../../lib/graphql/operationCost.ts';
import { DEFAULT_OPERATION_LIMITS } from '../../lib/graphql/operationLimits.ts';

/** The API schema clients see, as `npm run compose` wrote it. */
export function readApiSchema(): GraphQLSchema {
  return buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
}

/** How far {@link citizenIdPaths} walks. */
export interface WalkBounds {
  /** Most `Person`-typed fields on one path below the root (a spouse's household's members is 2). */
  personHops: number;
  /** Most fields on one path below the root field, the leaf included: the gateway limits depth to 12. */
  maxFields: number;
}

/** The object types from which some path of fields (without required arguments) reaches a `CitizenId`. */
function typesReachingCitizenId(schema: GraphQLSchema): Set<string> {
  const reaching = new Set<string>();
  const objects = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const type of objects) {
      if (reaching.has(type.name)) continue;
      const reaches = walkableFields(type).some(
        ({ named }) => named.name === 'CitizenId' || reaching.has(named.name),
      );
      if (reaches) {
        reaching.add(type.name);
        grew = true;
      }
    }
  }
  return reaching;
}

/** The fields of `type` a walk may ask for: those without a required argument. */
function walkableFields(type: GraphQLObjectType) {
  return Object.values(type.getFields())
    .filter(
      (field) =>
        !field.args.some((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined),
    )
    .map((field) => ({ name: field.name, named: getNamedType(field.type) as GraphQLNamedType }));
}

/**
 * Every path of field names from an object of type `from` to a `CitizenId` leaf, within `bounds`.
 * Between two `Person` hops no type repeats, so a cycle such as a birth record's certificate's birth
 * record ends; abstract types are not walked (the API schema has none that reach a person).
 */
export function citizenIdPaths(
  schema: GraphQLSchema,
  from: GraphQLObjectType,
  bounds: WalkBounds,
): string[][] {
  const reaching = typesReachingCitizenId(schema);
  const paths: string[][] = [];
  const walk = (type: GraphQLObjectType, path: string[], hops: number, seen: Set<string>) => {
    for (const { name, named } of walkableFields(type)) {
      if (named.name === 'CitizenId') {
        paths.push([...path, name]);
        continue;
      }
      if (!isObjectType(named) || !reaching.has(named.name) || path.length + 2 > bounds.maxFields) continue;
      if (named.name === 'Person') {
        if (hops < bounds.personHops) walk(named, [...path, name], hops + 1, new Set(['Person']));
      } else if (!seen.has(named.name)) {
        walk(named, [...path, name], hops, new Set([...seen, named.name]));
      }
    }
  };
  walk(from, [], 0, new Set([from.name]));
  return paths;
}

/** Field paths merged into a selection tree. */
type Tree = Map<string, Tree>;

function treeOf(paths: readonly string[][]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    let node = root;
    for (const field of path) {
      let child = node.get(field);
      if (!child) {
        child = new Map();
        node.set(field, child);
      }
      node = child;
    }
  }
  return root;
}

function selectionOf(tree: Tree): string {
  return [...tree]
    .map(([field, below]) => (below.size > 0 ? `${field} { ${selectionOf(below)} }` : field))
    .join(' ');
}

/** A root field of an operation: how it is called and the variables it is called with. */
export interface WalkRoot {
  /** The operation's variable definitions, e.g. `$me: CitizenId!`. */
  variableDefinitions: string;
  /** The root field as called, e.g. `person(citizenId: $me)`. */
  field: string;
  variables: Record<string, unknown>;
}

/** One operation of a walk: the paths of `tree`, under the fields of `prefix`, below the root field. */
export class WalkOperation {
  constructor(
    readonly root: WalkRoot,
    private readonly prefix: readonly string[],
    private readonly tree: Tree,
  ) {}

  /** The operation's document. */
  get document(): string {
    let selection = selectionOf(this.tree);
    for (const field of [...this.prefix].reverse()) selection = `${field} { ${selection} }`;
    return `query MaskingWalk(${this.root.variableDefinitions}) { ${this.root.field} { ${selection} } }`;
  }

  /** Its cost as the gateway prices it. */
  get cost(): number {
    const parsed = parse(this.document);
    const operation = parsed.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation) throw new Error('a walk document without its operation');
    return measureOperation(parsed, operation, this.root.variables).cost;
  }

  /**
   * The same paths in smaller operations — the leaves here together, each deeper field alone — or
   * none when it asks for one path only. A refused non-null field nulls its parents up to the nearest
   * nullable one, hiding what they held: such an answer is asked again, split, until nothing hides.
   */
  split(): WalkOperation[] {
    const leaves: Tree = new Map([...this.tree].filter(([, below]) => below.size === 0));
    const deeper = [...this.tree].filter(([, below]) => below.size > 0);
    if (deeper.length === 0) {
      return leaves.size > 1
        ? [...leaves].map(
            ([field]) => new WalkOperation(this.root, this.prefix, new Map([[field, new Map()]])),
          )
        : [];
    }
    return [
      ...(leaves.size > 0 ? [new WalkOperation(this.root, this.prefix, leaves)] : []),
      ...deeper.map(([field, below]) => new WalkOperation(this.root, [...this.prefix, field], below)),
    ];
  }
}

/**
 * Operations asking, below `root`, for every path of `paths`: as few as fit the gateway's cost limit
 * (with a margin), each a subtree of the merged paths under a shared prefix.
 */
export function operationsFor(root: WalkRoot, paths: readonly string[][]): WalkOperation[] {
  const maxCost = DEFAULT_OPERATION_LIMITS.maxCost * 0.8;
  const fitting = (operation: WalkOperation): WalkOperation[] =>
    operation.cost <= maxCost ? [operation] : operation.split().flatMap(fitting);
  return fitting(new WalkOperation(root, [], treeOf(paths)));
}
