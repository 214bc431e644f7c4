/**
 * What part of a schema an operation uses, as schema coordinates: the types it touches (`Person`),
 * the fields it selects (`Person.name`) and the arguments it passes (`Query.person.citizenId`). A
 * schema change at one of those coordinates is a change that operation's clients notice.
 */
import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** The schema coordinates an operation uses against `schema`. */
export function coordinatesUsedBy(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const recordType = (type: GraphQLNamedType | undefined) => {
    if (!type || used.has(type.name)) return;
    used.add(type.name);
    // A variable of an input type sends any of its fields: the whole input type is in use.
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) recordType(getNamedType(field.type));
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        recordType(schema.getRootType(node.operation) ?? undefined);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) recordType(getNamedType(type));
      },
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(`${parent.name}.${field.name}`);
        recordType(getNamedType(field.type));
      },
      Argument() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const argument = typeInfo.getArgument();
        if (!parent || !field || !argument) return;
        used.add(`${parent.name}.${field.name}.${argument.name}`);
        recordType(getNamedType(argument.type));
      },
      InlineFragment() {
        recordType(getNamedType(typeInfo.getType() ?? undefined));
      },
      FragmentDefinition() {
        recordType(getNamedType(typeInfo.getType() ?? undefined));
      },
    }),
  );
  return used;
}

/**
 * Whether a change at `path` (graphql-inspector's path of a change: `Type`, `Type.field`,
 * `Type.field.argument`, `Enum.VALUE`, `Input.field`) reaches an operation that uses `used` of `schema`
 * (the schema before the change).
 */
export function changeReaches(path: string, used: Set<string>, schema: GraphQLSchema): boolean {
  const [typeName, member] = path.split('.');
  if (!typeName) return false;
  if (member === undefined) return used.has(typeName);
  const type = schema.getType(typeName);
  // Input fields and enum values: a client that uses the type may send or receive any of them.
  if (!type || !('getFields' in type) || isInputObjectType(type)) return used.has(typeName);
  // An argument's change reaches every operation that selects its field: a new required argument
  // breaks those that do not pass it, a removed or retyped one those that do.
  return used.has(`${typeName}.${member}`);
}
