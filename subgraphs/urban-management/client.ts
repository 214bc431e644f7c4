/**
 * The urban-management subgraph's client of its department system. Every answer is checked against
 * the contract in `schema/urban-management/contract.ts`.
 */
import {
  type DrainagePermitRequest,
  type DrainagePermitView,
  type EnterpriseRecords,
  type SignboardAssessment,
  type SignboardRequest,
  type SignboardSize,
  type SignboardView,
  urbanManagementContract,
} from '../../schema/urban-management/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = urbanManagementContract.department;

const { endpoints } = urbanManagementContract;

/** The urban-management department system, as seen by one request (its headers are forwarded). */
export class UrbanManagementClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The signboards and permits of these enterprises, in one call; enterprises without any are absent. */
  async recordsOf(creditCodes: readonly string[]): Promise<EnterpriseRecords[]> {
    const answer = await this.client.call(
      endpoints.enterpriseRecordsBatchGet,
      { ids: creditCodes },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** Whether a signboard of this size may be set up, every rule it breaks named. */
  assessSignboard(size: SignboardSize): Promise<SignboardAssessment> {
    return this.client.call(endpoints.assessSignboard, size, { headers: this.headers });
  }

  /** Registers a signboard; repeating it with the same key returns the first registration. */
  registerSignboard(request: SignboardRequest, idempotencyKey: string): Promise<SignboardView> {
    return this.client.call(endpoints.registerSignboard, request, { headers: this.headers, idempotencyKey });
  }

  /** Issues a drainage permit; repeating it with the same key returns the first permit. */
  issueDrainagePermit(request: DrainagePermitRequest, idempotencyKey: string): Promise<DrainagePermitView> {
    return this.client.call(endpoints.issueDrainagePermit, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
