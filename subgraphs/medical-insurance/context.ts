/**
 * The per-request context of the medical-insurance subgraph: its API client, DataLoaders and clock,
 * made anew for every request so no record is ever cached across requests or users.
 */
import type DataLoader from 'dataloader';
import type { AuditEntryView } from '../../lib/contract/protocol.ts';
import type { EnrolmentView } from '../../schema/medical-insurance/contract.ts';
import { EntitledPeople } from '../kit/access.ts';
import { createDepartmentDataUsesLoader } from '../kit/dataUses.ts';
import type { DepartmentServices } from '../kit/departmentSubgraph.ts';
import { createReadablePeopleLoader, type PersonReference } from '../kit/readablePeople.ts';
import type { RequestInfo } from '../kit/requestContext.ts';
import { DEPARTMENT, MedicalInsuranceClient } from './client.ts';

/** What every medical-insurance resolver receives. */
export interface MedicalInsuranceContext extends RequestInfo {
  client: MedicalInsuranceClient;
  /**
   * Whom this request's reader may see in full: themselves, people whose grant verified in this
   * request, everyone for staff with `medical-insurance:read` and the service-center. The insured
   * person an enrolment names is answered through it.
   */
  entitled: EntitledPeople;
  /**
   * A person's enrolment, when the caller may read the person; null for a person without one. A
   * person the caller may not read rejects with `FORBIDDEN` (or `UNAUTHENTICATED` without a token).
   */
  enrolments: DataLoader<PersonReference, EnrolmentView | null, string>;
  /** Each person's entries in the department's audit log, newest first. Unchecked: see `kit/dataUses.ts`. */
  dataUses: DataLoader<string, AuditEntryView[]>;
  /** Today's date, `YYYY-MM-DD`: which year's contribution is "this year's". */
  today: () => string;
}

/** Builds the context of one request. */
export function createMedicalInsuranceContext(
  { client: departmentClient, grants, today }: DepartmentServices,
  request: RequestInfo,
): MedicalInsuranceContext {
  const client = new MedicalInsuranceClient(departmentClient, request.forwardedHeaders);
  const entitled = new EntitledPeople(request.identity, DEPARTMENT);
  return {
    ...request,
    client,
    entitled,
    enrolments: createReadablePeopleLoader(
      DEPARTMENT,
      grants,
      request.identity,
      (citizenIds) => client.enrolmentsOf(citizenIds),
      (enrolment) => enrolment.citizenId,
      entitled,
    ),
    dataUses: createDepartmentDataUsesLoader(departmentClient, request.forwardedHeaders),
    today,
  };
}
