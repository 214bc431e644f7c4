/**
 * The fire-rescue subgraph's client of its department system. Every answer is checked against the
 * contract in `schema/fire-rescue/contract.ts`.
 */
import {
  type EnterpriseFireRecords,
  type FireSafetyCheckRequest,
  type FireSafetyCheckView,
  fireRescueContract,
  type InspectionRequirementView,
  type InspectionResultRequest,
} from '../../schema/fire-rescue/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = fireRescueContract.department;

const { endpoints } = fireRescueContract;

/** The fire-rescue department system, as seen by one request (its headers are forwarded). */
export class FireRescueClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The premises and checks of these enterprises, in one call; enterprises without premises are absent. */
  async fireRecordsOf(creditCodes: readonly string[]): Promise<EnterpriseFireRecords[]> {
    const answer = await this.client.call(
      endpoints.fireRecordsBatchGet,
      { ids: creditCodes },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** The check premises of this floor area need before opening. */
  inspectionRequirement(floorArea: number): Promise<InspectionRequirementView> {
    return this.client.call(endpoints.inspectionRequirement, { floorArea }, { headers: this.headers });
  }

  /** Files the operator's commitment; repeating it with the same key returns the first check. */
  fileCommitment(request: FireSafetyCheckRequest, idempotencyKey: string): Promise<FireSafetyCheckView> {
    return this.client.call(endpoints.fileFireSafetyCommitment, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Books an on-site inspection; repeating it with the same key returns the first booking. */
  bookInspection(request: FireSafetyCheckRequest, idempotencyKey: string): Promise<FireSafetyCheckView> {
    return this.client.call(endpoints.bookFireInspection, request, { headers: this.headers, idempotencyKey });
  }

  /** Records a booked inspection's result; repeating it with the same key returns the first record. */
  recordResult(
    checkId: string,
    request: InspectionResultRequest,
    idempotencyKey: string,
  ): Promise<FireSafetyCheckView> {
    return this.client.call(endpoints.recordInspectionResult, request, {
      headers: this.headers,
      idempotencyKey,
      params: { checkId },
    });
  }
}
