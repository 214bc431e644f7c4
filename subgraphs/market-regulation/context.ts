/**
 * The per-request context of the market-regulation subgraph: its API client, DataLoaders and clock,
 * made anew for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type {
  EnterpriseAuthorisations,
  EnterpriseRegistrationChanges,
  EnterpriseView,
  RepresentedEnterprises,
} from '../../schema/market-regulation/contract.ts';
import { EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import { createReadablePeopleLoader, type PersonReference } from '../kit/readablePeople.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT, MarketRegulationClient } from './client.ts';

/** What every market-regulation resolver receives. */
export interface MarketRegulationContext extends RequestInfo {
  client: MarketRegulationClient;
  /**
   * Whom this request's reader may see in full: themselves, people whose grant verified in this
   * request, everyone for staff with `market-regulation:read` and the service-center. A legal
   * representative or an agent an enterprise names is answered through it.
   */
  entitled: EntitledPeople;
  /** Enterprises by credit code, public registration data; null for a code the register lacks. */
  enterprises: DataLoader<string, EnterpriseView | null>;
  /**
   * Each enterprise's authorisations, newest first; null for one without any. Unchecked: the
   * resolvers decide who may see them (`enterpriseAccess.ts`).
   */
  authorisations: DataLoader<string, EnterpriseAuthorisations | null>;
  /**
   * Each enterprise's registration changes, newest first, with each department's progress; null for a
   * code the register lacks. Unchecked: the resolvers decide who may see them (`enterpriseAccess.ts`).
   */
  registrationChanges: DataLoader<string, EnterpriseRegistrationChanges | null>;
  /**
   * The enterprises a person represents, when the caller may read the person; null for a person who
   * represents none. A person the caller may not read rejects with `FORBIDDEN` (`UNAUTHENTICATED`
   * without a token).
   */
  represented: DataLoader<PersonReference, RepresentedEnterprises | null, string>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
  /** Today's date, `YYYY-MM-DD`: whether a licence is due for renewal, an authorisation valid. */
  today: () => string;
}

/** Builds the context of one request. */
export function createMarketRegulationContext(
  { client: departmentClient, grants, today }: DepartmentServices,
  request: RequestInfo,
): MarketRegulationContext {
  const client = new MarketRegulationClient(departmentClient, request.forwardedHeaders);
  const entitled = new EntitledPeople(request.identity, DEPARTMENT);
  return {
    ...request,
    client,
    entitled,
    enterprises: createBatchLoader(
      (codes) => client.enterprisesOf(codes),
      (enterprise) => enterprise.creditCode,
    ),
    authorisations: createBatchLoader(
      (codes) => client.authorisationsOf(codes),
      (entry) => entry.creditCode,
    ),
    registrationChanges: createBatchLoader(
      (codes) => client.registrationChangesOf(codes),
      (entry) => entry.creditCode,
    ),
    represented: createReadablePeopleLoader(
      DEPARTMENT,
      grants,
      request.identity,
      (citizenIds) => client.representedBy(citizenIds),
      (entry) => entry.citizenId,
      entitled,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
    today,
  };
}
