/**
 * The per-request context of the urban-management subgraph: its API client, DataLoaders and clock,
 * made anew for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type { EnterpriseRecords } from '../../schema/urban-management/contract.ts';
import { EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT, UrbanManagementClient } from './client.ts';

/** What every urban-management resolver receives. */
export interface UrbanManagementContext extends RequestInfo {
  client: UrbanManagementClient;
  /**
   * Whom this request's reader may see in full: themselves, everyone for staff with
   * `urban-management:read` and the service-center. The applicant a record names is answered through it.
   */
  entitled: EntitledPeople;
  /** Each enterprise's signboards and permits, by credit code; null for one without any. Public records. */
  records: DataLoader<string, EnterpriseRecords | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
  /** Today's date, `YYYY-MM-DD`: whether a permit is due for renewal. */
  today: () => string;
}

/** Builds the context of one request. */
export function createUrbanManagementContext(
  { client: departmentClient, today }: DepartmentServices,
  request: RequestInfo,
): UrbanManagementContext {
  const client = new UrbanManagementClient(departmentClient, request.forwardedHeaders);
  return {
    ...request,
    client,
    entitled: new EntitledPeople(request.identity, DEPARTMENT),
    records: createBatchLoader(
      (codes) => client.recordsOf(codes),
      (records) => records.creditCode,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
    today,
  };
}
