/**
 * The medical-insurance subgraph's client of its department API. Every answer is checked against the
 * API contract in `mocks/medical-insurance/api.ts`.
 */

import { batchAnswer } from '../../mocks/kit/server.ts';
import {
  type EnrolmentView,
  enrolmentView,
  type NewbornEnrolmentRequest,
} from '../../mocks/medical-insurance/api.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

const enrolmentsAnswer = batchAnswer(enrolmentView);

/** The medical-insurance department API, as seen by one request (its headers are forwarded). */
export class MedicalInsuranceApi {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The enrolments of these citizens, in one call; citizens without one are absent. */
  async enrolmentsOf(citizenIds: readonly string[]): Promise<EnrolmentView[]> {
    const answer = await this.client.post('/v1/enrolments/batch-get', { ids: citizenIds }, enrolmentsAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** Enrols a newborn; repeating it with the same key returns the first enrolment. */
  async enrolNewborn(request: NewbornEnrolmentRequest, idempotencyKey: string): Promise<EnrolmentView> {
    return this.client.post('/v1/newborn-enrolments', request, enrolmentView, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
