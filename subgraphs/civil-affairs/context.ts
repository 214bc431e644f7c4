/**
 * The per-request context of the civil-affairs subgraph: its API client and DataLoaders, made anew
 * for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type {
  AssistanceCaseView,
  HouseholdView,
  MarriageView,
  PersonView,
} from '../../schema/civil-affairs/contract.ts';
import { createPersonAccess, EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import type { PersonReference } from './access.ts';
import { CivilAffairsClient, DEPARTMENT } from './client.ts';

/** What every civil-affairs resolver receives. */
export interface CivilAffairsContext extends RequestInfo {
  client: CivilAffairsClient;
  /**
   * Whom this request's reader may see in full: themselves, people whose grant verified in this
   * request, everyone for civil-affairs staff with `civil-affairs:read` and the service-center. Every
   * related person a record names (a spouse, a case's members) is answered through it.
   */
  entitled: EntitledPeople;
  /**
   * Whether the caller may read a person's records (`true`), else the refusal; see `access.ts`. A
   * grant that verifies adds its person to {@link entitled}.
   */
  personAccess: DataLoader<PersonReference, true, string>;
  /** What civil affairs holds about a citizen; null when it holds nothing. */
  people: DataLoader<string, PersonView | null>;
  /** A household's active assistance case; null when it has none. */
  households: DataLoader<string, HouseholdView | null>;
  /** Marriage registrations by certificate number; null for an unknown number. */
  marriages: DataLoader<string, MarriageView | null>;
  /** Assistance cases by case number; null for an unknown number. */
  assistanceCases: DataLoader<string, AssistanceCaseView | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
}

/** Builds the context of one request. */
export function createCivilAffairsContext(
  { client: departmentClient, grants }: DepartmentServices,
  request: RequestInfo,
): CivilAffairsContext {
  const client = new CivilAffairsClient(departmentClient, request.forwardedHeaders);
  const entitled = new EntitledPeople(request.identity, DEPARTMENT);
  return {
    ...request,
    client,
    entitled,
    personAccess: createPersonAccess(DEPARTMENT, grants, request.identity, entitled),
    people: createBatchLoader(
      (ids) => client.peopleByIds(ids),
      (person) => person.citizenId,
    ),
    households: createBatchLoader(
      (ids) => client.householdsByIds(ids),
      (household) => household.householdId,
    ),
    marriages: createBatchLoader(
      (ids) => client.marriagesByIds(ids),
      (marriage) => marriage.id,
    ),
    assistanceCases: createBatchLoader(
      (ids) => client.casesByIds(ids),
      (assistanceCase) => assistanceCase.id,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
  };
}
