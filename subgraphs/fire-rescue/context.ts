/**
 * The per-request context of the fire-rescue subgraph: its API client, DataLoaders and clock, made
 * anew for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type { EnterpriseFireRecords } from '../../schema/fire-rescue/contract.ts';
import { EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT, FireRescueClient } from './client.ts';

/** What every fire-rescue resolver receives. */
export interface FireRescueContext extends RequestInfo {
  client: FireRescueClient;
  /**
   * Whom this request's reader may see in full: themselves, everyone for staff with
   * `fire-rescue:read` and the service-center acting for them, and the applicant an act named.
   */
  entitled: EntitledPeople;
  /**
   * Each enterprise's premises and checks, by credit code; null for an enterprise fire rescue has no
   * premises of. Public record: every enterprise of a request in one call.
   */
  fireRecords: DataLoader<string, EnterpriseFireRecords | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
}

/** Builds the context of one request. */
export function createFireRescueContext(
  { client: departmentClient }: DepartmentServices,
  request: RequestInfo,
): FireRescueContext {
  const client = new FireRescueClient(departmentClient, request.forwardedHeaders);
  return {
    ...request,
    client,
    entitled: new EntitledPeople(request.identity, DEPARTMENT),
    fireRecords: createBatchLoader(
      (codes) => client.fireRecordsOf(codes),
      (records) => records.creditCode,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
  };
}
