/**
 * The per-request context of the public-security subgraph: its API client and DataLoaders, made anew
 * for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AccessGrants } from '../../lib/auth/grants.ts';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type {
  AddressChangeView,
  HouseholdAddressChangesView,
  HouseholdView,
  PersonView,
} from '../../schema/public-security/contract.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { PublicSecurityClient } from './client.ts';

/** What every public-security resolver receives. */
export interface PublicSecurityContext extends RequestInfo {
  client: PublicSecurityClient;
  /** People by citizen ID; null for an unknown ID. */
  persons: DataLoader<string, PersonView | null>;
  /** Households by number; null for an unknown number. */
  households: DataLoader<string, HouseholdView | null>;
  /** Address changes by id, with their deliveries; null for an unknown id. */
  addressChanges: DataLoader<string, AddressChangeView | null>;
  /** Each household's address changes, newest first; null for an unknown household. */
  householdAddressChanges: DataLoader<string, HouseholdAddressChangesView | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
  /** Today's date, `YYYY-MM-DD` in China time: whether a child is still a minor depends on it. */
  today: () => string;
  /** Signs the access grants of `Person.accessGrant`; without it every grant is null. */
  grants: AccessGrants | undefined;
}

/** Builds the context of one request. */
export function createPublicSecurityContext(
  { client: departmentClient, grants, today }: DepartmentServices,
  request: RequestInfo,
): PublicSecurityContext {
  const client = new PublicSecurityClient(departmentClient, request.forwardedHeaders);
  return {
    ...request,
    client,
    today,
    // A grant signed with this server's own secret is one no other department accepts: hand out none.
    grants: grants.canGrant ? grants : undefined,
    persons: createBatchLoader(
      (ids) => client.personsByIds(ids),
      (person) => person.citizenId,
    ),
    households: createBatchLoader(
      (ids) => client.householdsByIds(ids),
      (household) => household.id,
    ),
    addressChanges: createBatchLoader(
      (ids) => client.addressChangesByIds(ids),
      (change) => change.id,
    ),
    householdAddressChanges: createBatchLoader(
      (ids) => client.addressChangesByHouseholds(ids),
      (changes) => changes.householdId,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
  };
}
