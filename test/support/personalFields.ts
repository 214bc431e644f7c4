/**
 * The personal `Person` fields each department of rover.yaml adds to the graph, read from its own SDL:
 * every field it marks `@requires(fields: "accessGrant")`, as the department guide says a personal
 * field must be. Tests that ask for "a person's fields from every department" build their selection
 * from it, so a department that joins is in them without editing the test.
 */
import { readFileSync } from 'node:fs';
import { type FieldDefinitionNode, Kind, parse, type TypeNode } from 'graphql';
import { readSupergraphConfig } from '../../system/topology.ts';

/** The type a field's type wraps (`[Enrolment!]` → `Enrolment`). */
function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/** True when the field is marked `@requires(fields: "accessGrant")`: personal data behind a grant. */
function isPersonal(field: FieldDefinitionNode): boolean {
  return (field.directives ?? []).some(
    (directive) =>
      directive.name.value === 'requires' &&
      directive.arguments?.some(
        (argument) =>
          argument.name.value === 'fields' &&
          argument.value.kind === Kind.STRING &&
          argument.value.value === 'accessGrant',
      ),
  );
}

/**
 * Each department's personal `Person` fields as a selection (`maritalStatus`,
 * `birthCertificate { __typename }`), by rover.yaml name. Fields that take arguments are left out; a
 * department that adds no personal field to `Person` is absent.
 */
export function personalFieldsByDepartment(): Map<string, string[]> {
  const selections = new Map<string, string[]>();
  for (const { name, schemaFile } of readSupergraphConfig().subgraphs) {
    const document = parse(readFileSync(schemaFile, 'utf8'));
    const composite = new Set(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
        definition.kind === Kind.UNION_TYPE_DEFINITION
          ? [definition.name.value]
          : [],
      ),
    );
    const fields = document.definitions
      .flatMap((definition) =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Person'
          ? (definition.fields ?? [])
          : [],
      )
      .filter((field) => isPersonal(field) && (field.arguments ?? []).length === 0)
      .map((field) =>
        composite.has(namedTypeOf(field.type)) ? `${field.name.value} { __typename }` : field.name.value,
      );
    if (fields.length > 0) selections.set(name, fields);
  }
  return selections;
}
