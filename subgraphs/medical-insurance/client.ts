/**
 * The medical-insurance subgraph's client of its department system. Every answer is checked against the
 * contract in `schema/medical-insurance/contract.ts`.
 */

import {
  type EnrolmentView,
  medicalInsuranceContract,
  type NewbornEnrolmentRequest,
} from '../../schema/medical-insurance/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = medicalInsuranceContract.department;

const { endpoints } = medicalInsuranceContract;

/** The medical-insurance department system, as seen by one request (its headers are forwarded). */
export class MedicalInsuranceClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The enrolments of these citizens, in one call; citizens without one are absent. */
  async enrolmentsOf(citizenIds: readonly string[]): Promise<EnrolmentView[]> {
    const answer = await this.client.call(
      endpoints.enrolmentsBatchGet,
      { ids: citizenIds },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** Enrols a newborn; repeating it with the same key returns the first enrolment. */
  async enrolNewborn(request: NewbornEnrolmentRequest, idempotencyKey: string): Promise<EnrolmentView> {
    return this.client.call(endpoints.enrolNewborn, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
