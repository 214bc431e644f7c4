/**
 * Person representations for a department subgraph's `_entities`, as the gateway would send them.
 * Departments answer a person's records to the person themselves, to staff with their scope, and to a
 * reader holding the access grant public security signs when that reader may read the person (a
 * household member, a parent of a minor; see lib/auth/grants.ts). The service-center calls the
 * subgraphs directly, so it asks public security for those grants itself — for the citizen it acts
 * for — and leaves out the persons that citizen may not read.
 */
import type { CallContext, Departments } from './departments.ts';
import { AccessGrantsDocument } from './generated/public-security.generated.ts';

/** What {@link readablePersons} sends: a step that calls it declares these among its own. */
export const READABLE_PERSONS_SENDS = [AccessGrantsDocument] as const;

/** A person as a representation: the key, and the grant when the reader is not the person. */
export type PersonRepresentation = {
  __typename: 'Person';
  citizenId: string;
  accessGrant?: string;
};

/**
 * An entry of an `_entities` answer as the operation's inline fragment selects it, or null: for a
 * null entry, and for an entity of a type the operation selects nothing of (which the generated types
 * give as an empty object). `field` is one the fragment selects.
 */
export function selectedEntity<TEntity extends object, TField extends string>(
  entity: TEntity | null | undefined,
  field: TField,
): Extract<TEntity, Record<TField, unknown>> | null {
  return entity && field in entity ? (entity as Extract<TEntity, Record<TField, unknown>>) : null;
}

/**
 * Representations of `citizenIds` that `actingFor` may read, in the order given: their own without a
 * grant, anyone else's with the grant public security signed, and no entry for a person public
 * security grants no access to. Asks public security once, and only when someone else is among them.
 */
export async function readablePersons(
  departments: Departments,
  context: CallContext,
  actingFor: string,
  citizenIds: readonly string[],
): Promise<PersonRepresentation[]> {
  const unique = [...new Set(citizenIds)];
  const others = unique.filter((citizenId) => citizenId !== actingFor);
  const grants = new Map<string, string>();
  if (others.length > 0) {
    const answer = await departments
      .of('public-security', context, actingFor)
      .execute(
        AccessGrantsDocument,
        { representations: others.map((citizenId) => ({ __typename: 'Person', citizenId })) },
        { allowRefusedParts: true },
      );
    for (const entity of answer._entities) {
      const person = selectedEntity(entity, 'citizenId');
      if (person?.accessGrant) grants.set(person.citizenId, person.accessGrant);
    }
  }
  return unique.flatMap((citizenId): PersonRepresentation[] => {
    if (citizenId === actingFor) return [{ __typename: 'Person', citizenId }];
    const accessGrant = grants.get(citizenId);
    return accessGrant ? [{ __typename: 'Person', citizenId, accessGrant }] : [];
  });
}
