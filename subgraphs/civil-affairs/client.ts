/**
 * The civil-affairs subgraph's client of its department system. Every answer is checked against the
 * contract in `schema/civil-affairs/contract.ts`.
 */
import {
  type AssistanceCaseView,
  type CaseMemberRequest,
  civilAffairsContract,
  type HouseholdView,
  type MarriageView,
  type PersonView,
} from '../../schema/civil-affairs/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = civilAffairsContract.department;

const { endpoints } = civilAffairsContract;

/** The civil-affairs department system, as seen by one request (its headers are forwarded). */
export class CivilAffairsClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** Marriages and active assistance case of these citizens, in one call; citizens without records are absent. */
  async peopleByIds(ids: readonly string[]): Promise<PersonView[]> {
    const answer = await this.client.call(
      endpoints.peopleBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The active assistance case of these households, in one call; households without one are absent. */
  async householdsByIds(ids: readonly string[]): Promise<HouseholdView[]> {
    const answer = await this.client.call(
      endpoints.householdsBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The marriage registrations with these certificate numbers, in one call; unknown numbers are absent. */
  async marriagesByIds(ids: readonly string[]): Promise<MarriageView[]> {
    const answer = await this.client.call(
      endpoints.marriagesBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The assistance cases with these numbers, in one call; unknown numbers are absent. */
  async casesByIds(ids: readonly string[]): Promise<AssistanceCaseView[]> {
    const answer = await this.client.call(
      endpoints.assistanceCasesBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /**
   * Adds a citizen to an active assistance case (e.g. a newborn) and returns the case; repeating it
   * with the same key returns the first answer, and adding an existing member changes nothing.
   */
  async addCaseMember(
    caseId: string,
    request: CaseMemberRequest,
    idempotencyKey: string,
  ): Promise<AssistanceCaseView> {
    return this.client.call(endpoints.addAssistanceCaseMember, request, {
      headers: this.headers,
      idempotencyKey,
      params: { caseId },
    });
  }
}
