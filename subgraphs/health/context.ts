/**
 * The per-request context of the health subgraph: its API client, DataLoaders and clock, made anew
 * for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type { BirthRecordView, PersonHealthView } from '../../schema/health/contract.ts';
import { EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createBatchLoader } from '../kit/loaders.ts';
import { createReadablePeopleLoader, type PersonReference } from '../kit/readablePeople.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT, HealthClient } from './client.ts';

export type { PersonReference };

/** What every health resolver receives. */
export interface HealthContext extends RequestInfo {
  client: HealthClient;
  /**
   * Whom this request's reader may see in full: themselves, people whose grant verified in this
   * request, everyone for staff with `health:read` and the service center. The parents and the child
   * a birth record or certificate names are answered through it (see `access.ts`).
   */
  entitled: EntitledPeople;
  /**
   * What the department knows about a person the caller may read, by reference; null for a person
   * the department does not know. A person the caller may not read rejects with `FORBIDDEN` (or
   * `UNAUTHENTICATED` without a token), and the department is not asked about them.
   */
  people: DataLoader<PersonReference, PersonHealthView | null, string>;
  /** Birth records by number; null for an unknown number. Unchecked: see `access.ts`. */
  birthRecords: DataLoader<string, BirthRecordView | null>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
  /** Today's date, `YYYY-MM-DD`, for the immunisation schedule. */
  today: () => string;
}

/** Builds the context of one request. */
export function createHealthContext(
  { client: departmentClient, grants, today }: DepartmentServices,
  request: RequestInfo,
): HealthContext {
  const client = new HealthClient(departmentClient, request.forwardedHeaders);
  const entitled = new EntitledPeople(request.identity, DEPARTMENT);
  return {
    ...request,
    client,
    entitled,
    people: createReadablePeopleLoader(
      DEPARTMENT,
      grants,
      request.identity,
      (citizenIds) => client.peopleByIds(citizenIds),
      (record) => record.citizenId,
      entitled,
    ),
    birthRecords: createBatchLoader(
      (ids) => client.birthRecordsByIds(ids),
      (report) => report.id,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
    today,
  };
}
